/**
 * Reading and executing, tested without an index: a table of question → plan parts (the predicates,
 * the operation, the claim), and a table of plan + fixture records → the records selected. An
 * answer reworded does not fail these; a question read otherwise does.
 */
import { describe, expect, it } from 'vitest';
import { execute } from '../src/answer/execute.js';
import { renderRecords } from '../src/answer/renderRecords.js';
import { EntityIndex } from '../src/records/entityIndex.js';
import { likeness } from '../src/records/predicates.js';
import { parseParams } from '../src/records/params.js';
import type { FilingRecord } from '../src/records/schema.js';
import { readQuestion } from '../src/understand/readQuestion.js';
import { viewPlan, type Plan } from '../src/understand/plan.js';

let line = 0;
const table = (batch: number, model: string, company: string | undefined, params: string | undefined, uses: string): FilingRecord => ({
  id: `t${++line}`,
  origin: 'text-table',
  track: 'genai-filing',
  model,
  ...(company ? { company } : {}),
  ...(params ? { params: parseParams(params)! } : {}),
  uses,
  batch,
  batchDate: { text: `2023 年 ${7 + batch} 月`, ym: `2023-${String(7 + batch).padStart(2, '0')}` },
  source: 'table.txt',
  lines: [line, line],
  text: `${model} | ${params ?? ''} | ${company ?? ''} | ${uses}`,
});
const register = (
  model: string,
  company: string,
  province: string,
  date: string,
  track: FilingRecord['track'] = 'genai-filing',
): FilingRecord => ({
  id: `r${++line}`,
  origin: 'register',
  track,
  model,
  company,
  province,
  filingDate: date,
  filingNo: `X-${line}-20240101`,
  listPeriod: date.slice(0, 7),
  source: 'reg.csv',
  lines: [line, line],
  row: line,
  text: `${model} | ${company}`,
});

const RECORDS: FilingRecord[] = [
  table(1, '甲乙大模型', '甲乙科技', '千亿级', '智能对话、写作'),
  table(1, '丙丁大模型', '丙丁智能', '超千亿', '医疗问答'),
  table(2, '戊己大模型', '戊己网络', '百亿级', '智能对话'),
  table(2, '庚辛新功能', '庚辛公司', undefined, '简历优化、求职'),
  table(2, '壬癸视觉大模型', undefined, '60 亿', '图像生成'),
  register('星海助手', '星海科技有限公司', '北京', '2024-03-01'),
  register('月湖对话', '月湖信息技术有限公司', '上海', '2024-05-02'),
  register('月湖写作', '月湖信息技术有限公司', '上海', '2024-06-03', 'genai-registration'),
  register('戊己大模型开放平台', '己庚科技有限公司', '上海', '2024-07-09', 'genai-registration'),
];
const entities = new EntityIndex(RECORDS);
const read = (q: string, conversation?: Parameters<typeof readQuestion>[1]['conversation']): Plan =>
  readQuestion(q, { entities, records: RECORDS, inCorpus: () => true, conversation });
const where = (p: Plan) =>
  p.about.where.map(
    (x) =>
      `${x.negate ? '!' : ''}${x.field}.${x.op}${x.values.length ? ':' + x.values.join('|') : ''}${x.from !== undefined || x.to !== undefined ? `:${x.from ?? ''}-${x.to ?? ''}` : ''}`,
  );
const models = (p: Plan) =>
  execute(p, RECORDS, [])
    .rows.map((r) => r.model)
    .sort();

