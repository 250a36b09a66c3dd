/**
 * Question understanding on the real corpus: each plan part, each follow-up form, refusals of
 * near misses, languages, and the conversation memory's bounds. The questions here are written
 * for these tests, not taken from the dev sets (bare follow-ups such as "参数量呢？" are the generic
 * forms the issue names).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openBuiltEngine as openEngine } from '../src/frontends/startup.js';
import { Answer, type AnswerEngine } from '../src/answer/types.js';
import { ConversationStore } from '../src/understand/conversation.js';
import { PlanView } from '../src/understand/plan.js';
import { glossEnglish, lemmas } from '../src/understand/english.js';
import { toSimplified } from '../src/understand/text.js';
import { tempWorkspace, TABLE_FILE } from './helpers.js';

let engine: AnswerEngine;

beforeAll(async () => {
  engine = await openEngine(tempWorkspace().config, { autoBuild: true });
});

const ask = async (q: string, conversation?: string) => {
  const a = await engine.ask(q, conversation ? { conversation } : {});
  expect(Answer.safeParse(a).success).toBe(true);
  return a;
};
const planOf = (a: Answer) => PlanView.parse(a.plan);

describe('the query plan', () => {
  it('is zod-valid and names what the question is about and asks', async () => {
    const p = planOf(await ask('第二批和第三批都有模型的公司是哪家？'));
    expect(p.about.batches).toEqual([2, 3]);
    expect(p.about.batchJoin).toBe('all');
    expect(planOf(await ask('GLM大模型是哪家公司的？')).ask).toMatchObject({ op: 'field', fields: ['company'], expects: 'org' });
    expect(planOf(await ask('第三批有几家企业通过备案？')).ask).toMatchObject({ op: 'count', countOf: 'companies' });
    // A rate is answered by a percentage: "准确率是多少" is not answered by "TeleSearch 2.0".
    expect(planOf(await ask('天工大模型的识别准确率是多少？')).ask.expects).toBe('percent');
    expect(planOf(await ask('What is the growth rate of filed services?')).ask.expects).toBe('percent');
    expect(planOf(await ask('效率提升了多少倍？')).ask.expects).toBe('number');
    expect(planOf(await ask('可灵生成视频的帧率是多少？')).ask.expects).toBe('number');
    expect(planOf(await ask('第四批参数量最小的是哪个？')).ask).toMatchObject({ op: 'extreme', extreme: 'min' });
    expect(planOf(await ask('书生和日日新哪个参数更大？')).ask.op).toBe('compare');
    expect(planOf(await ask('哪些公司备案了不止一款模型？')).ask).toMatchObject({ op: 'group', group: { min: 2, exact: false } });
    const scale = planOf(await ask('第二批里千亿级以上的有哪些？'));
    expect(scale.about.where).toEqual([expect.objectContaining({ field: 'params', op: 'gte', values: [1000] })]);
    expect(scale.about.batches).toEqual([2]);
    expect(planOf(await ask('第四批哪些模型没写参数？')).about.where.some((p) => p.field === 'params' && p.op === 'empty')).toBe(true);
  });

  it('counts, lists, ranks, compares and groups over the records', async () => {
    const count = await ask('第二批中千亿级或以上的模型有几款？');
    expect(count.answer).toMatch(/8 条记录/); // 百灵 (万亿) + 7 at 千亿级 and 双千亿
    const least = await ask('第四批参数量最小的是哪个？');
    expect(least.answer).toContain('慕小仙');
    const cmp = await ask('书生和语鲸哪个参数更大？');
    expect(cmp.answer).toMatch(/^书生通用大模型的参数量更大/);
    const tie = await ask('日日新和书生哪个参数多？');
    expect(tie.answer).toContain('无法判断');
    const group = await ask('哪些公司备案了不止一款模型？');
    expect(group.answer).toContain('抖音');
    expect(group.answer).not.toContain('百度');
    const missing = await ask('第四批哪些模型没写参数？');
    for (const m of ['微步情报智脑', '阅爱聊']) expect(missing.answer).toContain(m);
    expect(missing.answer).not.toContain('慕小仙');
    const both = await ask('第二批和第三批都有模型的公司是哪家？');
    expect(both.found).toBe(false); // no company is in both
    expect(both.citations[0]?.source ?? TABLE_FILE).toBe(TABLE_FILE);
  });

  it('ranks groups, reads "前两批", and counts several batches together unless asked apart', async () => {
    expect((await ask('哪一批的模型最少？')).answer).toMatch(/^备案表中第一批的记录最少，共 8 条/);
    expect((await ask('前两批一共有多少款？')).answer).toMatch(/19 条记录/);
    const apart = await ask('第一批和第二批分别有几款？');
    expect(apart.answer).toMatch(/第一批：备案表列出 8 条/);
    expect(apart.answer).toMatch(/第二批：备案表列出 11 条/);
  });

  it('filters by a parameter count written as a number, and compares named things on a field', async () => {
    const eq = await ask('参数量为80亿的模型有哪些？');
    expect(eq.answer).toContain('语鲸');
    expect(eq.answer).not.toContain('慕小仙');
    const below = await ask('参数量低于40亿的模型有哪些？');
    expect(below.answer).toContain('慕小仙'); // 35 亿
    expect(below.answer).not.toContain('语鲸');
    expect((await ask('云雀和书生是同一批的吗？')).answer).toMatch(/^是的，都在第一批/);
    expect((await ask('百灵和言犀是同一批的吗？')).answer).toMatch(/^不是/);
  });

  it('filters by a word of the uses, and reads negated comparisons', async () => {
    const uses = await ask('应用场景涉及教育的模型有哪些？');
    expect(uses.answer).toContain('九章');
    expect(uses.answer).not.toContain('文心一言');
    const atMost = await ask('参数量不超过80亿的模型有哪些？');
    expect(atMost.answer).toContain('语鲸'); // 80 亿
    expect(atMost.answer).not.toContain('CharacterGLM'); // 百亿级
  });

  it('finds models by a part of their name', async () => {
    const a = await ask('名字里带“视觉”的模型有哪些？');
    expect(a.answer).toContain('福禄瓜视觉大模型');
    expect(a.answer).not.toContain('云雀');
    expect((await ask('Which models have GPT in their name?')).answer).toMatch(/孟子 GPT[\s\S]*MathGPT|MathGPT[\s\S]*孟子 GPT/);
  });

  it('does not answer from a record what the record does not hold', async () => {
    const a = await ask('百灵大模型的CEO是谁？');
    expect(a.found).toBe(false);
    expect(a.answer).toMatch(/没有百灵.*ceo/i);
  });

  it('returns the answer as data: a lead and one item per record, with provenance', async () => {
    const a = await ask('第三批通过备案的模型有哪些？');
    expect(a.result?.items).toHaveLength(9);
    expect(a.result?.items[0]).toMatchObject({ label: '言犀大模型', source: TABLE_FILE });
    expect(a.result?.lead).toMatch(/共 9 条：$/);
  });
});

describe('follow-ups', () => {
  it('resolves 它 / 该模型 / …呢 against the previous turn', async () => {
    const c = 'f1';
    expect((await ask('语鲸大模型是哪家公司的？', c)).answer).toContain('深言科技');
    expect((await ask('该模型的参数量是多少？', c)).answer).toContain('80 亿');
    expect((await ask('批次呢？', c)).answer).toContain('第三批');
  });

  it('resolves 这家公司 and 那X呢', async () => {
    const c = 'f2';
    await ask('天工大模型是哪一批的？', c);
    const co = await ask('这家公司还有别的模型吗？', c);
    expect(co.answer).toContain('昆仑万维');
    await ask('美团在第几批？', c);
    expect((await ask('那知乎呢？', c)).answer).toContain('第二批');
  });

  it('resolves 其中 / 同一批 over the previous result', async () => {
    const c = 'f3';
    await ask('第三批有哪些模型？', c);
    const within = await ask('其中百亿级的有哪几个？', c);
    for (const m of ['CharacterGLM', '孟子', '雅意']) expect(within.answer).toContain(m);
    expect(within.answer).not.toContain('言犀');
    await ask('CharacterGLM由哪家公司备案？', c);
    expect((await ask('同一批还有哪些模型？', c)).answer).toContain('山海');
  });

  it('reads a bare field question as a follow-up, and "那X呢" keeps the filters', async () => {
    const c = 'f6';
    await ask('出门问问的模型叫什么？', c);
    expect((await ask('参数量多少？', c)).answer).toContain('百亿级');
    const d = 'f7';
    await ask('第一批有哪些百亿级以上的模型？', d);
    const next = await ask('那第三批呢？', d);
    for (const m of ['言犀', 'CharacterGLM', '山海']) expect(next.answer).toContain(m);
    expect(next.answer).not.toContain('语鲸'); // 80 亿
  });

  it('takes a filed company named in a passage answer as the subject of the next turn', async () => {
    const c = 'f8';
    const first = await ask('可灵AI是哪个团队打造的？', c);
    expect(first.answer).toContain('快手');
    expect((await ask('这家公司备案的模型叫什么？', c)).answer).toContain('快意');
  });

  it('resolves English it / the same company', async () => {
    const c = 'f4';
    await ask('Which company filed 孟子 GPT?', c);
    const it = await ask('Which batch was it in?', c);
    expect(it.answer).toContain('第三批');
    expect(it.language).toBe('en');
    // A short English follow-up stays English.
    expect((await ask('What about 书生?', c)).answer).toMatch(/^书生通用大模型 .*batch/);
  });

  it('is not bent by the old topic when a new one starts', async () => {
    const c = 'f5';
    await ask('文心一言的参数量是多少？', c);
    const next = await ask('截至2024年底有多少款生成式人工智能服务完成备案？', c);
    expect(next.answer).toContain('302');
    expect(next.answer).not.toContain('文心一言');
  });

  it('asks back instead of guessing when nothing came before', async () => {
    const a = await ask('它的参数量是多少？', 'fresh-conversation');
    expect(a).toMatchObject({ found: false, clarify: true });
    expect(a.answer).toMatch(/指的是哪个/);
    // Without a conversation the same holds.
    expect((await ask('这家公司是哪一批的？')).clarify).toBe(true);
  });

  it('keeps conversations apart and forgets one on request', async () => {
    await ask('慕小仙大模型是哪家公司的？', 'g1');
    await ask('魔方大模型是哪家公司的？', 'g2');
    expect((await ask('它的参数量呢？', 'g1')).answer).toContain('35 亿');
    engine.endConversation('g1');
    expect((await ask('它的参数量呢？', 'g1')).clarify).toBe(true);
  });

  it('rejects odd conversation ids with a clear answer', async () => {
    const long = await engine.ask('第一批有哪些？', { conversation: 'x'.repeat(10_000) });
    expect(long).toMatchObject({ found: false, kind: 'none' });
    expect(long.answer).toMatch(/conversation id/);
    const ctrl = await engine.ask('第一批有哪些？', { conversation: 'a\u0000b' });
    expect(ctrl.found).toBe(false);
  });
});

describe('English questions about the Chinese texts', () => {
  it('take a Chinese name written in them as the subject, and "launched" as 发布', async () => {
    const a = await ask('Who launched 混元图像3.0?');
    // (Only a sentence that names it answers: 腾讯混元发布…"混元图像3.0", not another product's launch.)
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/腾讯混元发布[^。]*混元图像3\.0/);
  });
});

describe('refusals of near misses', () => {
  it('says which field the record lacks', async () => {
    const a = await ask('慕小仙大模型的备案号是多少？');
    expect(a.found).toBe(false);
    expect(a.answer).toMatch(/没有慕小仙大模型的备案号/);
  });

  it('does not answer a date with a figure of another date', async () => {
    const a = await ask('截至2023年底有多少款生成式人工智能服务完成备案？');
    expect(a.found).toBe(false);
    expect(a.answer).toMatch(/没有截至2023年底的数字/);
  });

  it('does not quote a sentence that only mentions the name', async () => {
    const a = await ask('豆包大模型的参数量是多少？');
    expect(a.found).toBe(false);
    expect(a.answer).toMatch(/提到了豆包.*没有给出它的参数量/);
  });

  it('does not take a passage about another thing, nor a figure of another period', async () => {
    const other = await ask('豆包大模型的输入价格每千tokens是多少元？');
    expect(other.found).toBe(false);
    const period = await ask('2025年第一季度新增了多少款生成式人工智能服务备案？');
    expect(period.found).toBe(false);
    expect(period.answer).toMatch(/没有2025年第一季度的数字/);
    const month = await ask('2023年10月有哪些模型通过备案？');
    expect(month).toMatchObject({ found: false });
    expect(month.answer).toMatch(/表中各批的通过时间/);
  });

  it('does not give another value than the one asked ("X是多少" needs X)', async () => {
    const a = await ask('星辰语音大模型的识别速度是多少？');
    expect(a.found).toBe(false);
  });

  it('says a batch the texts do not have is not there', async () => {
    const a = await ask('第七批有几家公司？');
    expect(a).toMatchObject({ found: false });
    expect(a.answer).toContain('第七批');
    // A yes/no question gets the verdict and the batch it is in.
    const no = await ask('文心一言在第三批吗？');
    expect(no.answer).toMatch(/^不是。.*第一批/);
  });
});

describe('languages', () => {
  it('reads traditional Chinese', async () => {
    expect(toSimplified('備案號與參數量')).toBe('备案号与参数量');
    const a = await ask('第三批通過備案的模型有哪些？');
    expect(a.answer).toContain('言犀');
    expect((await ask('紫東太初是哪個機構的？')).answer).toContain('中科院');
  });

  it('reaches the Chinese texts from English through the dictionary, and frames in English', async () => {
    expect(lemmas('companies')).toContain('company');
    // A long dictionary sense names its entry by its head noun too: 董事长 is "chairman of the board of directors".
    expect(glossEnglish('Who is the chairman?', () => true, 50).find((g) => g.english === 'chairman')?.chinese).toContain('董事长');
    const a = await ask('How many tools does the 联通元景 toolbox contain?');
    expect(a.answer).toContain('100多个');
    expect(a.answer).toMatch(/^The texts say/);
    const b = await ask('Which company developed the 快意 model?');
    expect(b.answer).toMatch(/快意大模型 belongs to 快手/);
    expect((await ask('What is the price of bitcoin in 2024?')).found).toBe(false);
  });
});

describe('conversation memory', () => {
  it('stays bounded: the least recently used is dropped, idle ones expire', () => {
    let now = 0;
    const store = new ConversationStore(1000, 60_000, () => now);
    const state = {
      entities: [],
      batches: [1],
      rows: [],
      ask: { op: 'list' as const, fields: [], expects: 'any' as const },
      topic: [],
      where: [],
      language: 'zh' as const,
    };
    for (let i = 0; i < 100_000; i++) store.set(`c${i}`, state);
    expect(store.size).toBe(1000);
    expect(store.get('c0')).toBeUndefined();
    expect(store.get('c99999')).toEqual(state);
    now = 120_000;
    expect(store.get('c99999')).toBeUndefined();
  });
});

describe('a quoted statement asked about', () => {
  it('is searched for, not read as conditions, and its speaker comes with the quotation', async () => {
    const when = await ask('“截至2024年底共302款完成备案”这个数字，网信办是哪天发布的？');
    expect(when.kind).toBe('passage');
    expect(when.answer).toContain('2025年1月8日');
    expect(planOf(when).about.where).toEqual([]);
    const who = await ask('“大模型行业未来发展将呈现推理能力显著提升、推理算力成本大幅降低”这话是谁说的？');
    expect(who.found).toBe(true);
    expect(who.answer).toContain('周鸿祎');
  });
});
