/**
 * Answers from the texts: hybrid retrieval of passages, then the sentence(s) that actually answer,
 * quoted exactly, with a calibrated "found" (the evidence must cover the question's content words).
 */
import type { StoredPassage } from '../index/manifest.js';
import { hybridSearch } from '../retrieve/hybrid.js';
import type { Knowledge } from '../retrieve/knowledge.js';
import { coverage, normalizeForMatch, type Term } from './evidence.js';
import type { Plan } from '../understand/plan.js';
import { is } from '../records/fields.js';
import { names } from './execute.js';
import { asOfDates, mentionsWithin, yearsIn } from '../understand/dates.js';
import { CONTRASTS, DATE_WORD, SCOPES } from '../understand/cues.js';
import { otherDuration } from '../text/amounts.js';
import { fitsExpected, listedItems, type FactCheck } from './facts.js';
import { phrasebookFor } from './phrases/index.js';

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
  /** When the texts speak of the subject but lack the asked fact: what is missing, in words. */
  refusal?: string;
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
  const body = clauses
    .slice(from, to + 1)
    .join('')
    .replace(/[，,；;：:、]$/, '');
  return (
    (from > 0 ? '…' : '') + ([...body].length > max ? [...body].slice(0, max - 1).join('') : body) + (to < clauses.length - 1 ? '…' : '')
  );
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

const FIRST_PERSON = /我们|我司|本公司|本集团/;

/** Whether a sentence speaks of the other half of a pair the question names one half of (cues.contrasts). */
export function speaksOfTheOther(contrasts: readonly string[], sentence: string): boolean {
  const said = new Set(contrasts);
  return CONTRASTS.some(
    ([a, b]) =>
      (said.has(a) && !said.has(b) && !sentence.includes(a) && sentence.includes(b)) ||
      (said.has(b) && !said.has(a) && !sentence.includes(b) && sentence.includes(a)),
  );
}

const MODEL_NAME = /([\u4e00-\u9fffA-Za-z0-9]{2,8})大模型/g;

/**
 * Whether a sentence speaks of another member of the family of the model the question names
 * ("星辰视觉大模型…准确率" is not answered by "星辰语音大模型…识别准确率达95%"): it does not name the
 * question's model (cues.families), and names one that starts the same way.
 */
export function speaksOfASibling(families: readonly string[], sentence: string): boolean {
  if (!families.length || families.some((a) => sentence.includes(a))) return false;
  return [...sentence.matchAll(MODEL_NAME)].some(([, name]) =>
    families.some((a) => name !== a && name!.slice(0, 2) === a.slice(0, 2) && !a.includes(name!)),
  );
}

/** The content word right before the question word ("准确率是多少", "创始人是谁"), if the question has one. */
function targetTerm(plan: Plan, terms: readonly Term[]): Term | undefined {
  const before = plan.cues.beforeAsk;
  if (!before) return undefined;
  const t = terms.find((x) => before.endsWith(x.term));
  // (Nor a word pointing back at a quotation: "“…”这话是谁说的".)
  if (!t || DATE_WORD.test(t.term) || /^(模型|大模型|公司|企业|备案|全球|国内|中国|目前|现在|一共|总共)$|^[这那该此]/.test(t.term))
    return undefined;
  return t;
}

function namedSubject(plan: Plan, terms: readonly Term[]): Term | undefined {
  const entities = plan.about.entities;
  // (Nothing named that the records know: a Chinese word written in the English question is its subject.)
  if (!entities.length) return terms.find((t) => /[\u3400-\u9fff]/.test(t.term) && t.variants.length === 1 && t.variants[0] === t.term);
  const head = entities.some((e) => names(e, 'name')) ? entities.filter((e) => names(e, 'name')) : entities;
  const named = head.map((e) => terms.find((t) => t.term === normalizeForMatch(e.name)));
  return named.every((t) => t && /[\u3400-\u9fff]/.test(t.term)) ? named[0] : undefined;
}

/** The first content word of the question that is neither an asked field nor a number. */
function subjectTerm(plan: Plan, terms: readonly Term[]): Term | undefined {
  for (const w of plan.cues.subjectWords) {
    const t = terms.find((x) => x.term === w);
    if (t) return t;
  }
  return undefined;
}

