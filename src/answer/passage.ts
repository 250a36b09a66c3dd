/**
 * Answers from the texts: hybrid retrieval of passages, then the sentence(s) that actually answer,
 * quoted exactly, with a calibrated "found" (the evidence must cover the question's content words).
 */
import type { StoredPassage } from '../index/manifest.js';
import type { Knowledge } from '../retrieve/knowledge.js';
import { coverage, normalizeForMatch, type Term } from './evidence.js';
import type { Analysis } from './question.js';

/** Minimum coverage of the question's weighted content words for an answer to count as found. */
export const FOUND_THRESHOLD = 0.6;
const MAX_ANSWER = 300;

export interface Evidence {
  passage: StoredPassage;
  /** Sentence indexes within the passage that are quoted. */
  sentences: number[];
  lines: [number, number];
  text: string;
  coverage: number;
}

export interface PassageResult {
  found: boolean;
  answer: string;
  evidence: Evidence[];
  coverage: number;
}

/** Keeps the clauses of a long sentence around the ones that hold the question's words. */
export function trimToWindow(text: string, terms: readonly Term[], max = MAX_ANSWER): string {
  if ([...text].length <= max) return text;
  const clauses = text.split(/(?<=[，,；;：:、])/);
  const scores = clauses.map((c) => coverage(terms, c));
  const best = scores.indexOf(Math.max(...scores));
  let from = best;
  let to = best;
  const len = () => clauses.slice(from, to + 1).join('').length;
  while (true) {
    const canLeft = from > 0 && len() + clauses[from - 1]!.length <= max;
    const canRight = to < clauses.length - 1 && len() + clauses[to + 1]!.length <= max;
    if (!canLeft && !canRight) break;
    // Grow towards the side with more of the question's words; prefer the right (the number often follows).
    if (canRight && (!canLeft || scores[to + 1]! >= scores[from - 1]!)) to++;
    else from--;
  }
  const body = clauses.slice(from, to + 1).join('').replace(/[，,；;：:、]$/, '');
  return (from > 0 ? '…' : '') + ([...body].length > max ? [...body].slice(0, max - 1).join('') : body) + (to < clauses.length - 1 ? '…' : '');
}

function trigramJaccard(a: string, b: string): number {
  const grams = (s: string) => {
    const g = new Set<string>();
    const t = normalizeForMatch(s).replace(/[\p{P}\p{S}]/gu, '');
    for (let i = 0; i + 3 <= t.length; i++) g.add(t.slice(i, i + 3));
    return g;
  };
  const A = grams(a);
  const B = grams(b);
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  return inter / Math.max(1, A.size + B.size - inter);
}

const NUMBER = /\d|[一二两三四五六七八九十百千万]+(?=[个家款种项位名次席倍亿万元年天秒人])/;
const UNITS = '个家款种项位名次席倍亿万元年天秒人';

/** The measure word a quantity question asks for: 多少个 → 个, 几家 → 家. */
function askedUnit(q: string): string | undefined {
  return new RegExp(`(?:多少|几)([${UNITS}])`).exec(q)?.[1];
}

/** How well a sentence can answer a "how many" question: it needs a number, ideally with the asked unit. */
function quantityFit(sentence: string, unit: string | undefined): number {
  if (unit && new RegExp(`(\\d|[一二两三四五六七八九十百千万多余])\\s*${unit}`).test(sentence)) return 0.15;
  return NUMBER.test(sentence) ? 0.05 : -0.25;
}

export async function answerFromPassages(index: Knowledge, a: Analysis, terms: readonly Term[], titles: Map<string, string>): Promise<PassageResult> {
  const none: PassageResult = { found: false, answer: '', evidence: [], coverage: 0 };
  if (!terms.length) return none;
  const candidates = await index.search(a.text, 8);
  const wantsNumber = a.intents.has('count');
  const unit = askedUnit(a.text);
  const scored: (Evidence & { score: number })[] = [];
  candidates.forEach((c, rank) => {
    const p = c.passage;
    const context = [p.section ?? '', titles.get(p.source) ?? ''].join(' ');
    p.sentences.forEach((s, j) => {
      const around = [p.sentences[j - 1]?.text ?? '', p.sentences[j + 1]?.text ?? '', context].join(' ');
      let cov = coverage(terms, s.text, around);
      // A batch question is only answered by a sentence that talks about a batch.
      if (a.intents.has('batch') && !/批/.test(s.text)) cov *= 0.5;
      const score = cov + (wantsNumber ? quantityFit(s.text, unit) : 0) + 0.02 * (1 - rank / candidates.length);
      scored.push({ passage: p, sentences: [j], lines: s.lines, text: s.text, coverage: cov, score });
    });
  });
  scored.sort((x, y) => y.score - x.score);
  const best = scored[0];
  if (!best || best.coverage < FOUND_THRESHOLD) return { ...none, coverage: best?.coverage ?? 0 };

  // The previous sentence often names the subject ("混元图像3.0" … "该模型…第一位"): include it when it helps.
  const j = best.sentences[0]!;
  const prev = best.passage.sentences[j - 1];
  if (prev && coverage(terms, best.text) < 0.999) {
    const joined = prev.text + best.text;
    if (coverage(terms, joined) > coverage(terms, best.text) + 0.05 && [...joined].length <= MAX_ANSWER) {
      best.sentences = [j - 1, j];
      best.lines = [prev.lines[0], best.lines[1]];
      best.text = joined;
    }
  }

  const evidence: Evidence[] = [best];
  for (const e of scored.slice(1)) {
    if (evidence.length >= 3) break;
    if (e.coverage < FOUND_THRESHOLD * 0.8) break;
    if (evidence.some((x) => x.passage.id === e.passage.id || trigramJaccard(x.text, e.text) > 0.5)) continue;
    evidence.push(e);
  }
  return { found: true, answer: trimToWindow(best.text, terms), evidence, coverage: best.coverage };
}
