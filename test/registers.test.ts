import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/engine.js';
import type { AnswerEngine } from '../src/answer/types.js';
import { importRegister, parseDate, parseFilingNo } from '../src/records/registers.js';
import { ROOT, tempWorkspace } from './helpers.js';

// Fixtures hold clearly synthetic rows (示例/测试 names) and never live in corpus/.
const FIX = join(ROOT, 'test/fixtures/registers');
const CSV = 'synthetic_genai_register.csv';
const TSV = 'synthetic_algorithms.tsv';

describe('register import', () => {
  it('imports a CSV with a BOM, keeps filings and registrations apart, reports bad rows with file:row', async () => {
    const bytes = readFileSync(join(FIX, CSV));
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const r = await importRegister(CSV, bytes);
    expect(r.records.filter((x) => x.track === 'genai-filing')).toHaveLength(6);
    expect(r.records.filter((x) => x.track === 'genai-registration').map((x) => x.model)).toEqual(['测试应用甲', '测试应用乙']);
    expect(r.records[0]).toMatchObject({ province: '北京', filingDate: '2024-03-15', source: CSV, lines: [2, 2], row: 1 });
    expect(r.records.find((x) => x.model === '测试模型丙')!.filingDate).toBe('2024-01-10');
    expect(r.problems).toEqual([
      expect.stringMatching(/^synthetic_genai_register\.csv:8: date "2024-13-99"/),
      expect.stringMatching(/^synthetic_genai_register\.csv:9: duplicate filing number/),
      expect.stringMatching(/^synthetic_genai_register\.csv:10: 4 columns/),
    ]);
  });

  it('reads algorithm filings from a TSV in another column order', async () => {
    const r = await importRegister(TSV, readFileSync(join(FIX, TSV)));
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => [x.track, x.role])).toEqual([
      ['deep-synthesis', '服务提供者'],
      ['deep-synthesis', '服务技术支持者'],
    ]);
  });

  it('parses dates and filing-number parts', () => {
    expect(parseDate('2024年4月8日')).toBe('2024-04-08');
    expect(parseDate('2024/02/30')).toBeUndefined();
    expect(parseFilingNo('Beijing-DeepseekChat-202404280016')).toEqual({ province: '北京', date: '2024-04-28' });
    expect(parseFilingNo('ZhongYangQiYe-Test-202401010001').province).toBe('国资委');
  });
});

describe('register lookups through the engine', () => {
  let engine: AnswerEngine;
  beforeAll(async () => {
    const ws = tempWorkspace();
    for (const f of [CSV, TSV]) cpSync(join(FIX, f), join(ws.corpus, f));
    engine = await openEngine(ws.config);
  });

  it('counts as of a date by province, filings and registrations separately', async () => {
    const a = await engine.ask('截至2024年6月北京有多少款生成式人工智能服务备案？');
    expect(a.kind).toBe('lookup');
    expect(a.answer).toMatch(/备案共 2 条/);
    expect(a.answer).toMatch(/登记共 1 条/);
    expect(a.answer).not.toMatch(/共 3 条/);
    expect(a.citations[0]).toMatchObject({ source: CSV, lines: [2, 3] });
  });

  it('looks up by filing number, company without its suffix, English province, newest', async () => {
    expect((await engine.ask('Beijing-CeShiWu-202411300005是哪家公司的？')).answer).toContain('示例智能科技有限公司');
    const byCompany = await engine.ask('示例智能科技有哪些备案？');
    expect(byCompany.answer).toContain('测试模型甲');
    expect(byCompany.answer).toContain('测试合成算法一');
    expect((await engine.ask('How many filings does Shanghai have?')).answer).toContain('测试模型丙');
    expect((await engine.ask('最新的备案有哪些？')).answer).toMatch(/^最新的备案：测试模型戊/);
    expect((await engine.lookup('province', '广东')).answer).toContain('测试模型丁');
  });

  it('shows the register and the texts side by side when both speak to a count', async () => {
    const a = await engine.ask('截至2024年底有多少款生成式人工智能服务完成备案？');
    expect(a.answer).toContain('302款');
    expect(a.answer).toMatch(/备案共 6 条/);
    expect(a.citations.map((c) => c.source)).toEqual(expect.arrayContaining([CSV, '001_3287f4c9aebca050.txt']));
  });

  it('keeps the text-table lookups working beside a register', async () => {
    expect((await engine.ask('第三批通过备案的大模型有哪些？')).answer).toContain('言犀');
    expect((await engine.ask('GLM大模型的参数量是多少，是哪家公司的？')).answer).toContain('智谱');
  });
});