describe('question → plan', () => {
  const cases: [string, { op?: string; where?: string[]; batches?: number[]; entities?: string[]; by?: string }][] = [
    ['第一批里参数量正好写作“千亿级”的有几款？', { op: 'count', where: ['params.eq:千亿级'], batches: [1] }],
    ['第二批里千亿级以上的有哪些？', { op: 'list', where: ['params.gte:1000'], batches: [2] }],
    ['第二批里参数量那一栏空着的有几款？', { op: 'count', where: ['params.empty'], batches: [2] }],
    ['第二批里既不叫“大模型”也不叫“新功能”的是什么？', { where: ['!model.contains:大模型', '!model.contains:新功能'], batches: [2] }],
    ['应用场景里写到简历或求职的有哪些？', { where: ['uses.contains:简历|求职'] }],
    ['名称以“视觉大模型”结尾的有哪些？', { where: ['model.endsWith:视觉大模型'] }],
    ['除了北京以外的备案有哪些？', { where: ['!province.eq:北京'] }],
    ['甲乙大模型是丙丁智能的吗？', { op: 'verify', entities: ['甲乙大模型'] }],
    ['哪个省的备案最多？', { op: 'extreme', by: 'province' }],
    ['参数量大于千亿又小于百亿的有哪些？', { where: ['params.gte:1000', 'params.lte:100'] }],
    ['2024年3月那份清单里，北京的备案占多大比例？', { op: 'group', by: 'province', where: ['list.eq:2024-03', 'track.in:genai-filing'] }],
    ['2024年5月那份清单的备案比2024年3月那份多多少？', { op: 'group', by: 'list', where: ['list.in:2024-05|2024-03'] }],
    ['2024年3月那份清单里最早的备案时间是哪天？', { op: 'extreme', where: ['list.eq:2024-03', 'track.in:genai-filing'] }],
    ['有几家单位备案了不止一个模型？', { op: 'group' }],
    ['上海一共有几款备案？有没有登记？', { where: ['province.eq:上海', 'track.in:genai-filing|genai-registration'] }],
    ['按备案数量排，第二多的是哪个省？', { op: 'extreme', by: 'province' }],
    ['月湖系列备案了哪些？', { where: ['model.contains:月湖', 'track.in:genai-filing'] }],
    ['乙丙大模型是哪家公司备案的？', { where: ['model.eq:乙丙大模型', 'track.in:genai-filing'] }],
    // A company-name condition, and a quoted word's list ending where the next condition starts.
    ['单位名里带“月湖”、属地在上海的有哪些？', { where: ['company.contains:月湖', 'province.eq:上海'] }],
    ['名称里带“星海”或“月湖”的有哪些？', { where: ['model.contains:星海|月湖'] }],
    // A place that begins an organisation's name is no place condition; an industry's 千亿级 no size.
    ['海南国际清算所的清算会员开户增至多少家？', { where: [] }],
    ['上海证券交易所在北京有几款备案？', { where: ['province.eq:北京'] }],
    ['三亚CBD入选海南省首批千亿级产业集群了吗？', { where: ['province.eq:海南'] }],
    ['日均Token消耗量突破30万亿是哪天的数据？', { where: [] }],
    ['北京的千亿级有几个？', { where: ['province.eq:北京', 'params.between:1000-10000'] }],
    // The start of a name continued into a versioned product of its own: that product, which no row has.
    ['壬癸视觉图像3.0是哪家的？', { where: ['model.eq:壬癸视觉图像3.0'], entities: [] }],
    // Places or lists joined are several (each counted when asked which has more); a day is a date, not a batch.
    ['北京和上海谁的备案多？', { op: 'group', by: 'province', where: ['province.in:北京|上海'] }],
    ['2024年3月和2024年5月这两期，哪期的备案多？', { op: 'group', by: 'list', where: ['list.in:2024-03|2024-05'] }],
    ['2023年8月31日那天备案的有哪些？', { batches: [], where: ['date.between:2023-08-31-2023-08-31', 'track.in:genai-filing'] }],
    ['名称带“功能”二字的有哪几条？', { where: ['model.contains:功能'] }],
    ['2024年3月那份清单里每个月各有多少条备案？', { op: 'group', by: 'date', where: ['list.eq:2024-03', 'track.in:genai-filing'] }],
    ['名下不止一条备案的单位有哪些？', { op: 'group' }],
    // Every list until one ("截至…那期为止"), not "从A那期到B那期" (two lists compared).
    ['截至2024年5月那期清单为止，累计有多少条备案？', { where: ['list.lte:2024-05-31', 'track.in:genai-filing'] }],
    ['从2024年3月那期到2024年5月那期，备案有增长吗？', { op: 'group', by: 'list' }],
    ['第二批里按表中顺序排第二个的是哪个模型？', { op: 'list', batches: [2] }],
    // A filled cell ("标了适用场景的"): the field named whole, and asking nothing of it.
    ['标了适用场景的有哪些？', { op: 'list', where: ['!scenario.empty'] }],
  ];
  for (const [q, want] of cases) {
    it(q, () => {
      const p = read(q);
      expect(() => viewPlan(p)).not.toThrow();
      if (want.op) expect(p.ask.op).toBe(want.op);
      if (want.where) expect(where(p).sort()).toEqual([...want.where].sort());
      if (want.batches) expect(p.about.batches).toEqual(want.batches);
      if (want.entities) expect(p.about.entities.map((e) => e.name)).toEqual(want.entities);
      if (want.by) expect(p.ask.by).toBe(want.by);
    });
  }
});

