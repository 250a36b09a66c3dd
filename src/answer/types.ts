/** The answer contract shared by the CLI (`--json`), the REPL and the Telegram bot. */
import * as z from 'zod';
import type { LookupField } from '../records/fields.js';

export const Citation = z.object({
  n: z.number().int().positive(),
  /** Corpus file name, e.g. `003_7b9ac7543aed0d98.txt`. */
  source: z.string(),
  title: z.string(),
  /** 1-based inclusive line range in the original file (for registers: the row range). */
  lines: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  /** The quoted text, exactly as written (after cleaning). */
  text: z.string(),
  /** For paged documents (PDF): page and line-in-page of each end of `lines`. */
  pages: z
    .object({
      from: z.object({ page: z.number().int().positive(), line: z.number().int().positive() }),
      to: z.object({ page: z.number().int().positive(), line: z.number().int().positive() }),
    })
    .optional(),
});
export type Citation = z.infer<typeof Citation>;

/** Where a citation stands, for people: "report.pdf p.3 l.12–14" or "003_….txt:62–64". */
export function citationPlace(c: Pick<Citation, 'source' | 'lines' | 'pages'>): string {
  if (c.pages) {
    const { from: a, to: b } = c.pages;
    const span =
      a.page !== b.page
        ? `p.${a.page} l.${a.line}–p.${b.page} l.${b.line}`
        : a.line === b.line
          ? `p.${a.page} l.${a.line}`
          : `p.${a.page} l.${a.line}–${b.line}`;
    return `${c.source} ${span}`;
  }
  return `${c.source}:${c.lines[0]}${c.lines[1] !== c.lines[0] ? `–${c.lines[1]}` : ''}`;
}

/** One listed thing of a structured result: a record, a company, a batch … */
export const ResultItem = z.object({
  /** The name as the sources write it ("云雀大模型"). */
  label: z.string(),
  /** Short details in the answer's language ("抖音，第一批（2023 年 8 月），1300 亿"). */
  detail: z.string().optional(),
  /** Where the item stands (corpus file and line range), so a page of items can show its own sources. */
  source: z.string().optional(),
  lines: z.tuple([z.number().int().positive(), z.number().int().positive()]).optional(),
});
export type ResultItem = z.infer<typeof ResultItem>;

/**
 * The answer as data, for front ends that lay it out themselves (the bot): the direct answer's
 * lead sentence, then every item (not only those the prose names), so lists can be paged.
 */
export const StructuredResult = z.object({
  /** The direct answer without the list ("第四批通过备案的共 13 条："). */
  lead: z.string(),
  items: z.array(ResultItem),
  /** How many items exist (items may be capped). */
  total: z.number().int().nonnegative(),
  /** Lines after the list (notes such as "备案与登记分别计数，不相加。"). */
  notes: z.array(z.string()).default([]),
  /** Group-by answers (per province, per company, per list): the counts to draw as a bar chart. */
  chart: z
    .object({
      title: z.string(),
      bars: z.array(z.object({ label: z.string(), value: z.number().nonnegative() })),
    })
    .optional(),
});
export type StructuredResult = z.infer<typeof StructuredResult>;

export const Answer = z.object({
  question: z.string(),
  found: z.boolean(),
  kind: z.enum(['lookup', 'passage', 'none']),
  /** Direct answer first (at most ~300 characters of prose). */
  answer: z.string(),
  citations: z.array(Citation),
  ms: z.number().nonnegative(),
  /** How the question was read (the query plan), for `ask --explain` and debugging. */
  plan: z.unknown().optional(),
  /** The language the answer's own words are in (names and quotes stay as the sources write them). */
  language: z.enum(['zh', 'en']).optional(),
  /** The answer as data (lead, items, notes); absent for bad-input messages. */
  result: StructuredResult.optional(),
  /** Set when the answer is a clarifying question (an unresolved "它" with nothing before it). */
  clarify: z.boolean().optional(),
});
export type Answer = z.infer<typeof Answer>;

/** What a lookup command (/batch, /model, /company, /province …) asks for: fields declared in records/fields.ts. */
export { LOOKUP_FIELDS, type LookupField } from '../records/fields.js';

export interface SourceInfo {
  source: string;
  title: string;
  /** ISO date (YYYY-MM or YYYY-MM-DD) derived from the text, when one can be derived. */
  date?: string;
  /** Who published it and where a reader finds it (sidecar metadata or the document itself). */
  publisher?: string;
  url?: string;
  passages: number;
  records: number;
}

/** A batch or published list the index holds, for help texts and /batch (engine.batches()). */
export interface BatchInfo {
  /** 'table': a batch of the texts' filing table (第N批); 'list': a published CAC list (by period). */
  kind: 'table' | 'list';
  /** Batch number (table) or YYYY-MM (list). */
  key: string;
  /** "第一批（2023 年 8 月）", "生成式人工智能服务已备案信息（2024年4月）". */
  label: string;
  records: number;
}

export interface IndexStats {
  files: number;
  passages: number;
  records: number;
  /** notice: the index's weight-free notice (manifest embedder.notice), shown once by the front ends. */
  embedder: { id: string; mode: 'transformers' | 'hash'; dim: number; notice?: string };
  builtAt: string;
  buildSeconds: number;
}

export interface AskOptions {
  /** Conversation id: follow-ups ("它的参数量呢？") resolve against earlier turns of the same id. */
  conversation?: string;
}

/** The one answer engine behind the REPL, the CLI and the bot. */
export interface AnswerEngine {
  /** Never throws for bad input: empty/huge/emoji-only questions come back as found:false with a clear message. */
  ask(question: string, opts?: AskOptions): Promise<Answer>;
  /** Forgets a conversation's state (REPL `:new`, bot `/new`). */
  endConversation(id: string): void;
  /** Releases the index (file handles, memory); the engine answers nothing afterwards. */
  close?(): void;
  /** Structured lookup used by commands; same Answer shape. */
  lookup(field: LookupField, value: string): Promise<Answer>;
  /** The full passage (or table row / register row) that contains a cited line range. */
  context(source: string, lines: [number, number]): Citation | undefined;
  sources(): SourceInfo[];
  /** The batches and lists the index really has, in order. */
  batches(): BatchInfo[];
  stats(): IndexStats;
}
