/**
 * Evaluates plan predicates over records, through the declared fields (src/records/fields.ts):
 * the one place where a condition meets a record. A predicate on a field the record's type does
 * not declare never matches ("参数量那一格空着" says nothing of a register, which has no such column).
 */
import * as z from 'zod';
import { dayOf, FIELD_KEYS, FIELD_SPECS, quantities, type FieldKey } from './fields.js';
import { RECORD_TYPES } from './recordTypes.js';
import type { FilingRecord } from './schema.js';

/**
 * One condition over a declared record field (records/fields.ts). `values` are alternatives
 * (any of them: "简历或求职"); `negate` turns it round ("不叫大模型的", "除了北京"). Numbers with units
 * and orders of magnitude are values (in 亿), dates are ISO strings; `text` is how the question put
 * it, for the answer's wording.
 *
 * - eq / contains / startsWith / endsWith: the field's text (case- and space-insensitive);
 * - empty: the field is not filled;
 * - gte / lte / between: quantities and dates (`from`/`to`, either may be open);
 * - in: one of a few values (batches, tracks);
 * - like: the cell says most of a description (see likeness()).
 */
export const PREDICATE_OPS = ['eq', 'contains', 'startsWith', 'endsWith', 'empty', 'gte', 'lte', 'between', 'in', 'like'] as const;
export const Predicate = z.object({
  field: z.enum(FIELD_KEYS),
  op: z.enum(PREDICATE_OPS),
  values: z
    .array(z.union([z.string().max(200), z.number()]))
    .max(20)
    .default([]),
  from: z.union([z.string(), z.number()]).optional(),
  to: z.union([z.string(), z.number()]).optional(),
  negate: z.boolean().default(false),
  /** How the question put it ("千亿级或以上", "截至2024年6月底", "上海"). */
  text: z.string().max(200),
});
export type Predicate = z.infer<typeof Predicate>;

export const norm = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u200b-\u200d\u2060\u00ad]+/g, '');

export { dayOf };

export function declares(r: FilingRecord, field: FieldKey): boolean {
  return RECORD_TYPES.some((t) => t.origin === r.origin && t.tracks.includes(r.track) && t.fields.includes(field));
}

function textMatches(value: string | undefined, p: Predicate): boolean {
  if (p.op === 'empty') return value === undefined || !value.trim();
  if (value === undefined) return false;
  const v = norm(value);
  return p.values.some((x) => {
    const w = norm(String(x));
    switch (p.op) {
      // A cell "混合模型(大中小模型有机组合)" is written "混合模型": a parenthetical remark is not the value.
      case 'eq':
        return v === w || v.replace(/[(（][^)）]*[)）]/g, '') === w;
      case 'contains':
        return v.includes(w);
      case 'startsWith':
        return v.startsWith(w);
      case 'endsWith':
        return v.endsWith(w);
      case 'in':
        return v === w;
      case 'like':
        return likeness(v, w) >= LIKE;
      default:
        return false;
    }
  });
}

function quantityMatches(r: FilingRecord, p: Predicate): boolean {
  const vs = quantities(r);
  const num = (x: unknown) => (typeof x === 'number' ? x : undefined);
  switch (p.op) {
    case 'gte': {
      const n = num(p.values[0]);
      return n !== undefined && vs.length > 0 && Math.max(...vs) >= n;
    }
    case 'lte': {
      const n = num(p.values[0]);
      if (n === undefined || !vs.length) return false;
      // An order of magnitude ("百亿级": 100 亿 and up) is at most N only when it is below N.
      if (r.params!.approx && !/\d/.test(r.params!.text)) return Math.min(...vs) < n;
      return Math.min(...vs) <= n;
    }
    case 'between': {
      // An order of magnitude: the record's largest count lies in [from, to).
      const v = r.params?.value;
      if (v === undefined) return false;
      return (num(p.from) === undefined || v >= num(p.from)!) && (num(p.to) === undefined || v < num(p.to)!);
    }
    case 'eq':
      // A number is an exact count; a word is the cell as written ("千亿级", "混合模型").
      return p.values.some((x) =>
        typeof x === 'number' ? !r.params?.approx && vs.includes(x) : textMatches(r.params?.text, { ...p, values: [x] }),
      );
    default:
      return textMatches(r.params?.text, p);
  }
}

