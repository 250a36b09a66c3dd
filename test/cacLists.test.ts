/**
 * The CAC's 13 generative-AI lists as shipped in corpus/registers/ (made by
 * scripts/import-cac-lists.ts from ../shared/registers/cac-genai-lists.json), read by the importer,
 * and the importer's bad-input cases (issue 18).
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import { formatSummary } from '../src/frontends/buildSummary.js';
import { buildIndex } from '../src/index/build.js';
import { listCorpus, readCorpus } from '../src/ingest/corpusFiles.js';
import { ingestFile } from '../src/ingest/ingestFile.js';
import { importCsvText, importRegister, importSheets } from '../src/ingest/registerFile.js';
import { SourceMeta } from '../src/ingest/sourceMeta.js';
import { crossFileProblems, MAX_CELL_CHARS } from '../src/records/registers.js';
import type { Track } from '../src/records/schema.js';
import { fileOf, listCsv } from '../scripts/import-cac-lists.js';
import { CORPUS, ROOT, tempWorkspace } from './helpers.js';

/** A workspace with an empty corpus folder. */
function emptyWorkspace() {
  const ws = tempWorkspace([]);
  mkdirSync(ws.corpus, { recursive: true });
  return ws;
}

const LISTS = join(ROOT, '../shared/registers/cac-genai-lists.json');
const REG = join(CORPUS, 'registers');

interface Batch {
  period: string;
  name: string;
  url: string;
  page: string;
  count: number;
  n_beian: number;
  n_dengji: number;
  header: string[];
  rows: Record<string, string>[];
}
const batches = (): Batch[] => (JSON.parse(readFileSync(LISTS, 'utf8')) as { batches: Batch[] }).batches;
const haveLists = existsSync(LISTS);
const isHeaderRow = (r: Record<string, string>) => r['序号'] === '序号';

