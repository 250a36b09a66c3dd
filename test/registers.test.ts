import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBuiltEngine as openEngine } from '../src/frontends/startup.js';
import { dateRange } from '../src/understand/dates.js';
import type { Answer, AnswerEngine } from '../src/answer/types.js';
import type { BuildSummary } from '../src/index/build.js';
import { findPlace } from '../src/records/provinces.js';
import { importRegister } from '../src/ingest/registerFile.js';
import { parseDate, parseFilingNo, trackFromWords } from '../src/records/registers.js';
import { ROOT, tempWorkspace } from './helpers.js';

// Fixtures hold clearly synthetic rows (示例/测试 names) and never live in corpus/.
const FIX = join(ROOT, 'test/fixtures/registers');
const CSV = 'synthetic_genai_register.csv';
const TSV = 'synthetic_algorithms.tsv';
const VARIANTS = 'synthetic_variants.csv';
const XLSX = 'synthetic_workbook.xlsx';
const TEXT = 'synthetic_text_table.txt';
const fixture = (f: string) => readFileSync(join(FIX, f));

describe('register import', () => {
  it('imports a CSV with a BOM, keeps filings and registrations apart, reports bad rows with file:row', async () => {
    const bytes = fixture(CSV);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const r = await importRegister(CSV, bytes);
    expect(r.title).toBe('synthetic_genai_register');
    expect(r.date).toBe('2024-11-30');
    expect(r.records.filter((x) => x.track === 'genai-filing')).toHaveLength(6);
    // The section row "二、已登记的…" switches the rows below it to registrations.
    expect(r.records.filter((x) => x.track === 'genai-registration').map((x) => x.model)).toEqual(['测试应用甲', '测试应用乙']);
    expect(r.records[0]).toMatchObject({
      origin: 'register',
      province: '北京',
      filingDate: '2024-03-15',
      source: CSV,
      lines: [2, 2],
      row: 2,
      text: '1 | 北京 | 测试模型甲 | 示例智能科技有限公司 | Beijing-CeShiJia-202403150001 | 2024-03-15',
    });
    expect(r.records.find((x) => x.model === '测试模型乙')!.filingDate).toBe('2024-06-20');
    expect(r.records.find((x) => x.model === '测试模型丙')!.filingDate).toBe('2024-01-10');
    expect(r.records.find((x) => x.model === '测试模型己')!.province).toBe('国资委');
    expect(r.records.find((x) => x.model === '测试应用甲')).toMatchObject({ lines: [12, 12], row: 12 });
    expect(r.problems).toEqual([
      expect.stringMatching(/^synthetic_genai_register\.csv:8: date "2024-13-99" cannot be read$/),
      // The same number with another name: both names said, the later row skipped.
      'synthetic_genai_register.csv:9: duplicate filing number Beijing-CeShiJia-202403150001, also on row 2 (as 测试模型甲, here 测试模型辛); row skipped',
      expect.stringMatching(/^synthetic_genai_register\.csv:10: 4 columns, the header has 6$/),
    ]);
  });

  it('reads algorithm filings from a TSV in another column order; the province comes from the number', async () => {
    const r = await importRegister(TSV, fixture(TSV));
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => [x.track, x.role, x.province, x.company])).toEqual([
      ['deep-synthesis', '服务提供者', '北京', '示例智能科技有限公司'],
      ['deep-synthesis', '服务技术支持者', '上海', '样例网络技术有限公司'],
    ]);
    expect(r.records[0]!.filingNo).toBe('网信算备110108000000000000001号');
    expect(r.records[1]!.product).toBeUndefined(); // "—" is an empty cell
  });

  it('tolerates header synonyms, a title row, a type column, quoted multi-line cells and trailing empty cells', async () => {
    const r = await importRegister(VARIANTS, fixture(VARIANTS));
    expect(r.records.map((x) => [x.model, x.track, x.province, x.filingDate])).toEqual([
      ['测试变体模型A', 'genai-filing', '河北', '2024-02-14'],
      ['测试变体应用B', 'genai-registration', '河北', '2024-03-01'],
      ['测试变体模型C', 'genai-filing', '湖南', '2024-04-01'],
      ['测试变体模型D', 'genai-filing', '湖南', '2024-04-02'],
      ['测试变体模型E', 'genai-filing', '四川', '2024-04'],
    ]);
    // A quoted cell spanning two lines: the record cites both.
    expect(r.records[1]).toMatchObject({ lines: [4, 5], row: 4 });
    expect(r.records[2]).toMatchObject({ lines: [6, 6] });
    expect(r.problems).toEqual(['synthetic_variants.csv:9: no model/algorithm name']);
  });

  it('reads an .xlsx workbook: sheets as tracks, date cells, the registration’s filed model, bad rows by sheet and row', async () => {
    const r = await importRegister(XLSX, fixture(XLSX));
    expect(r.records.map((x) => [x.model, x.track, x.province, x.filingDate, x.row, x.lines[0]])).toEqual([
      ['测试表格模型A', 'genai-filing', '天津', '2024-02-02', 3, 3],
      ['测试表格模型B', 'genai-filing', '浙江', '2024-05-06', 4, 4],
      ['测试表格模型C', 'genai-filing', '江苏', '2024-08-09', 5, 5],
      // The second sheet's row 2 comes after the first sheet's 6 rows.
      ['测试表格应用甲', 'genai-registration', '天津', '2024-09-10', 2, 8],
    ]);
    expect(r.records[3]!.uses).toBe('调用已备案模型：测试表格模型A');
    expect(r.problems).toEqual(['synthetic_workbook.xlsx:6（工作表 已备案信息 第 6 行）: date "not a date" cannot be read']);
  });

  it('reports files it cannot use, and imports nothing from them', async () => {
    const notRegister = await importRegister('notes.csv', Buffer.from('a,b,c\n1,2,3\n'));
    expect(notRegister.records).toEqual([]);
    expect(notRegister.problems[0]).toMatch(/^notes\.csv: no register header found/);
    const broken = await importRegister('broken.xlsx', Buffer.from('this is not a workbook'));
    expect(broken.problems[0]).toMatch(/^broken\.xlsx: cannot be read as an Excel workbook .*export it as CSV/);
  });

  it('parses dates, filing-number parts, track words and places', () => {
    expect(parseDate('2024年4月8日')).toBe('2024-04-08');
    expect(parseDate('2024/02/30')).toBeUndefined();
    expect(parseDate('2024-04-28 00:00:00')).toBe('2024-04-28');
    expect(parseDate('45410')).toBe('2024-04-28');
    expect(parseDate('2024年4月')).toBe('2024-04');
    expect(parseFilingNo('Beijing-DeepseekChat-202404280016')).toMatchObject({ province: '北京', date: '2024-04-28' });
    expect(parseFilingNo('ZhongYangQiYe-Test-202401010001').province).toBe('国资委');
    expect(parseFilingNo('网信算备440305000000000000001号')).toMatchObject({ province: '广东', track: 'deep-synthesis' });
    expect(trackFromWords('二、已登记的生成式人工智能应用（调用已备案模型）')).toBe('genai-registration');
    expect(trackFromWords('生成式人工智能服务已备案信息')).toBe('genai-filing');
    expect(trackFromWords('境内深度合成服务算法备案清单')).toBe('deep-synthesis');
    expect(findPlace('深圳有哪些备案')).toEqual({ province: '广东', city: '深圳' });
    expect(findPlace('How many filings does Guangdong have?')).toEqual({ province: '广东' });
    expect(findPlace('中央企业')?.province).toBe('国资委');
    expect(findPlace('Shaanxi')?.province).toBe('陕西');
  });

  it('reads date ranges in Chinese and English', () => {
    expect(dateRange('截至2024年6月北京有多少款')).toEqual({ to: '2024-06-30', label: '截至2024年6月底' });
    expect(dateRange('截至2024年底')).toMatchObject({ to: '2024-12-31' });
    expect(dateRange('2024年上半年有哪些')).toMatchObject({ from: '2024-01-01', to: '2024-06-30' });
    expect(dateRange('2024年3月以后')).toEqual({ from: '2024-03-01', label: '2024年3月以来' });
    expect(dateRange('2024年6月以前')).toMatchObject({ to: '2024-05-31' });
    expect(dateRange('2024年3月至6月')).toMatchObject({ from: '2024-03-01', to: '2024-06-30' });
    expect(dateRange('2024年第三季度')).toMatchObject({ from: '2024-07-01', to: '2024-09-30' });
    expect(dateRange('first half of 2024')).toMatchObject({ from: '2024-01-01', to: '2024-06-30' });
    expect(dateRange('filings since March 2024')).toMatchObject({ from: '2024-03-01' });
    expect(dateRange('before July 2024')).toMatchObject({ to: '2024-06-30' });
    expect(dateRange('as of 2024-06-30')).toMatchObject({ to: '2024-06-30' });
    expect(dateRange('between March 2024 and June 2024')).toMatchObject({ from: '2024-03-01', to: '2024-06-30' });
    expect(dateRange('第一批有哪些')).toBeUndefined();
  });
});

