/**
 * The query plan: what a question is about, what it asks, and what it refers back to.
 * Reading a question produces one (understand/readQuestion.ts); one executor runs any plan over
 * the records (answer/execute.ts) and one renderer writes the answer (answer/renderRecords.ts).
 * New question shapes are new combinations of these parts.
 */
import * as z from 'zod';
import { SCALES, TRACKS } from '../records/schema.js';
import { DateRange } from './dates.js';

export const FIELDS = ['company', 'model', 'params', 'batch', 'date', 'province', 'filingNo', 'uses'] as const;
export const Field = z.enum(FIELDS);
export type Field = z.infer<typeof Field>;

/** A model or company the question names (or a follow-up inherits), with the records it stands for. */
export const EntityRef = z.object({
  kind: z.enum(['model', 'company']),
  /** The name as matched ("云雀", "kimi"). */
  name: z.string(),
  /** Indexes into the records. */
  records: z.array(z.number().int().nonnegative()),
});
export type EntityRef = z.infer<typeof EntityRef>;

export const About = z.object({
  entities: z.array(EntityRef),
  batches: z.array(z.number().int().positive()),
  /** "第一批和第三批都有" asks for what is in all of them; otherwise any of them. */
  batchJoin: z.enum(['any', 'all']),
  dates: DateRange.optional(),
  place: z.object({ province: z.string(), city: z.string().optional() }).optional(),
  tracks: z.array(z.enum(TRACKS)).optional(),
  scale: z.enum(SCALES).optional(),
  /** "千亿级或以上": the scale or larger. */
  scaleOrAbove: z.boolean(),
  /** "参数量为60亿", "低于50亿", "more than 100 billion": a count in units of 亿 and how to compare. */
  paramsCount: z.object({ value: z.number().positive(), cmp: z.enum(['eq', 'gte', 'lte']), text: z.string() }).optional(),
  /** "没有公布参数量的": records without a parameter count. */
  paramsMissing: z.boolean(),
  filingNo: z.string().optional(),
  /** "名称里带GLM的": records whose name contains this. */
  nameHas: z.string().optional(),
  /** "应用场景涉及医疗的": records whose uses mention this. */
  usesHas: z.string().optional(),
  /** "其中": the previous answer's records. */
  within: z.array(z.number().int().nonnegative()).optional(),
  /** The question concerns filing/registration itself (not, say, market size). */
  filings: z.boolean(),
});
export type About = z.infer<typeof About>;

export const OPS = ['describe', 'field', 'list', 'count', 'extreme', 'compare', 'group', 'newest'] as const;

/** The kind of fact a passage must hold to answer. */
export const EXPECTS = ['number', 'percent', 'date', 'org', 'place', 'name', 'description', 'any'] as const;
export type Expects = (typeof EXPECTS)[number];

export const Ask = z.object({
  op: z.enum(OPS),
  /** Fields asked for, most important first. */
  fields: z.array(Field),
  extreme: z.enum(['max', 'min']).optional(),
  countOf: z.enum(['records', 'companies']).optional(),
  /** group: companies with at least (or exactly) this many records. */
  group: z.object({ min: z.number().int().positive(), exact: z.boolean() }).optional(),
  /** "分别/各/每": one answer per named thing or batch rather than one for all together. */
  apart: z.boolean().optional(),
  /** extreme over groups: the batch or company with the most (or fewest) records. */
  by: z.enum(['batch', 'company']).optional(),
  expects: z.enum(EXPECTS),
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
  /** Content words for the texts, with English glosses as variants. */
  terms: z.array(z.object({
    word: z.string(),
    variants: z.array(z.string()),
    /** A word naming the asked field (参数量, 公司, 备案号) rather than the subject. */
    asked: z.boolean().optional(),
  })),
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