export async function answerFromPassages(index: Knowledge, plan: Plan, terms: readonly Term[], check: FactCheck): Promise<PassageResult> {
  const none: PassageResult = { found: false, answer: '', evidence: [], coverage: 0 };
  const book = phrasebookFor(plan.language);
  if (!terms.length) return none;
  const query = [plan.cues.query, ...plan.terms.flatMap((t) => t.variants)].join(' ');
  const candidates = await hybridSearch(index, query, 8);
  const years = plan.cues.years;
  // A Chinese question's first content word names its subject ("豆包大模型每千tokens的价格"): the
  // sentence's passage (or its heading) must name it too.
  // An English question's subject is the thing it names, read as its Chinese name: the model of
  // "China Telecom's Xingchen model" rather than its company (none when the model keeps a Latin name).
  const subject = plan.language === 'zh' ? subjectTerm(plan, terms) : namedSubject(plan, terms);
  // The word the question asks the value of ("识别准确率是多少" → 准确率, "创始人是谁" → 创始人): a
  // sentence without it gives some other value.
  const target = targetTerm(plan, terms);
  const hasTarget = (s: string) => !target || coverage([target], s) > 0;
  // A model the question names that no record knows ("测试甲模型是哪家公司的"): only a passage naming it answers.
  const model = plan.cues.model;
  const namesSubject = (s: string, prev: string, head: string) => !subject || coverage([subject], s, `${prev} ${head}`, 1) > 0;
  // As a name, quotes aside: the texts write “九天”客服大模型.
  const nameKey = (x: string) => normalizeForMatch(x).replace(/[“”"'‘’「」《》]/g, '');
  const modelKey = model ? nameKey(model) : '';
  // The name, or it without a maker's word before it ("腾讯混元图像3.0" is written “混元图像3.0” after 腾讯混元).
  const modelKeys = [...modelKey]
    .map((_, i) => modelKey.slice(i))
    .filter((k, i) => i === 0 || k.length >= Math.max(5, modelKey.length * 0.6));
  // (A passage's own key once, not once per sentence.)
  const passageKeys = new Map<string, string>();
  const namesModel = (s: string, passage: StoredPassage) => {
    if (!model || modelKeys.some((k) => nameKey(s).includes(k))) return true;
    if (!passageKeys.has(passage.id)) passageKeys.set(passage.id, nameKey(passage.text));
    return modelKeys.some((k) => passageKeys.get(passage.id)!.includes(k));
  };
  // Each candidate's whole document, read once: its text (normalised; words of it the sentence lacks
  // count for less), and whether it names the subject anywhere.
  const documents = new Map<string, { text: string; namesSubject: boolean }>();
  const documentOf = (source: string) => {
    let d = documents.get(source);
    if (!d) {
      const passages = index.passagesOverlapping(source, [1, Number.MAX_SAFE_INTEGER]);
      d = {
        text: normalizeForMatch(passages.map((x) => x.text).join('\n')),
        namesSubject: passages.some((x) => namesSubject(x.text, '', '')),
      };
      documents.set(source, d);
    }
    return d;
  };
  // "国内市场的用户占比" is not answered by a global share: a sentence of the other scope only, without this one.
  const scope = plan.cues.scope;
  const otherScope = (t: string) => !!scope && SCOPES[scope === 'domestic' ? 'global' : 'domestic'].test(t) && !SCOPES[scope].test(t);
  const scored: (Evidence & { score: number; fits: boolean })[] = [];
  candidates.forEach((c, rank) => {
    const p = c.passage;
    const context = [p.section ?? '', index.document(p.source)?.title ?? ''].join(' ');
    p.sentences.forEach((s, j) => {
      const around = [p.sentences[j - 1]?.text ?? '', p.sentences[j + 1]?.text ?? '', context].join(' ');
      let cov = coverage(terms, s.text, around, 0.6, documentOf(p.source).text);
      // A batch question is only answered by a sentence that talks about a batch.
      if (plan.cues.batchWord && plan.ask.fields.some((f) => is(f, 'ordinal')) && !/批/.test(s.text)) cov *= 0.5;
      const fit = fitsExpected(s.text, plan.ask, check, p.sentences[j - 1]?.text, p.sentences[j + 1]?.text);
      // A first-person sentence ("我们…构建13个专业领域大模型") speaks for its document's subject.
      // …and a sentence that says nearly all the question does speaks of its document's subject too.
      if (
        !namesSubject(s.text, p.text, p.section ?? '') &&
        !((FIRST_PERSON.test(s.text) || cov >= 0.8) && documentOf(p.source).namesSubject)
      )
        fit.ok = false;
      if (
        !hasTarget(s.text) ||
        !namesModel(s.text, p) ||
        speaksOfTheOther(plan.cues.contrasts, s.text) ||
        speaksOfASibling(plan.cues.families, s.text) ||
        otherScope(s.text) ||
        otherDuration(plan.cues.durations, s.text)
      )
        fit.ok = false;
      const score = cov + fit.bonus + 0.02 * (1 - rank / candidates.length);
      // An exact fit of the asked kind of fact (the unit, a percentage, an organisation) is strong evidence.
      const enough = fit.bonus >= 0.15 ? FOUND_THRESHOLD - 0.1 : FOUND_THRESHOLD;
      // The speaker named in the next sentence goes with the quotation.
      const next = fit.speakerNext ? p.sentences[j + 1] : undefined;
      scored.push({
        passage: p,
        sentences: next ? [j, j + 1] : [j],
        lines: next ? [s.lines[0], next.lines[1]] : s.lines,
        text: next ? s.text + next.text : s.text,
        coverage: cov,
        score,
        fits: fit.ok && cov >= enough,
      });
    });
  });
  scored.sort((x, y) => Number(y.fits) - Number(x.fits) || y.score - x.score);
  const best = scored[0];
  const closest = [...scored].sort((x, y) => y.coverage - x.coverage)[0];
  // "截至2025年底" is not answered by a figure "截至2024年12月31日", nor "2025年上半年" by one of 2024.
  const asOf = plan.cues.asOf;
  const dateRefusal = (e: { text: string } | undefined): string | undefined => {
    if (!asOf || !e) return undefined;
    const statedAll = asOfDates(e.text);
    const stated = statedAll[0];
    if (!stated) return undefined;
    const outside =
      !!asOf.from && !!asOf.to && statedAll.every((d) => d.iso < asOf.from! || d.iso > asOf.to!) && !mentionsWithin(e.text, asOf);
    const otherDay = !!asOf.to && !asOf.from && !statedAll.some((d) => d.iso === asOf.to);
    if (!outside && !otherDay) return undefined;
    return book.noFigureFor(asOf.label, stated.label, trimToWindow(e.text, terms, 160));
  };
  if (!best || !best.fits) {
    // The subject is there (every word that is not the asked field) but the asked fact is not.
    const subject = terms.filter((t) => !plan.terms.find((x) => normalizeForMatch(x.word) === t.term)?.asked);
    const mentioned = subject.length > 0 && subject.length < terms.length && scored.some((e) => coverage(subject, e.text) >= 0.99);
    // The nearest sentence gives the other scope's figure: say that is all the texts have.
    const scoped =
      closest && closest.coverage >= FOUND_THRESHOLD && otherScope(closest.text)
        ? book.otherScopeOnly(scope!, trimToWindow(closest.text, terms, 160))
        : undefined;
    // A model the texts never name: say so, not that they mention it.
    const unnamed =
      model && !scored.some((e) => e.text.includes(model) || e.passage.text.includes(model)) ? book.unknownModel(model) : undefined;
    const refusal =
      unnamed ??
      dateRefusal(closest) ??
      scoped ??
      ((closest && closest.coverage >= FOUND_THRESHOLD) || mentioned ? check.describeMissing(plan) : undefined);
    return { ...none, coverage: closest?.coverage ?? 0, refusal };
  }
  const byDate = dateRefusal(best);
  if (byDate) return { ...none, coverage: best.coverage, refusal: byDate };
  // A question about a year is not answered by a figure of another year ("2025年底" vs "截至2024年12月31日").
  if (years.length && plan.ask.expects !== 'date') {
    const near = best.text + (best.passage.sentences[best.sentences[0]! - 1]?.text ?? '');
    const said = yearsIn(near);
    const miss = years.filter((y) => !said.includes(y));
    if (miss.length && said.length) {
      return {
        ...none,
        coverage: best.coverage,
        refusal: book.noFigureForYears(miss, said, trimToWindow(best.text, terms, 120)),
      };
    }
  }

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
  // A description question gets the sentences that describe the thing, not one line.
  if (plan.ask.expects === 'description') {
    const next = best.passage.sentences[best.sentences.at(-1)! + 1];
    if (next && coverage(terms, next.text) > 0 && [...best.text].length + [...next.text].length <= MAX_ANSWER) {
      best.sentences = [...best.sentences, best.sentences.at(-1)! + 1];
      best.lines = [best.lines[0], next.lines[1]];
      best.text += next.text;
    }
  }

  const evidence: Evidence[] = [best];
  for (const e of scored.slice(1)) {
    if (evidence.length >= 3) break;
    if (e.coverage < FOUND_THRESHOLD * 0.8 || !e.fits) continue;
    if (evidence.some((x) => x.passage.id === e.passage.id || trigramJaccard(x.text, e.text) > 0.5)) continue;
    evidence.push(e);
  }
  // "一共几种能力": a sentence that lists them without a number is counted.
  const listed = plan.ask.expects === 'number' && !/\d/.test(best.text) ? listedItems(best.text, plan.ask.counted) : [];
  const counted = listed.length ? book.listedCount(listed, plan.ask.unit) : '';
  return { found: true, answer: counted + trimToWindow(best.text, terms), evidence, coverage: best.coverage };
}