const cites = (a: Answer) => a.citations.map((c) => `${c.source}:${c.lines.join('-')}`);

describe('register lookups through the engine', () => {
  let engine: AnswerEngine;
  let summary: BuildSummary | undefined;
  beforeAll(async () => {
    const ws = tempWorkspace();
    for (const f of [CSV, TSV, VARIANTS, XLSX]) cpSync(join(FIX, f), join(ws.corpus, f));
    engine = await openEngine(ws.config, { onBuilt: (s) => (summary = s) });
  });

  it('reports bad rows in the build summary and imports the rest', () => {
    expect(summary!.problems).toEqual(
      expect.arrayContaining([
        'synthetic_genai_register.csv:8: date "2024-13-99" cannot be read',
        'synthetic_variants.csv:9: no model/algorithm name',
        expect.stringMatching(/^synthetic_workbook\.xlsx:6/),
      ]),
    );
    expect(engine.sources().find((s) => s.source === CSV)).toMatchObject({ records: 8, date: '2024-11-30', passages: 0 });
  });

  it('counts as of a date by province, filings and registrations separately', async () => {
    const a = await engine.ask('截至2024年6月北京有多少款生成式人工智能服务备案？');
    expect(a.kind).toBe('lookup');
    expect(a.answer).toMatch(/截至2024年6月底北京生成式人工智能服务备案共 2 条/);
    expect(a.answer).toMatch(/登记共 1 条/);
    expect(a.answer).toContain('分别计数，不相加');
    expect(a.answer).not.toMatch(/共 3 条/);
    expect(a.answer).not.toContain('测试模型戊'); // filed 2024-11-30
    expect(cites(a)).toEqual([`${CSV}:2-3`, `${CSV}:12-12`]);
  });

  it('answers by province in Chinese, English, by city and for central SOEs', async () => {
    const zh = await engine.ask('广东有哪些备案？');
    expect(zh.answer).toContain('测试模型丁');
    expect(cites(zh)).toEqual([`${CSV}:5-5`]);
    const en = await engine.ask('How many filings does Beijing have?');
    // English questions get English framing; names stay as the registers write them.
    expect(en.answer).toMatch(/北京: 3 generative-AI service filings/);
    expect(en.answer).toMatch(/北京: 2 generative-AI service registrations/);
    expect(en.answer).toContain('counted apart');
    expect(en.citations[0]).toMatchObject({ source: expect.stringMatching(/^synthetic_/) });
    expect(en.citations.map((c) => c.source)).toContain(CSV);
    const city = await engine.ask('深圳有哪些备案？');
    expect(city.answer).toContain('测试模型丁');
    expect(city.answer).toContain('深圳属广东');
    expect((await engine.ask('央企有哪些生成式人工智能备案？')).answer).toContain('测试模型己');
    expect((await engine.ask('Which models are filed in Tianjin?')).answer).toMatch(
      /测试表格模型A[\s\S]*1 generative-AI service registrations in the registers: 测试表格应用甲/,
    );
    const none = await engine.ask('西藏有哪些备案？');
    expect(none.found).toBe(false);
    expect(none.answer).toContain('没有西藏');
  });

  it('answers by company, with and without 有限公司', async () => {
    for (const q of ['示例智能科技有限公司有哪些备案？', '示例智能科技有哪些备案？']) {
      const a = await engine.ask(q);
      expect(a.answer).toMatch(/^示例智能科技有限公司生成式人工智能服务备案共 2 条：测试模型甲（北京，2024-03-15）、测试模型戊/);
      expect(a.answer).toMatch(/深度合成服务算法备案共 1 条：测试合成算法一/);
      expect(cites(a)).toEqual([`${TSV}:2-2`, `${CSV}:2-2`, `${CSV}:6-6`]);
    }
    expect((await engine.ask('示例数据股份有限公司备案了什么？')).answer).toContain('测试模型乙');
    expect((await engine.ask('示例数据有哪些备案？')).answer).toContain('测试模型乙');
    expect((await engine.ask('示例智能科技的深度合成算法有哪些？')).answer).not.toContain('测试模型甲');
  });

  it('answers by model name', async () => {
    const a = await engine.ask('测试模型丙是哪家公司的？');
    expect(a.answer).toContain('样例网络技术有限公司');
    expect(cites(a)[0]).toBe(`${CSV}:4-4`);
  });

  it('answers by filing number, and from a number’s parts when the register lacks it', async () => {
    const a = await engine.ask('Beijing-CeShiWu-202411300005是哪家公司的？');
    expect(a.answer).toMatch(/测试模型戊.*示例智能科技有限公司.*北京.*2024-11-30/);
    expect(cites(a)).toEqual([`${CSV}:6-6`]);
    const algo = await engine.ask('网信算备310104000000000000002号是什么？');
    expect(algo.answer).toContain('测试合成算法二');
    expect(algo.answer).toContain('深度合成服务算法备案');
    const missing = await engine.ask('Guangdong-Nothing-202405010099是哪家公司的？');
    expect(missing.found).toBe(false);
    expect(missing.answer).toMatch(/没有编号 Guangdong-Nothing-202405010099.*广东.*2024-05-01/);
    expect(engine.context(CSV, [6, 6])?.text).toContain('Beijing-CeShiWu-202411300005');
  });

  it('answers by date range', async () => {
    const h1 = await engine.ask('2024年上半年有哪些生成式人工智能服务备案？');
    expect(h1.answer).toMatch(/2024年上半年生成式人工智能服务备案共 \d+ 条/);
    for (const m of ['测试模型甲', '测试模型乙', '测试模型丙', '测试表格模型A']) expect(h1.answer).toContain(m);
    expect(h1.answer).not.toContain('测试模型丁');
    const since = await engine.ask('2024年9月以后有哪些备案？');
    expect(since.answer).toMatch(/测试模型丁[\s\S]*测试模型戊/);
    expect(since.answer).not.toContain('测试模型乙');
    const en = await engine.ask('How many filings were there in the first half of 2024?');
    expect(en.answer).toMatch(/^2024-01-01 to 2024-06-30: \d+ generative-AI service filings/);
  });

  it('lists the newest filings, and the newest registrations apart', async () => {
    const a = await engine.ask('最新的备案有哪些？');
    expect(a.answer).toMatch(/^最新的生成式人工智能服务备案：测试模型戊（示例智能科技有限公司，2024-11-30）/);
    expect(a.answer).toMatch(/最新的生成式人工智能服务登记：测试表格应用甲/);
    expect((await engine.ask('What are the newest registrations?')).answer).toMatch(
      /^The newest generative-AI service registrations: 测试表格应用甲/,
    );
    expect(cites(await engine.ask('北京最新的登记是哪个？'))).toEqual([`${CSV}:12-13`]);
  });

  it('keeps the text-table lookups working beside registers', async () => {
    expect((await engine.ask('第三批通过备案的大模型有哪些？')).answer).toContain('言犀');
    expect((await engine.ask('GLM大模型的参数量是多少，是哪家公司的？')).answer).toContain('智谱');
    expect((await engine.ask('上海人工智能实验室的书生大模型参数量是多少？')).answer).toContain('千亿');
    expect((await engine.lookup('province', '广东')).answer).toContain('测试模型丁');
  });

  it('still answers every dev question with registers present', async () => {
    const dev = join(ROOT, '../shared/eval/dev.jsonl');
    if (!existsSync(dev)) return;
    const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
    const failures: string[] = [];
    for (const line of readFileSync(dev, 'utf8').split('\n').filter(Boolean)) {
      const it = JSON.parse(line) as {
        id: string;
        kind: string;
        q: string;
        expect?: (string | string[])[];
        source?: string;
        expect_found?: boolean;
      };
      const a = await engine.ask(it.q);
      const head = norm(a.answer.slice(0, 400));
      const ok =
        it.kind === 'oos'
          ? a.found === (it.expect_found ?? false)
          : a.found &&
            (it.expect ?? []).every((e) => (Array.isArray(e) ? e : [e]).some((alt) => head.includes(norm(alt)))) &&
            (!it.source || a.citations.slice(0, 3).some((c) => c.source.replace(/\.\w+$/, '') === it.source));
      if (!ok) failures.push(`${it.id} ${it.q} → ${a.answer.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('texts and a register that disagree', () => {
  let engine: AnswerEngine;
  beforeAll(async () => {
    const ws = tempWorkspace();
    for (const f of [CSV, TEXT]) cpSync(join(FIX, f), join(ws.corpus, f));
    engine = await openEngine(ws.config);
  });

  it('does not count every row for an organisation no source mentions', async () => {
    const a = await engine.ask('甲乙银行总行在清单上一共登记过几个AI应用？');
    expect(a.found).toBe(false);
    expect(a.answer).toContain('总行');
    expect(a.answer).not.toMatch(/共 \d+ 条/);
    // …while a count that names nothing is every row's.
    expect((await engine.ask('清单上一共登记过几个AI应用？')).found).toBe(true);
  });

  it('shows a model’s date from the text table and from the register, each with its source', async () => {
    const a = await engine.ask('测试模型甲是什么时候备案的？');
    expect(a.answer).toMatch(/文本中的备案表：测试模型甲.*第九批（2023 年 8 月）/);
    expect(a.answer).toMatch(/登记表（synthetic_genai_register\.csv）：2024-03-15备案/);
    expect(a.answer).toContain('不一致');
    expect(cites(a)).toEqual(expect.arrayContaining([`${TEXT}:8-8`, `${CSV}:2-2`]));
  });

  it('shows a count stated in prose beside the register count', async () => {
    const a = await engine.ask('截至2024年6月北京有多少款生成式人工智能服务备案？');
    expect(a.answer).toMatch(/备案共 2 条/);
    expect(a.answer).toMatch(/文本中：.*99款/);
    expect(a.citations.map((c) => c.source)).toEqual(expect.arrayContaining([CSV, TEXT]));
  });
});

describe('the same register in two files', () => {
  it('counts a filing number once', async () => {
    const ws = tempWorkspace([]);
    cpSync(join(FIX, CSV), join(ws.corpus, CSV));
    cpSync(join(FIX, CSV), join(ws.corpus, 'synthetic_genai_register_copy.csv'));
    const engine = await openEngine(ws.config);
    const a = await engine.ask('北京有多少款生成式人工智能服务备案？');
    expect(a.answer).toMatch(/北京生成式人工智能服务备案共 3 条/);
    expect(a.answer).toContain('重复出现，只计一次');
    const byNo = await engine.ask('Beijing-CeShiJia-202403150001是什么？');
    expect(byNo.answer).toContain('另见 synthetic_genai_register_copy.csv');
  });
});