function dateMatches(value: string | undefined, r: FilingRecord, p: Predicate): boolean {
  if (p.op === 'empty') return !value;
  if (!value) return false;
  const from = p.from === undefined ? undefined : String(p.from);
  const to = p.to === undefined ? undefined : String(p.to);
  if (p.op === 'between' || p.op === 'gte' || p.op === 'lte') {
    // A month (a batch's or a list's) overlaps the range.
    const start = dayOf(value);
    const end = value.length === 7 ? `${value}-31` : value;
    const f = p.op === 'lte' ? undefined : (from ?? (p.values[0] !== undefined ? String(p.values[0]) : undefined));
    const t = p.op === 'gte' ? undefined : (to ?? (p.values[0] !== undefined ? String(p.values[0]) : undefined));
    if (r.origin === 'register' && p.field === 'date') return (!f || start >= f) && (!t || start <= t);
    return (!f || end >= f) && (!t || start <= t);
  }
  return p.values.some((x) => value.startsWith(String(x)));
}

function matchesPositive(r: FilingRecord, p: Predicate): boolean {
  const spec = FIELD_SPECS[p.field];
  switch (spec.kind) {
    case 'quantity':
      return p.op === 'empty' ? !r.params : quantityMatches(r, p);
    case 'date':
      return dateMatches(spec.get(r), r, p);
    case 'ordinal': {
      const v = Number(spec.get(r));
      if (p.op === 'empty') return !spec.get(r);
      if (!spec.get(r)) return false;
      if (p.op === 'gte') return v >= Number(p.values[0]);
      if (p.op === 'lte') return v <= Number(p.values[0]);
      if (p.op === 'between') return (p.from === undefined || v >= Number(p.from)) && (p.to === undefined || v <= Number(p.to));
      return p.values.some((x) => Number(x) === v);
    }
    default:
      return textMatches(spec.get(r), p);
  }
}

/** Whether a record meets a predicate (negation included); records whose type lacks the field never do. */
/**
 * How much of a description a cell says: the share of the description's character pairs (Chinese,
 * Latin words; function characters and punctuation left out) that the cell has. "专门给服装美妆食品饮料
 * 做商品图" against 慕小仙's "专为服装、美妆、食品饮料等行业设计…商品形态" is about 0.6.
 */
export function likeness(cell: string, description: string): number {
  const pairs = (s: string) => {
    // Function characters and punctuation end a run (single characters: 专, 门, 那, 个 … each on its own).
    const t = s.replace(/[的了和与及或给把被对在是也都还就能会可以帮人专门做搞用来那个这款、，,。；;：:“”"'‘’（）()/\s]/g, '|');
    const out = new Set<string>();
    for (const run of t.split('|')) for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
    return out;
  };
  const want = pairs(description);
  if (!want.size) return 0;
  const have = pairs(cell);
  let hit = 0;
  for (const p of want) if (have.has(p)) hit++;
  return hit / want.size;
}
/** The likeness from which a cell is taken to say a description ("like"). */
export const LIKE = 0.45;

export function matches(r: FilingRecord, p: Predicate): boolean {
  if (!declares(r, p.field)) return false;
  return matchesPositive(r, p) !== p.negate;
}

export const matchesAll = (r: FilingRecord, ps: readonly Predicate[]): boolean => ps.every((p) => matches(r, p));

/** Conditions no record can meet together: a lower bound above an upper bound on one field. */
export function contradictions(where: readonly Predicate[]): [Predicate, Predicate] | undefined {
  for (const lo of where) {
    if (lo.negate || lo.op !== 'gte' || typeof lo.values[0] !== 'number') continue;
    const hi = where.find(
      (p) =>
        p.field === lo.field &&
        !p.negate &&
        p.op === 'lte' &&
        typeof p.values[0] === 'number' &&
        (p.values[0] as number) < (lo.values[0] as number),
    );
    if (hi) return [lo, hi];
  }
  return undefined;
}