describe.runIf(haveLists)('the CAC lists in corpus/registers', () => {
  it('are exactly what the import script writes from the shared JSON (rerunnable, nobody edits them by hand)', () => {
    for (const b of batches()) {
      expect(readFileSync(join(REG, fileOf(b.period)), 'utf8')).toBe(listCsv(b));
      const meta = SourceMeta.parse(JSON.parse(readFileSync(join(REG, `${fileOf(b.period)}.meta.json`), 'utf8')));
      expect(meta).toEqual({ title: b.name, publisher: '国家互联网信息办公室', period: b.period, url: b.page, downloadUrl: b.url });
    }
  });

  it('import with every 备案 and 登记 row on its track, list by list, the repeated header rows skipped and counted', async () => {
    let filings = 0;
    let registrations = 0;
    for (const b of batches()) {
      const name = `registers/${fileOf(b.period)}`;
      const meta = SourceMeta.parse(JSON.parse(readFileSync(join(REG, `${fileOf(b.period)}.meta.json`), 'utf8')));
      const r = await importRegister(name, readFileSync(join(REG, fileOf(b.period))), { title: meta.title!, period: meta.period! });
      const headerRows = b.rows.filter(isHeaderRow).length;
      // The third party's n_beian counts the 登记 section's header row among 备案: a filing it is not.
      const want: Partial<Record<Track, number>> = { 'genai-filing': b.n_beian - headerRows, 'genai-registration': b.n_dengji };
      for (const t of ['genai-filing', 'genai-registration'] as const) if (!want[t]) delete want[t];
      expect({ period: b.period, tracks: r.counts.tracks }).toEqual({ period: b.period, tracks: want });
      expect(r.counts).toMatchObject({ skipped: headerRows, repeatedHeaders: headerRows });
      // Row by row: the track each row is read on is the _kind the JSON gives it.
      const kinds = b.rows.filter((x) => !isHeaderRow(x)).map((x) => (x['_kind'] === '登记' ? 'genai-registration' : 'genai-filing'));
      expect(r.records.map((x) => x.track)).toEqual(kinds);
      expect(r.title).toBe(b.name);
      expect(new Set(r.records.map((x) => x.listPeriod))).toEqual(new Set([b.period]));
      filings += r.counts.tracks['genai-filing'] ?? 0;
      registrations += r.counts.tracks['genai-registration'] ?? 0;
    }
    expect([filings, registrations]).toEqual([1113, 729]);
  });

  it('keep the rough edges as published and flag them: swapped rows, 补登 dates, the cut-off number, odd prefixes', async () => {
    const all = batches();
    const read = async (period: string) =>
      importRegister(`registers/${fileOf(period)}`, readFileSync(join(REG, fileOf(period))), { period });
    // 2025-03: six rows with the company in the name column, read the other way round.
    const mar = await read('2025-03');
    const swapped = mar.records.filter((r) => r.flags?.includes('swapped'));
    const jsonSwapped = all.find((b) => b.period === '2025-03')!.rows.filter((r) => /公司$/.test(r['大模型名称']!));
    expect(swapped.map((r) => [r.model, r.company])).toEqual(jsonSwapped.map((r) => [r['备案单位'], r['大模型名称']]));
    expect(swapped).toHaveLength(6);
    expect(mar.problems.join('\n')).toMatch(/name and company swapped on row 39, 40, 41, 42, 43, 44/);
    // 补登: the date and the note kept, flagged late; as many as the JSON holds.
    let late = 0;
    for (const b of all) {
      const r = await read(b.period);
      const rows = r.records.filter((x) => x.flags?.includes('late'));
      expect(rows.length).toBe(b.rows.filter((x) => Object.values(x).some((v) => v.includes('（补登）'))).length);
      for (const x of rows) expect(x).toMatchObject({ note: '补登', filingDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      late += rows.length;
    }
    expect(late).toBeGreaterThan(50);
    const oct = await read('2025-10');
    const cut = oct.records.find((r) => r.flags?.includes('cut-number'))!;
    expect(cut).toMatchObject({ filingNo: 'Jiangsu-SiWeiXiangLiangZhiSuanYun-', province: '江苏', model: '四维向量智算云' });
    expect(oct.problems.join('\n')).toMatch(/Jiangsu-SiWeiXiangLiangZhiSuanYun- is cut off .*kept as published, flagged cut-number/);
    expect(oct.records.find((r) => r.filingDate === '2025-06-30' && r.note === '补登')).toBeDefined();
    // Typos and mixed case in prefixes: shown as published, the province read case-insensitively.
    const odd = all.flatMap((b) => b.rows).filter((r) => /^(BeiJing|ZheJiang)-/.test(Object.values(r)[4] ?? ''));
    expect(odd.length).toBeGreaterThan(0);
    const aug = await read('2024-11');
    const zj = aug.records.find((r) => r.filingNo?.startsWith('ZheJiang-'))!;
    expect(zj.filingNo).toMatch(/^ZheJiang-/);
    // The 2026-08 list's 适用场景 column.
    const last = await read('2026-08');
    expect(last.records.filter((r) => r.scenario)).toHaveLength(7);
  });
});

describe('corpus subfolders and sidecars', () => {
  it('reads subfolders, attaches a sidecar to its file (not a document), names an orphan sidecar and a bad one', () => {
    const ws = emptyWorkspace();
    mkdirSync(join(ws.corpus, 'registers/old'), { recursive: true });
    writeFileSync(
      join(ws.corpus, 'registers/a.csv'),
      '序号,属地,模型名称,备案单位,备案号,备案时间\n1,北京,测试模型甲,示例科技有限公司,Beijing-CeShiJia-20240101,2024/1/1\n',
    );
    writeFileSync(
      join(ws.corpus, 'registers/a.csv.meta.json'),
      JSON.stringify({ title: '测试清单（2024年1月）', period: '2024-01', publisher: '示例发布者' }),
    );
    writeFileSync(
      join(ws.corpus, 'registers/old/b.csv'),
      '序号,属地,模型名称,备案单位,备案号,备案时间\n1,上海,测试模型乙,示例二有限公司,Shanghai-CeShiYi-20240202,2024/2/2\n',
    );
    writeFileSync(join(ws.corpus, 'registers/old/b.csv.meta.json'), '{"title": 5}');
    writeFileSync(join(ws.corpus, 'registers/gone.csv.meta.json'), '{}');
    symlinkSync(join(ws.corpus, 'registers'), join(ws.corpus, 'registers/old/up'));
    const { files, problems } = readCorpus(ws.corpus);
    expect(files.map((f) => f.name)).toEqual(['registers/a.csv', 'registers/old/b.csv']);
    expect(files[0]!.source).toEqual({ title: '测试清单（2024年1月）', period: '2024-01', publisher: '示例发布者' });
    expect(files[1]!.sourceProblem).toMatch(/^registers\/old\/b\.csv\.meta\.json: title: .*registers\/old\/b\.csv is read without it$/);
    expect(Object.fromEntries(problems.map((p) => [p.name, p.problem]))).toEqual({
      'registers/gone.csv.meta.json': 'sidecar of registers/gone.csv, which is not a corpus file here; ignored',
      'registers/old/up': 'a folder already read (a link to a folder above it), skipped',
    });
  });

  it('stores the sidecar in the document and the period in each record; a changed sidecar re-reads its file', async () => {
    const ws = emptyWorkspace();
    mkdirSync(join(ws.corpus, 'registers'));
    const csv = join(ws.corpus, 'registers/a.csv');
    const side = `${csv}.meta.json`;
    writeFileSync(
      csv,
      '序号,属地,模型名称,备案单位,备案号,备案时间\n1,北京,测试模型甲,示例科技有限公司,Beijing-CeShiJia-20240101,2024/1/1\n',
    );
    writeFileSync(
      side,
      JSON.stringify({ title: '测试清单（2024年1月）', publisher: '示例发布者', url: 'https://example.org/list', period: '2024-01' }),
    );
    const first = await buildIndex(ws.config);
    expect(first.registers).toEqual([
      {
        source: 'registers/a.csv',
        title: '测试清单（2024年1月）',
        period: '2024-01',
        tracks: { 'genai-filing': 1 },
        skipped: 0,
        repeatedHeaders: 0,
        flagged: 0,
      },
    ]);
    expect(formatSummary(first)).toContain('测试清单（2024年1月） (registers/a.csv): 1 备案, 0 登记, 0 skipped, 0 flagged');
    expect((await buildIndex(ws.config)).noop).toBe(true);
    // Same size, same mtime as before for the CSV: only the sidecar changed.
    writeFileSync(
      side,
      JSON.stringify({ title: '测试清单（2024年2月）', publisher: '示例发布者', url: 'https://example.org/list', period: '2024-02' }),
    );
    utimesSync(side, new Date(), new Date(Date.now() + 5000));
    const second = await buildIndex(ws.config);
    expect(second).toMatchObject({ noop: false, updated: 1 });
    const engine = await openEngine(ws.config, { autoBuild: false });
    expect(engine.sources().find((s) => s.source === 'registers/a.csv')).toMatchObject({
      title: '测试清单（2024年2月）',
      publisher: '示例发布者',
      url: 'https://example.org/list',
    });
    // The period reaches the records (listPeriod) and the published lists the engine names.
    expect(engine.batches()).toEqual([{ kind: 'list', key: '2024-02', label: '测试清单（2024年2月）', records: 1 }]);
    expect(listCorpus(ws.corpus).files[0]!.sidecar).toBeDefined();
  });
});

const HEAD = '序号,属地,模型名称,备案单位,备案号,备案时间';
const row = (i: number, name = `测试模型${i}`) =>
  `${i},北京,${name},示例${i}科技有限公司,Beijing-CeShi${i}-20240101${String(i).padStart(4, '0')},2024/1/1`;

describe('any CAC list, by its title and columns', () => {
  const ALGO_HEAD = '序号,算法名称,角色,主体名称,应用产品,主要用途,备案编号,备注';
  const algoRow = '1,测试合成算法,服务提供者,示例智能科技有限公司,示例App,合成测试用途,网信算备110108000000000000001号,2024年6月变更';

  it('a deep-synthesis list with a title row: its title and period, 角色 and 备注 read', () => {
    const r = importCsvText('清单.csv', ['境内深度合成服务算法备案清单（2024年6月）,,,,,,,', ALGO_HEAD, algoRow].join('\n'));
    expect(r.title).toBe('境内深度合成服务算法备案清单（2024年6月）');
    expect(r.records[0]).toMatchObject({
      track: 'deep-synthesis',
      role: '服务提供者',
      note: '2024年6月变更',
      listPeriod: '2024-06',
      province: '北京',
    });
    expect(r.counts.tracks).toEqual({ 'deep-synthesis': 1 });
  });

  it('a general algorithm list (算法名称 without 角色) is its own track, from the title or the sidecar', () => {
    const head = '序号,算法名称,算法类别,主体名称,应用产品,主要用途,备案编号,备注';
    const line = '1,测试推荐算法,个性化推送类,示例网络科技有限公司,示例App,合成测试用途,网信算备310104000000000000002号,';
    const titled = importCsvText('list.csv', ['互联网信息服务算法备案清单（2024年3月）', head, line].join('\n'));
    expect(titled.records[0]).toMatchObject({ track: 'algorithm', listPeriod: '2024-03', province: '上海' });
    expect(titled.problems).toEqual(["list.csv: columns not understood: 算法类别 (their cells are kept in each row's text)"]);
    const bySidecar = importCsvText('list.csv', [head, line].join('\n'), { title: '境内深度合成服务算法备案清单', period: '2024-05' });
    expect(bySidecar.records[0]).toMatchObject({ track: 'deep-synthesis', listPeriod: '2024-05' });
  });

  it('sheets: the CAC layout with a title row, the 登记 section after its own header row, synonyms (服务名称, 上线编号)', () => {
    const sheets = [
      {
        name: 'Sheet1',
        rows: [
          { r: 1, cells: ['生成式人工智能服务已备案和已登记信息（2025年3月）'] },
          { r: 2, cells: ['序号', '属地', '大模型名称', '备案单位', '备案编号', '备案时间'] },
          { r: 3, cells: ['1', '北京市', '测试模型甲', '示例科技有限公司', 'BeiJing-CeShiJia-202501010001', '2025/1/1'] },
          { r: 4, cells: ['序号', '属地', '服务名称', '登记单位', '上线编号', '登记时间'] },
          { r: 5, cells: ['1', '上海市', '测试应用乙', '示例二有限公司', 'Shinghai-CeShiYi-20250202S0001', '2025/2/2（补登）'] },
        ],
      },
    ];
    const r = importSheets('list.xlsx', sheets);
    expect(r.title).toBe('生成式人工智能服务已备案和已登记信息（2025年3月）');
    expect(r.records.map((x) => [x.track, x.filingNo, x.province, x.filingDate, x.note, x.flags, x.listPeriod])).toEqual([
      ['genai-filing', 'BeiJing-CeShiJia-202501010001', '北京', '2025-01-01', undefined, undefined, '2025-03'],
      ['genai-registration', 'Shinghai-CeShiYi-20250202S0001', '上海', '2025-02-02', '补登', ['late'], '2025-03'],
    ]);
    expect(r.counts).toEqual({ tracks: { 'genai-filing': 1, 'genai-registration': 1 }, skipped: 1, repeatedHeaders: 1, flagged: 1 });
  });

  it('without section rows or a 登记 header, the number’s S tells a registration from a filing', () => {
    const r = importCsvText(
      'x.csv',
      [HEAD, row(1), '2,北京,测试应用,示例有限公司,Beijing-CeShiYingYong-20250102S0001,2025/1/2'].join('\n'),
    );
    expect(r.records.map((x) => x.track)).toEqual(['genai-filing', 'genai-registration']);
  });
});

describe('register bad input (issue 18)', () => {
  it('unknown columns are named once and kept in each row’s text', () => {
    const r = importCsvText('x.csv', `序号,模型名称,备案单位,联系人,网址\n1,测试模型甲,示例科技有限公司,张三,https://example.org\n`);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]!.text).toContain('张三');
    expect(r.problems).toEqual(["x.csv: columns not understood: 联系人, 网址 (their cells are kept in each row's text)"]);
  });

  it('a list with no register columns at all is kept as text passages, said in one line', async () => {
    const bytes = Buffer.from(
      '项目,说明\n示例一,这是一段合成测试说明文字，用来检验没有登记表列的表格会作为文本保留。\n示例二,第二行合成说明。\n',
    );
    const r = await ingestFile({ name: 'notes.csv', path: '/nonexistent', format: 'csv', kind: 'register', hash: 'x', bytes });
    expect(r.meta.kind).toBe('text');
    expect(r.records).toEqual([]);
    expect(r.passages.map((p) => p.text).join('\n')).toContain('合成测试说明文字');
    expect(r.problems).toEqual([expect.stringMatching(/^notes\.csv: no register header found .*; its \d+ passage\(s\) are kept as text$/)]);
  });

  it('two copies of one list: counted once in answers, both named in one line', async () => {
    const ws = emptyWorkspace();
    const csv = [HEAD, row(1), row(2), row(3)].join('\n') + '\n';
    writeFileSync(join(ws.corpus, 'list.csv'), csv);
    writeFileSync(join(ws.corpus, 'list-copy.csv'), csv);
    const s = await buildIndex(ws.config);
    expect(s.problems.filter((p) => /copy/.test(p))).toEqual(['list.csv: the same list as list-copy.csv (3 rows); counted once']);
    const engine = await openEngine(ws.config, { autoBuild: false });
    expect((await engine.ask('北京有多少款生成式人工智能服务备案？')).answer).toMatch(/共 3 条/);
  });

  it('a number that appears twice with different names: one line, both kept', () => {
    const a = importCsvText('a.csv', [HEAD, row(1), row(2)].join('\n')).records;
    const b = importCsvText('b.csv', [HEAD, row(1, '测试别名模型')].join('\n')).records;
    expect(crossFileProblems([...a, ...b])).toEqual([
      'filing number Beijing-CeShi1-202401010001 has two names: 测试模型1 (a.csv:2) and 测试别名模型 (b.csv:2); both kept, answers count the number once',
    ]);
    // Within one file: the later row is named with both names and skipped; the rest imports.
    const same = importCsvText('c.csv', [HEAD, row(1), row(2), row(1, '测试别名模型')].join('\n'));
    expect(same.records).toHaveLength(2);
    expect(same.problems).toEqual([
      'c.csv:4: duplicate filing number Beijing-CeShi1-202401010001, also on row 2 (as 测试模型1, here 测试别名模型); row skipped',
    ]);
  });

  it('a cell of 10,000 characters is cut, and said once', () => {
    const long = '长'.repeat(10_000);
    const r = importCsvText('long.csv', [HEAD, row(1), `2,北京,测试模型2,${long},Beijing-CeShi2-202401010002,2024/1/1`].join('\n'));
    expect(r.records).toHaveLength(2);
    expect(r.records[1]!.company).toHaveLength(MAX_CELL_CHARS);
    expect(r.records[1]!.company!.endsWith('…')).toBe(true);
    expect(r.problems).toEqual(['long.csv: 1 cell over 1,000 characters cut to 1,000 (first on row 3)']);
  });

  // Time is the benches' to measure (npm run bench); the test's own limit guards against a hang.
  it('a list of 100,000 rows imports, all on their track, with its counts', () => {
    const lines = [HEAD];
    for (let i = 1; i <= 100_000; i++) lines.push(row(i));
    const r = importCsvText('big.csv', lines.join('\n'));
    expect(r.counts.tracks).toEqual({ 'genai-filing': 100_000 });
    expect(r.problems).toEqual([]);
  }, 30_000);
});
