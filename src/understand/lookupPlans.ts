/**
 * Plans for the front ends' lookups (/batch 3, /model 文心一言, /company 百度): built directly from
 * what was asked, not by writing a Chinese question and reading it back.
 */
import { aliasKey, type EntityIndex } from '../records/entityIndex.js';
import { readCues } from './cues.js';
import type { EntityRef, Plan } from './plan.js';

const base = (text: string): Plan => ({
  text,
  language: 'zh',
  about: { entities: [], batches: [], batchJoin: 'any', where: [], filings: true, tableOnly: false },
  ask: { op: 'list', fields: [], expects: 'any' },
  refers: [],
  cues: readCues(text, [], []),
  terms: [],
});

/** Every record of a batch of the texts' table. */
export function batchPlan(n: number): Plan {
  const p = base(`/batch ${n}`);
  return { ...p, about: { ...p.about, batches: [n] } };
}

/** A model or company by name, as the entity index knows it: described (one) or listed (a company's). */
export function namedPlan(kind: 'model' | 'company', value: string, entities: EntityIndex): Plan | undefined {
  const key = aliasKey(value);
  const found = entities.find(value).filter((m) => m.kind === kind || kind === 'model');
  const exact = found.filter((m) => m.alias === key);
  const chosen = (exact.length ? exact : found).filter((m) => m.kind === kind);
  const refs: EntityRef[] = (chosen.length ? chosen : found).map((m) => ({ kind: m.kind, name: m.alias, records: m.records }));
  if (!refs.length) return undefined;
  const p = base(`/${kind} ${value}`);
  return {
    ...p,
    about: { ...p.about, entities: refs },
    ask: kind === 'company' ? { op: 'list', fields: ['model'], expects: 'any' } : { op: 'describe', fields: [], expects: 'any' },
    cues: readCues(
      value,
      [],
      refs.map((r) => r.name),
    ),
    terms: [{ word: refs[0]!.name, variants: [refs[0]!.name] }],
  };
}
