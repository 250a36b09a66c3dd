/**
 * The query plan: what a question is about, what it asks, and what it refers back to.
 * Reading a question produces one (understand/readQuestion.ts); one executor runs any plan over
 * the records (answer/execute.ts) and one renderer writes the answer (answer/renderRecords.ts).
 * New question shapes are new combinations of these parts.
 */
import * as z from 'zod';
import { FIELD_KEYS } from '../records/fields.js';
import { Cues } from './cues.js';

export const Field = z.enum(FIELD_KEYS);
export type Field = z.infer<typeof Field>;

/** A model or company the question names (or a follow-up inherits), with the records it stands for. */
/** The fields a named thing is a value of: a model's name or a company. */
const ENTITY_KINDS = ['model', 'company'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export const isEntityKind = (f: string): f is EntityKind => (ENTITY_KINDS as readonly string[]).includes(f);

export const EntityRef = z.object({
  kind: z.enum(ENTITY_KINDS),
  /** The name as matched ("云雀", "kimi"). */
  name: z.string(),
  /** Indexes into the records. */
  records: z.array(z.number().int().nonnegative()),
  /** How the question wrote it, when that was not the name ("玲心智能", "yanxi"): the answer says how it was read. */
  typed: z.string().optional(),
});
export type EntityRef = z.infer<typeof EntityRef>;

export { Predicate, PREDICATE_OPS } from '../records/predicates.js';
import { Predicate } from '../records/predicates.js';

export const About = z.object({
  entities: z.array(EntityRef),
  batches: z.array(z.number().int().positive()),
  /** "第一批和第三批都有" asks for what is in all of them; otherwise any of them. */
  batchJoin: z.enum(['any', 'all']),
  /** Conditions every selected record meets (and-joined; a predicate's values are or-joined). */
  where: z.array(Predicate).max(50),
  filingNo: z.string().optional(),
  /** "其中": the previous answer's records. */
  within: z.array(z.number().int().nonnegative()).optional(),
  /** The question concerns filing/registration itself (not, say, market size). */
  filings: z.boolean(),
  /** "表里", "in the table": the filing records only, never the passages. */
  tableOnly: z.boolean().default(false),
});
export type About = z.infer<typeof About>;

export const OPS = ['describe', 'field', 'list', 'count', 'extreme', 'compare', 'group', 'newest', 'verify'] as const;

/** The kind of fact a passage must hold to answer. */
export const EXPECTS = ['number', 'percent', 'date', 'org', 'place', 'name', 'description', 'any'] as const;
export type Expects = (typeof EXPECTS)[number];

export const Ask = z.object({
  op: z.enum(OPS),
  /** Fields asked for, most important first. */
  fields: z.array(Field),
  extreme: z.enum(['max', 'min']).optional(),
  countOf: z.enum(['records', 'companies']).optional(),
  /** count: the field whose distinct values are counted besides the records ("几个属地", "几期清单"). */
  distinct: Field.optional(),
  /** group: companies with at least (or exactly) this many records. */
  group: z.object({ min: z.number().int().positive(), exact: z.boolean() }).optional(),
  /** "分别/各/每": one answer per named thing or batch rather than one for all together. */
  apart: z.boolean().optional(),
  /** extreme/group over groups: records grouped by this declared field (批次, 公司, 属地, 清单 …). */
  by: z.enum(FIELD_KEYS).optional(),
  /** group: the groups a share is asked of ("北京的备案占多大比例" → 北京); the groups together are the whole. */
  focus: z.array(z.string().max(200)).max(20).optional(),
  /** "前三": how many groups (or records) the answer ranks. */
  top: z.number().int().positive().max(100).optional(),
  /** list: only the row at this position, in the source's own order ("排第三个的", "按序号第五个"). */
  nth: z.number().int().positive().max(100000).optional(),
  expects: z.enum(EXPECTS),
  /** verify: the claim checked (a yes/no question): claimed field values, or words the texts must state. */
  claim: z
    .object({
      /** Field values the question asserts of its subject ("是智谱AI备案的" → company 智谱AI). */
      fields: z.array(Predicate).max(20),
      /** Numbers the question asserts ("一半", "1000张"), as written. */
      numbers: z.array(z.string()).max(20),
      /** The question asks whether something is NOT so ("不是…吧"). */
      negated: z.boolean(),
      /** How many records the claim says meet the conditions ("只有13款", "超过10家"): 家 counts companies. */
      count: z.object({ op: z.enum(['eq', 'gte', 'lte']), value: z.number(), unit: z.string() }).optional(),
    })
    .optional(),
  /** The measure word of a quantity question: 多少个 → 个. */
  unit: z.string().optional(),
  /** What is counted: 多少家企业 → 企业 (a sentence with "7500家企业" fits best). */
  counted: z.string().optional(),
});
export type Ask = z.infer<typeof Ask>;

export const Plan = z.object({
  /** The question as read: markup stripped, simplified characters, NFKC. */
  text: z.string(),
  language: z.enum(['zh', 'en']),
  about: About,
  ask: Ask,
  /** References resolved against the conversation: 它 → 紫东太初大模型. */
  refers: z.array(z.object({ word: z.string(), to: z.string() })),
  /** A referring word that nothing before it resolves ("它" in a first message). */
  unresolved: z.string().optional(),
  /** A typed name as close to several names: the answer asks which one. */
  ambiguous: z.object({ typed: z.string(), options: z.array(z.string()) }).optional(),
  /** What the answer side looks for in the question besides its conditions (understand/cues.ts). */
  cues: Cues,
  /** Content words for the texts, with English glosses as variants. */
  terms: z.array(
    z.object({
      word: z.string(),
      variants: z.array(z.string()),
      /** A word naming the asked field (参数量, 公司, 备案号) rather than the subject. */
      asked: z.boolean().optional(),
    }),
  ),
});
export type Plan = z.infer<typeof Plan>;

/** The plan as shown to people (`--json`, `--explain`): record indexes become counts. */
export const PlanView = Plan.extend({
  about: About.extend({
    entities: z.array(EntityRef.omit({ records: true }).extend({ records: z.number().int() })),
    within: z.number().int().optional(),
  }),
});
export type PlanView = z.infer<typeof PlanView>;

export function viewPlan(plan: Plan): PlanView {
  const { entities, within, ...about } = plan.about;
  return {
    ...plan,
    about: { ...about, entities: entities.map((e) => ({ ...e, records: e.records.length })), ...(within ? { within: within.length } : {}) },
  };
}

/** The date range the plan's conditions name, as the answer words it. */
export function dateRangeOf(plan: Pick<Plan, 'about'>): { from?: string; to?: string; label: string } | undefined {
  const p = plan.about.where.find((x) => x.field === 'date' && x.op === 'between' && !x.negate);
  return p
    ? { ...(p.from !== undefined ? { from: String(p.from) } : {}), ...(p.to !== undefined ? { to: String(p.to) } : {}), label: p.text }
    : undefined;
}

/** The place the plan selects ("上海", or a city of a province: {province: 广东, city: 深圳}). */
export function placeOf(plan: Pick<Plan, 'about'>): { province: string; city?: string } | undefined {
  const p = plan.about.where.find((x) => x.field === 'province' && x.op === 'eq' && !x.negate);
  if (!p) return undefined;
  const province = String(p.values[0]);
  return p.text !== province ? { province, city: p.text } : { province };
}

/** The tracks the plan selects (备案, 登记, algorithm filings), if it names any. */
export function tracksOfPlan(plan: Pick<Plan, 'about'>): string[] | undefined {
  const p = plan.about.where.find((x) => x.field === 'track' && x.op === 'in' && !x.negate);
  return p ? p.values.map(String) : undefined;
}
