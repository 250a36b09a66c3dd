import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBuiltEngine as openEngine } from '../src/frontends/startup.js';
import { speaksOfASibling, speaksOfTheOther } from '../src/answer/passage.js';
import { readCues } from '../src/understand/cues.js';
import { Answer, type AnswerEngine } from '../src/answer/types.js';
import { tempWorkspace, TABLE_FILE } from './helpers.js';

let engine: AnswerEngine;
let ws: ReturnType<typeof tempWorkspace>;

beforeAll(async () => {
  ws = tempWorkspace();
  // The same article under a second name: citable in both files, returned once.
  cpSync(join(ws.corpus, '002_56c9f30deb580117.txt'), join(ws.corpus, '005_copy_of_002.txt'));
  engine = await openEngine(ws.config, { autoBuild: true });
});

const ask = async (q: string) => {
  const a = await engine.ask(q);
  expect(Answer.safeParse(a).success).toBe(true);
  return a;
};

/** A citation's quote really is in the cited lines of the cited file (modulo whitespace, tabs and markup). */
function expectQuoteInFile(corpus: string, c: Answer['citations'][number]) {
  const lines = readFileSync(join(corpus, c.source), 'utf8').split(/\r?\n/);
  const span = lines
    .slice(c.lines[0] - 1, c.lines[1])
    .join('')
    .replace(/[\s*#\-|◆]/g, '');
  for (const piece of c.text.split(/\n/)) {
    const p = piece.replace(/[\s*#\-|◆]/g, '').replace(/…/g, '');
    expect(span.includes(p.slice(0, 12)), `${c.source}:${c.lines} should contain ${p.slice(0, 12)}`).toBe(true);
    expect(span.includes(p.slice(-8)), `${c.source}:${c.lines} should contain ${p.slice(-8)}`).toBe(true);
  }
}

describe('lookups from the filing records', () => {
  it('lists a batch and cites the table rows', async () => {
    const a = await ask('第四批有哪些大模型？');
    expect(a).toMatchObject({ found: true, kind: 'lookup' });
    for (const m of ['零一万物', '式说', '慕小仙', '阅爱聊']) expect(a.answer).toContain(m);
    expect(a.citations[0]).toMatchObject({ source: TABLE_FILE, lines: [92, 105] });
    for (const c of a.citations) expectQuoteInFile(ws.corpus, c);
  });

  it('answers a model attribute with the number as written', async () => {
    const a = await ask('文心一言的参数量是多少？');
    expect(a.kind).toBe('lookup');
    expect(a.answer).toContain('2600 亿');
    expect(a.answer.indexOf('2600')).toBeLessThan(20);
    expect(a.citations[0]).toMatchObject({ source: TABLE_FILE, lines: [62, 62] });
  });

  it('finds a company’s batch, and English questions naming Chinese models', async () => {
    expect((await ask('百度在第几批？')).answer).toMatch(/^百度的文心一言在第一批/);
    expect((await ask('Which company owns the 云雀 model?')).answer).toContain('抖音');
    expect((await ask('Which batch was Baidu approved in?')).answer).toContain('第一批');
  });

  it('does not read a company name as a batch ("第四范式")', async () => {
    const a = await ask('第四范式备案的大模型叫什么？');
    expect(a.answer).toContain('式说大模型');
    expect(a.answer).not.toContain('零一万物');
  });

  it('answers counts with the prose fact and the table count, each cited', async () => {
    const a = await ask('第二批一共有多少家企业通过备案？');
    expect(a.answer).toContain('10家企业');
    expect(a.answer).toContain('11 条记录');
    expect((await ask('2023年12月通过备案的大模型有哪些？')).answer).toMatch(/^第三批/);
    expect(a.citations.map((c) => c.lines[0])).toEqual(expect.arrayContaining([17, 70]));
  });

  it('ranks by parameter scale', async () => {
    expect((await ask('第一批中参数量最大的是哪个？')).answer).toContain('文心一言');
    expect((await ask('第四批参数量最小的大模型是哪个？')).answer).toContain('慕小仙');
    expect((await ask('哪些大模型是万亿级的？')).answer).toContain('百灵');
  });

  it('narrows a batch by a word of the question', async () => {
    const a = await ask('哪些公司在第四批备案的是新功能而不是大模型？');
    for (const c of ['智联招聘', '脉脉', '小米']) expect(a.answer).toContain(c);
    expect(a.answer).not.toContain('零一万物');
  });

  it('says when a model or company is not in the records', async () => {
    for (const q of ['特斯拉的大模型在第几批备案？', '第五批有哪些大模型？', '华为的盘古大模型在第几批？']) {
      const a = await ask(q);
      expect(a.found, q).toBe(false);
      expect(a.kind).toBe('none');
    }
  });
});

describe('answers from the texts', () => {
  it('picks the sentence that answers and quotes numbers exactly', async () => {
    const a = await ask('截至2024年底有多少款生成式人工智能服务完成备案？');
    expect(a).toMatchObject({ found: true, kind: 'passage' });
    expect(a.answer).toContain('302款');
    expect(a.answer.length).toBeLessThanOrEqual(300);
    expect(a.citations[0]!.source).toBe('001_3287f4c9aebca050.txt');
    for (const c of a.citations) expectQuoteInFile(ws.corpus, c);
  });

  it('does not answer one half of a pair with the other ("输出价格" by the 输入价格 sentence)', async () => {
    const out = await ask('Qwen-VL-Plus的输出价格每千tokens是多少？');
    expect(out.found).toBe(false);
    expect(out.answer).not.toContain('0.0015');
    const input = await ask('Qwen-VL-Plus的输入价格每千tokens是多少？');
    expect(input.answer).toContain('0.0015');
    const cues = (q: string) => readCues(q, [], []);
    expect(speaksOfTheOther(cues('参数量最大的是哪个').contrasts, '最小的版本7B')).toBe(true);
    expect(speaksOfTheOther(cues('参数量最大的是哪个').contrasts, '最小7B，最大70B')).toBe(false);
  });

  it('does not answer for a model with a figure of its sibling ("星辰视觉" by "星辰语音…准确率达95%")', async () => {
    const visual = await ask('星辰视觉大模型TeleSearch 2.0的识别准确率是多少？');
    expect(visual.found).toBe(false);
    expect(visual.answer).not.toContain('95%');
    expect((await ask('星辰语音大模型的识别准确率是多少？')).answer).toContain('95%');
    expect(speaksOfASibling(readCues('星辰大模型的参数量', [], []).families, '星辰语音大模型有千亿参数')).toBe(false);
  });

  it('trims a very long sentence to the clauses that answer', async () => {
    const a = await ask('中国电信构建了多少个专业领域大模型？');
    expect(a.answer).toContain('13个专业领域大模型');
    expect([...a.answer].length).toBeLessThanOrEqual(302);
  });

  it('routes to the texts when a named company is not what the question is about', async () => {
    const a = await ask('京东物流的大模型场景在多少个仓库中实现？');
    expect(a.kind).toBe('passage');
    expect(a.answer).toContain('500个');
  });

  it('returns a paragraph that appears in two files once, and both stay citable', async () => {
    const a = await ask('星辰语音大模型克隆人声需要多长的语音样本？');
    expect(a.answer).toContain('5秒');
    const copies = a.citations.filter((c) => c.text.includes('5秒语音样本'));
    expect(copies).toHaveLength(1);
    const line = copies[0]!.lines;
    expect(engine.context('002_56c9f30deb580117.txt', line)?.text).toContain('5秒语音样本');
    expect(engine.context('005_copy_of_002.txt', line)?.text).toContain('5秒语音样本');
  });

  it('answers English questions about the Chinese texts', async () => {
    const a = await ask('How many generative AI services had completed filing by the end of 2024?');
    expect(a).toMatchObject({ found: true, kind: 'passage' });
    expect(a.answer).toContain('302');
    expect((await ask('What is the price of bitcoin?')).found).toBe(false);
  });

  it('says it found nothing instead of quoting something loosely related', async () => {
    for (const q of ['今天天气怎么样？', '帮我写一首关于春天的诗', '比特币现在多少钱？', '苹果公司的大模型叫什么名字？']) {
      const a = await ask(q);
      expect(a, q).toMatchObject({ found: false, kind: 'none', citations: [] });
    }
  });
});

describe('commands and metadata', () => {
  it('looks up by batch, model and company', async () => {
    expect((await engine.lookup('batch', '3')).answer).toContain('言犀');
    expect((await engine.lookup('model', '云雀')).answer).toContain('抖音');
    expect((await engine.lookup('company', '百度')).answer).toContain('文心一言');
    expect((await engine.lookup('company', '不存在的公司')).found).toBe(false);
  });

  it('lists sources and stats', () => {
    expect(engine.sources().map((s) => s.source)).toContain(TABLE_FILE);
    expect(engine.stats()).toMatchObject({ files: 6, records: 42, embedder: { mode: 'hash' } });
  });
});

describe('a figure of another scope is refused, naming what the texts give', () => {
  it('does not answer a national share with a global one', async () => {
    const a = await ask('可灵在中国国内市场的用户占比有多少？');
    expect(a.found).toBe(false);
    expect(a.answer).toMatch(/没有国内的数字.*全球/);
    // The global share itself is answered.
    expect((await ask('可灵AI在全球的用户份额是多少？')).answer).toContain('30%');
  });

  it('does not answer a figure of another period ("上线两年后" by "上线一年来")', async () => {
    const a = await ask('可灵AI上线两年后用户规模是多少？');
    expect(a.found).toBe(false);
    expect(a.answer).not.toContain('2200万');
    expect((await ask('可灵AI上线一年来用户规模是多少？')).answer).toContain('2200万');
  });
});
