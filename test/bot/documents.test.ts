/**
 * Documents forwarded by an admin: downloaded through the Bot API (getFile and the file address of
 * the local server), stored in the corpus, indexed by the incremental build, answered from at once;
 * and every bad input (a path in the name, too large, content against extension, unreadable, the
 * same file twice at once, a non-admin) gets one line and writes nothing outside the corpus folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/answer/engine.js';
import { ConfigError, loadBotConfig } from '../../src/config.js';
import { EngineHolder } from '../../src/frontends/bot/engineHolder.js';
import { badFileName } from '../../src/frontends/bot/documents.js';
import { buildIndex } from '../../src/index/build.js';
import { ROOT, tempWorkspace } from '../helpers.js';
import { documentUpdate, textUpdate } from './fakeBotApi.js';
import { Harness } from './harness.js';

const ADMIN = 777;
const OTHER_ADMIN = 778;
const REGISTER = readFileSync(join(ROOT, 'test/fixtures/registers/synthetic_genai_register.csv'));

let h: Harness;
let ws: ReturnType<typeof tempWorkspace>;
let builds = 0;

beforeAll(async () => {
  ws = tempWorkspace(['003_7b9ac7543aed0d98.txt']);
  await buildIndex(ws.config);
});

beforeEach(async () => {
  h = new Harness();
  await h.startApi();
  const holder = new EngineHolder(await openEngine(ws.config, { autoBuild: false }), {
    manifest: join(ws.index, 'manifest.json'),
    open: () => openEngine(ws.config, { autoBuild: false }),
  });
  await h
    .bot(holder, {
      config: { BOT_ADMIN_IDS: new Set([ADMIN, OTHER_ADMIN]), MAX_FILE_MB: 1 },
      options: { documents: { corpusDir: ws.corpus, build: () => (builds++, buildIndex(ws.config)) } },
    })
    .startPolling();
});
afterEach(() => h.finish());

const text = (c: { body: Record<string, any> }) => String(c.body.text);
const corpusFiles = () => readdirSync(ws.corpus).sort();

describe('documents from admins', () => {
  it('stores a CAC list, rebuilds, replies with the summary and answers from it at once in every chat; the same file again changes nothing; a new version replaces it', async () => {
    h.api.addFile('reg1', REGISTER);
    h.api.push(documentUpdate(ADMIN, ADMIN, { id: 'reg1', name: 'cac-list.csv', size: REGISTER.length }));
    await h.waitMessages(ADMIN, 1);
    const reply = text(h.messagesTo(ADMIN)[0]!);
    expect(reply).toMatch(/^已保存 cac-list\.csv并更新了索引/);
    expect(reply).toMatch(/<blockquote expandable>index built: 2 files \(1 unchanged, 0 updated, 1 added, 0 removed\)/);
    expect(reply).toContain('cac-list.csv (CSV register)');
    expect(corpusFiles()).toEqual(['003_7b9ac7543aed0d98.txt', 'cac-list.csv']);
    h.api.push(textUpdate(90, '测试模型甲的备案号是多少？'));
    await h.waitMessages(90, 1);
    expect(text(h.messagesTo(90)[0]!)).toContain('Beijing-CeShiJia-202403150001');

    const before = builds;
    h.api.addFile('reg2', REGISTER);
    h.api.push(documentUpdate(ADMIN, ADMIN, { id: 'reg2', name: 'cac-list.csv' }));
    await h.waitMessages(ADMIN, 2);
    expect(text(h.messagesTo(ADMIN)[1]!)).toBe('语料中已有同一份 cac-list.csv，没有变化。');
    expect(builds).toBe(before);

    const newer = Buffer.from(REGISTER.toString('utf8').replace('测试模型甲', '测试模型戊'));
    h.api.addFile('reg3', newer);
    h.api.push(documentUpdate(ADMIN, ADMIN, { id: 'reg3', name: 'cac-list.csv' }));
    await h.waitMessages(ADMIN, 3);
    expect(text(h.messagesTo(ADMIN)[2]!)).toMatch(/^已保存 cac-list\.csv（替换了旧版本）/);
    expect(readFileSync(join(ws.corpus, 'cac-list.csv')).equals(newer)).toBe(true);
  });

  it('the same file sent by two admins at once is stored and indexed once', async () => {
    const other = Buffer.from(REGISTER.toString('utf8').replace('测试模型乙', '测试模型己'));
    h.api.addFile('a', other);
    h.api.addFile('b', other);
    const before = builds;
    h.api.push(documentUpdate(ADMIN, ADMIN, { id: 'a', name: 'twice.csv' }));
    h.api.push(documentUpdate(OTHER_ADMIN, OTHER_ADMIN, { id: 'b', name: 'twice.csv' }));
    await h.api.waitFor(() => h.messagesTo(ADMIN).length >= 1 && h.messagesTo(OTHER_ADMIN).length >= 1);
    const replies = [...h.messagesTo(ADMIN), ...h.messagesTo(OTHER_ADMIN)].map(text);
    expect(replies.filter((r) => r.startsWith('已保存 twice.csv'))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('没有变化'))).toHaveLength(1);
    expect(builds).toBe(before + 1);
  });

  it('bad files get one line each and nothing is written (outside the corpus or in it)', async () => {
    const before = corpusFiles();
    const outside = dirname(ws.corpus);
    const sends: [string, string, Buffer, number?][] = [
      ['p', '../../x.csv', REGISTER],
      ['q', 'x.exe', REGISTER],
      ['r', 'huge.csv', REGISTER, 2 * 1024 ** 3], // a 2 GB file as Telegram describes it
      ['s', 'liar.csv', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n')], // a PDF named .csv
      ['t', 'big.csv', Buffer.alloc(1_200_000, 'a'), 1000], // getFile says small; the bytes are over the 1 MB cap
    ];
    for (const [id, name, bytes, size] of sends) {
      h.api.addFile(id, bytes, size);
      h.api.push(documentUpdate(ADMIN, ADMIN, { id, name, ...(size ? { size } : {}) }));
    }
    await h.waitMessages(ADMIN, sends.length);
    expect(h.messagesTo(ADMIN).map(text)).toEqual([
      '文件名不能含路径或控制字符，也不能以点开头：../../x.csv',
      '不读这种文件（x.exe）：可以发送 .xlsx .csv .tsv .docx .pdf .txt .md .html。',
      '文件太大（2048.0 MB，上限 1.0 MB，MAX_FILE_MB），没有保存。',
      '文件内容与扩展名不符（looks like a PDF, not text (wrong extension?)），没有保存。',
      '文件太大（&gt; 1.0 MB，上限 1.0 MB，MAX_FILE_MB），没有保存。',
    ]);
    expect(corpusFiles()).toEqual(before);
    expect(readdirSync(outside).sort()).toEqual(['corpus', 'index']);
    expect(existsSync(join(outside, '..', 'x.csv'))).toBe(false);
    expect(h.api.sent('getFile').map((c) => c.body.file_id)).toEqual(['s', 't']);
  });

  it('a zip bomb as .xlsx (parts that unpack to 300 MB) is refused by the build, removed again and named with the reason', async () => {
    // A small package whose directory declares 300 MB: the build's guard reads only the directory.
    const bomb = Buffer.from(zipSync({ 'xl/workbook.xml': new Uint8Array(1000), '[Content_Types].xml': new Uint8Array(10) }));
    for (
      let at = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      at >= 0;
      at = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
    )
      bomb.writeUInt32LE(150 * 1048576, at + 24);
    h.api.addFile('x', bomb);
    h.api.push(documentUpdate(ADMIN, ADMIN, { id: 'x', name: 'bomb.xlsx' }));
    await h.waitMessages(ADMIN, 1);
    expect(text(h.messagesTo(ADMIN)[0]!)).toMatch(
      /^bomb\.xlsx 无法读取（unpacks to 300 MB in 2 parts, over the 200 MB cap \(a zip bomb\?\)），已从语料中移除。$/,
    );
    expect(corpusFiles()).not.toContain('bomb.xlsx');
    expect(readdirSync(ws.corpus).filter((n) => n.startsWith('.'))).toEqual([]);
    // The bot keeps answering.
    h.api.push(textUpdate(92, '文心一言的参数量是多少？'));
    await h.waitMessages(92, 1);
    expect(text(h.messagesTo(92)[0]!)).toContain('2600');
  });

  it('anyone else: attachments are not read, a caption is answered with that said first', async () => {
    h.api.addFile('n', REGISTER);
    h.api.push(documentUpdate(91, 91, { id: 'n', name: 'mine.csv' }));
    h.api.push(documentUpdate(91, 91, { id: 'n', name: 'mine.csv' }, { caption: '这份文件里有哪些模型？' }));
    await h.waitMessages(91, 2);
    const [bare, captioned] = h.messagesTo(91).map(text);
    expect(bare).toMatch(/不读附件/);
    expect(captioned).toMatch(/^<i>（附件没有读取：我只按说明文字回答。）<\/i>\n/);
    expect(h.api.sent('getFile')).toHaveLength(0);
    expect(corpusFiles()).not.toContain('mine.csv');
  });
});

describe('admin configuration', () => {
  it('an admin id list that is not numbers is one clear line', () => {
    const env = { TELEGRAM_BOT_TOKEN: '123456789:TEST-token_for-the-fake-api-000000', BOT_ADMIN_IDS: '12, @alice' } as NodeJS.ProcessEnv;
    expect(() => loadBotConfig(ws.dir, env)).toThrow(ConfigError);
    expect(() => loadBotConfig(ws.dir, env)).toThrow(
      /^configuration: BOT_ADMIN_IDS must be a comma-separated list of numeric Telegram user ids$/,
    );
    expect(loadBotConfig(ws.dir, { ...env, BOT_ADMIN_IDS: '12, 34' }).BOT_ADMIN_IDS).toEqual(new Set([12, 34]));
    // BOT_SESSION_DIR from .env or the default is taken from the project folder, like the other paths.
    expect(loadBotConfig(ws.dir, { TELEGRAM_BOT_TOKEN: env.TELEGRAM_BOT_TOKEN }).BOT_SESSION_DIR).toBe(join(ws.dir, 'bot-sessions'));
    expect(badFileName('a/b.csv')).toBe('path');
    expect(badFileName('.hidden.csv')).toBe('hidden');
    expect(badFileName('x.csv.meta.json')).toBe('metadata sidecar');
    expect(badFileName('名单.xlsx')).toBeUndefined();
  });
});