describe('question + conversation → plan', () => {
  const after = (q: string) => {
    const p = read(q);
    return {
      entities: p.about.entities,
      batches: p.about.batches,
      where: p.about.where,
      rows: [] as number[],
      ask: p.ask,
      topic: [],
      language: p.language,
    };
  };
  it('starts afresh after "换个话题" / "Different topic", and only then', () => {
    const prev = after('星海助手是哪家公司的？');
    expect(read('它的属地呢？', prev).refers.length).toBeGreaterThan(0);
    const fresh = read('换个话题：它的属地呢？', prev);
    expect(fresh.refers).toEqual([]);
    expect(fresh.cues.query).not.toMatch(/话题/);
    expect(read('Different topic: what is its province?', prev).refers).toEqual([]);
    // An aside ("另外") is only framing: the reference still resolves.
    expect(read('另外，它的属地呢？', prev).refers.length).toBeGreaterThan(0);
  });
  it('"该省", "同一期清单", "都是些什么" point back at the previous rows’ place, list, or the rows themselves', () => {
    const prev = { ...after('星海助手是哪家公司的？'), rows: [RECORDS.findIndex((r) => r.model === '星海助手')] };
    const p = read('同一期清单里这个属地下还有哪条备案？', prev);
    expect(where(p)).toEqual(expect.arrayContaining(['province.eq:北京', 'list.eq:2024-03']));
    expect(read('And how many filings does that province have?', prev).about.where.map((x) => x.values.join())).toContain('北京');
    const many = { ...after('上海有几条？'), rows: RECORDS.flatMap((r, i) => (r.province === '上海' ? [i] : [])) };
    // (The previous question's conditions when it had some; else its rows.)
    expect(where(read('都是些什么应用？', many))).toContain('province.eq:上海');
    expect(read('都是些什么应用？', many).ask.fields).not.toContain('uses');
  });

  it('asks an elliptical follow-up that only changes a condition the previous way', () => {
    const prev = after('2024年3月那份清单里，哪个省的备案最多？');
    const p = read('登记呢？', prev);
    expect(p.ask.op).toBe('extreme');
    expect(where(p)).toContain('list.eq:2024-03');
    // A place of its own with the previous list: "那上海的登记有几条？".
    const q = read('那上海的登记有几条？', after('2024年3月那份清单里，登记最多的是哪个省？'));
    expect(q.ask.op).toBe('count');
    expect(where(q)).toEqual(expect.arrayContaining(['province.eq:上海', 'list.eq:2024-03']));
  });
});

describe('plan + records → result', () => {
  it('selects by exact cells, empty cells, exclusions, alternatives and scales', () => {
    expect(models(read('第一批里参数量正好写作“千亿级”的有哪些？'))).toEqual(['甲乙大模型']);
    expect(models(read('第二批里参数量那一栏空着的有哪些？'))).toEqual(['庚辛新功能']);
    expect(models(read('第二批里既不叫“大模型”也不叫“新功能”的是什么？'))).toEqual([]);
    expect(models(read('应用场景里写到简历或求职的有哪些？'))).toEqual(['庚辛新功能']);
    expect(models(read('第一批里千亿级以上的有哪些？'))).toEqual(['丙丁大模型', '甲乙大模型']);
  });

  it('says when no kind of record has all the fields the conditions are on', () => {
    const r = execute(read('北京的千亿级有几个？'), RECORDS, []);
    expect(r.found).toBe(false);
    expect([...r.missing].sort()).toEqual(['params', 'province']);
    expect(renderRecords(r, { focus: [], anyRegister: true, batchMonths: [] }).answer).toMatch(/无法一起判断/);
  });

  it('words a track or a list period as the phrasebook names it, never by its key', () => {
    const r = renderRecords(execute(read('星海助手是登记的吗？'), RECORDS, []), { focus: [], anyRegister: true, batchMonths: [] });
    expect(r.answer).toMatch(/^不是/);
    expect(r.answer).not.toMatch(/genai|deep-synthesis/);
  });

  it('says a kind of list the corpus lacks is not there, also for a named model or a claim', () => {
    const say = (q: string) => renderRecords(execute(read(q), RECORDS, []), { focus: [], anyRegister: true, batchMonths: [] });
    for (const q of ['星海助手在深度合成服务算法备案清单里的编号是多少？', '星海助手进了深度合成服务算法备案清单吗？']) {
      const r = say(q);
      expect(r.found).toBe(false);
      expect(r.answer).toMatch(/没有深度合成服务算法备案的清单/);
    }
  });

  it('compares two named groups by their counts: a trend or "比…多吗" gets a verdict, "百分之多少" a growth', () => {
    const say = (q: string) => renderRecords(execute(read(q), RECORDS, []), { focus: [], anyRegister: true, batchMonths: [] }).answer;
    // 2024-03: one filing (星海助手); 2024-05: one filing (月湖对话).
    expect(read('从2024年3月那期到2024年5月那期，备案有增长吗？').cues.better).toEqual({
      claimed: '2024-05',
      names: ['2024-03', '2024-05'],
    });
    expect(say('从2024年3月那期到2024年5月那期，备案有增长吗？')).toMatch(
      /^不是。2024年5月那期清单 1 条，2024年3月那期清单 1 条，两者一样多/,
    );
    expect(say('上海的登记比备案多吗？')).toMatch(/^是。生成式人工智能服务登记 2 条，生成式人工智能服务备案 1 条/);
    expect(say('不算北京，备案最多的是哪个省？')).toMatch(/上海/);
    expect(say('2024年5月那期的备案比2024年3月那期增长了百分之多少？')).toMatch(/增长 0%/);
  });

  it('finds the companies with rows in every list named ("两期清单里都出现过的单位")', () => {
    // 月湖信息技术有限公司: 2024-05 and 2024-06; 星海科技: 2024-03 only.
    const p = read('2024年5月和2024年6月两期清单里都出现过的单位有哪些？');
    expect(p.about.batchJoin).toBe('all');
    expect(execute(p, RECORDS, []).sides.map((s) => s.name)).toEqual(['月湖信息技术有限公司']);
    expect(execute(read('2024年3月和2024年6月两期清单里都出现过的单位有哪些？'), RECORDS, []).sides).toEqual([]);
  });

  it('takes the row at a position in its source’s order ("排第二个的")', () => {
    const p = read('第二批里按表中顺序排第二个的是哪个模型？');
    expect(p.ask.nth).toBe(2);
    expect(models(p)).toEqual(['庚辛新功能']);
    expect(execute(read('第二批里排第九个的是哪个？'), RECORDS, []).found).toBe(false);
  });

  it('verifies a claim against the subject’s own rows', () => {
    const no = execute(read('甲乙大模型是丙丁智能的吗？'), RECORDS, []);
    expect(no.verdict).toMatchObject({ holds: false });
    expect(no.sides.map((s) => s.rows.map((r) => r.model))).toEqual([['丙丁大模型']]);
    expect(execute(read('甲乙大模型是甲乙科技的吗？'), RECORDS, []).verdict).toMatchObject({ holds: true });
    expect(execute(read('甲乙大模型是第二批的吗？'), RECORDS, []).verdict).toMatchObject({ holds: false });
  });

  it('checks a claimed number of records, and reads the asker’s negation (…吧)', () => {
    const count = (q: string) => execute(read(q), RECORDS, []).verdict;
    expect(read('第二批只有3款吗？').ask.claim?.count).toEqual({ op: 'eq', value: 3, unit: '款' });
    expect(count('第二批只有3款吗？')).toMatchObject({ holds: true, counted: 3 });
    expect(count('第二批有4款吗？')).toMatchObject({ holds: false, counted: 3 });
    expect(count('第二批超过2款吗？')).toMatchObject({ holds: true });
    expect(count('第一批不到2家公司吗？')).toMatchObject({ holds: false, counted: 2 });
    expect(read('第二批不是只有3款吧？').ask.claim?.negated).toBe(true);
    expect(read('第二批只有3款吧？').ask.claim?.negated).toBe(false);
    // A negation read into a condition is the claim already.
    expect(read('星海助手不是北京的吧？').ask.claim?.negated).toBe(false);
  });

  it('leaves out a track named only to be excluded, and asks a list row for its date, not a batch', () => {
    expect(where(read('月湖信息技术有限公司有多少条（备案, not 登记）？'))).toContain('track.in:genai-filing');
    expect(where(read('月湖信息技术有限公司不算登记的有几条？'))).toContain('track.in:genai-filing');
    expect(read('星海助手是什么时候完成备案的？').ask.fields).toEqual(['date']);
    expect(read('甲乙大模型是什么时候通过备案的？').ask.fields).toContain('batch');
  });

  it('a name cut short names the model it begins; a known name continued into another names none', () => {
    const cut = read('月湖对是哪家的？');
    expect(cut.about.entities.map((e) => [e.name, e.typed])).toEqual([['月湖对话', '月湖对']]);
    const longer = read('甲乙视觉大模型是哪家的？');
    expect(longer.about.entities.map((e) => e.name)).toEqual([]);
    expect(where(longer)).toContain('model.eq:甲乙视觉大模型');
    expect(models(longer)).toEqual([]);
  });

  it('a field the named row lacks is asked of the one longer name of the lists that begins with it', () => {
    const p = read('戊己大模型的备案号是多少？');
    expect(p.about.entities.map((e) => [e.name, e.typed])).toEqual([['戊己大模型开放平台', '戊己大模型']]);
    expect(p.about.entities[0]!.records.map((i) => RECORDS[i]!.model).sort()).toEqual(['戊己大模型', '戊己大模型开放平台']);
    // A field the row has: no other row.
    expect(read('戊己大模型的参数量是多少？').about.entities.map((e) => e.name)).toEqual(['戊己大模型']);
  });

  it('a company and a model named alike, before 的 and a model, is the company; a list row says when by its date', () => {
    const p = read('月湖的星海助手和甲乙大模型哪个先备案？');
    expect(p.about.entities.filter((e) => e.name === '月湖').map((e) => e.kind)).not.toContain('model');
    const r = renderRecords(execute(read('星海助手和月湖对话哪个先备案？'), RECORDS, []), {
      focus: [],
      anyRegister: true,
      batchMonths: [],
    });
    expect(r.answer).toMatch(/2024-03-01/);
    expect(r.answer).toMatch(/2024-05-02/);
  });

  it('a share keeps its part apart from the whole; the first day is a date extreme', () => {
    const share = read('2024年5月那份清单里，上海的记录占全部的百分之多少？');
    expect(share.ask.focus).toEqual(['上海']);
    expect(execute(share, RECORDS, []).sides.map((x) => [x.name, x.rows.length])).toEqual([['上海', 1]]);
    const first = execute(read('最早的备案时间是哪天？'), RECORDS, []);
    expect(first.rows.map((r) => r.model)).toEqual(['星海助手']);
    expect(read('最晚的备案时间是哪天？').ask).toMatchObject({ op: 'extreme', extreme: 'max', fields: ['date'] });
  });

  it('“这家公司” after a list of many companies asks which one; after one row it is that row’s company', () => {
    const prev = (rows: number[]) => ({
      entities: [],
      batches: [],
      rows,
      ask: { op: 'list' as const, fields: [], expects: 'any' as const },
      topic: [],
      where: [],
      language: 'zh' as const,
    });
    expect(read('这家公司还备案了什么？', prev(RECORDS.map((_, i) => i))).unresolved).toBe('这家公司');
    const one = read('这家公司还备案了什么？', prev([6]));
    expect(one.unresolved).toBeUndefined();
    expect(models(one)).toEqual(['月湖对话']);
  });

  it('"登记的呢？" keeps the previous conditions; an English word is not a name that begins with it', () => {
    const prev = {
      entities: [],
      batches: [],
      rows: [],
      ask: { op: 'count' as const, fields: [], expects: 'number' as const },
      topic: [],
      where: [{ field: 'province' as const, op: 'eq' as const, values: ['上海'], negate: false, text: '上海' }],
      language: 'zh' as const,
    };
    expect(where(read('登记的呢？', prev)).sort()).toEqual(['province.eq:上海', 'track.in:genai-registration']);
    // "it" after a place or list is that place or list.
    expect(where(read('How many 登记 entries does it have?', prev)).sort()).toEqual(['province.eq:上海', 'track.in:genai-registration']);
    const its = new EntityIndex([register('its智慧交通大模型', '南京中会智能科技有限公司', '江苏', '2025-07-22')]);
    expect(its.find('what is its filing number?')).toEqual([]);
    expect(its.find('its智慧交通大模型的备案号').map((m) => m.alias)).toContain('its智慧交通大模型');
  });

  it('a model described by what it does ranks the rows whose uses say most of it', () => {
    const p = read('能做简历优化和求职辅导的那个模型叫啥？');
    expect(where(p)).toEqual(['uses.like:简历优化和求职辅导']);
    expect(models(p)).toEqual(['庚辛新功能']);
    expect(likeness('简历优化、求职', '简历优化和求职辅导')).toBeGreaterThan(0.45);
    expect(likeness('图像生成', '简历优化和求职辅导')).toBe(0);
  });

  it('a track no list holds is said to be missing, not counted as 0', () => {
    const r = renderRecords(execute(read('上海有多少深度合成算法备案？'), RECORDS, []), { focus: [], anyRegister: true, batchMonths: [] });
    expect(r.found).toBe(false);
    expect(r.answer).toContain('语料中没有深度合成服务算法备案的清单');
    expect(read('按备案数量排，第二多的是哪个省？').ask.top).toBe(2);
  });

  it('groups registers within one track and never adds the registrations in', () => {
    const r = execute(read('哪个省的备案最多？'), RECORDS, []);
    expect(r.sides.map((s) => [s.name, s.rows.length])).toEqual([
      ['北京', 1],
      ['上海', 1],
    ]);
  });

  it('a register has no parameter column: an empty-cell condition says nothing of it', () => {
    expect(models(read('参数量那一栏空着的有哪些？'))).toEqual(['庚辛新功能']);
  });
});
