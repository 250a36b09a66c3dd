/**
 * The answer engine: question (+ conversation) → plan → records executor and/or passages →
 * direct answer + citations. One instance serves the REPL, the CLI and the Telegram bot.
 */
import type { EngineConfig } from '../config.js';
import { loadIndex, type LoadOptions } from '../index/load.js';
import { companyAliases, EntityIndex } from '../records/entityIndex.js';
import { FIELD_SPECS, is, roleOf, valueOf, whenOf, type FieldRole } from '../records/fields.js';
import { fromList } from '../records/recordTypes.js';
import { placeOnly } from '../understand/readQuestion.js';
import type { BatchFact, FilingRecord } from '../records/schema.js';
import type { Knowledge } from '../retrieve/knowledge.js';
import { matchKey, parseSmallNumber } from '../text/chars.js';
import { echo, escapeControls, wellFormed, withoutInvisible } from '../text/printable.js';
import { pageOfLine } from '../ingest/pageLines.js';
import { ConversationStore, conversationIdProblem, type ConversationState } from '../understand/conversation.js';
import { isEntityKind, viewPlan, type Plan } from '../understand/plan.js';
import { readQuestion } from '../understand/readQuestion.js';
import { batchPlan, namedPlan } from '../understand/lookupPlans.js';
import { DEFAULT_MAX_QUESTION_CHARS, questionProblem } from '../understand/text.js';
import { coverage, normalizeForMatch, weighTerms, type Term } from './evidence.js';
import { execute, nameOf, names, roundOf, type Result } from './execute.js';
import type { FactCheck } from './facts.js';
import { answerFromPassages, type PassageResult } from './passage.js';
import { phrasebookFor, VERDICT_LEAD } from './phrases/index.js';
import { batchMonth, batchName } from './phrases/sources.js';
import { zh } from './phrases/zh.js';
import { renderRecords, type Rendered } from './renderRecords.js';
import { verifyAgainstText } from './verifyText.js';
import type {
  Answer,
  AnswerEngine,
  AskOptions,
  BatchInfo,
  Citation,
  IndexStats,
  LookupField,
  SourceInfo,
  StructuredResult,
} from './types.js';

const MAX_CITATIONS = 8;

export interface EngineOptions {
  /** The engine never builds the index (front ends do, src/frontends/startup.ts): only `false` is accepted. */
  autoBuild?: false;
  /** When the vector index is read (see LoadOptions). */
  vectors?: LoadOptions['vectors'];
}

/** An engine over the index as it is (missing, stale or damaged: an IndexError). Building it is the front end's business. */
export async function openEngine(config: EngineConfig & { MAX_QUESTION_CHARS?: number }, opts: EngineOptions = {}): Promise<AnswerEngine> {
  const index = await loadIndex(config, undefined, { vectors: opts.vectors });
  return new Engine(index, { maxQuestionChars: config.MAX_QUESTION_CHARS });
}

type Cite = Omit<Citation, 'n'>;

/** Groups records into citations: consecutive rows of one file become one citation. */
function rowCitations(rows: readonly FilingRecord[], title: (s: string) => string): Cite[] {
  // (Plain string order: localeCompare loads a collator, ~15 ms of a one-shot question.)
  const sorted = [...new Set(rows)].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || a.lines[0] - b.lines[0]);
  const out: Cite[] = [];
  let group: FilingRecord[] = [];
  const flush = () => {
    if (!group.length) return;
    out.push({
      source: group[0]!.source,
      title: title(group[0]!.source),
      lines: [group[0]!.lines[0], group.at(-1)!.lines[1]],
      text: group.map((r) => r.text).join('\n'),
    });
    group = [];
  };
  for (const r of sorted) {
    const last = group.at(-1);
    // Rows are adjacent when only blank or continuation lines lie between them.
    if (last && (last.source !== r.source || r.lines[0] > last.lines[1] + 2)) flush();
    group.push(r);
  }
  flush();
  return out;
}

/** Does the records side have something to say about this plan? */
function recordsApply(plan: Plan, anyRegister: boolean): boolean {
  const a = plan.about;
  // Conditions on the records' own cells (not where, when or which kind: those also describe prose facts).
  const cells = a.where.some((p) => !FIELD_SPECS[p.field].prose);
  const on = (role: FieldRole) => a.where.some((p) => is(p.field, role));
  if (a.filingNo || a.within || a.entities.length || a.batches.length || cells) return true;
  if (plan.ask.op === 'group' || (plan.ask.op === 'extreme' && (plan.ask.fields.some((f) => is(f, 'magnitude')) || plan.ask.by)))
    return true;
  if (a.tableOnly && ['count', 'list', 'extreme'].includes(plan.ask.op)) return true;
  // A place alone makes a question the lists' when it speaks of what they hold, or of nothing else
  // ("北京有哪些？"; not "三亚CBD…入选海南省首批千亿级产业集群").
  const placeOnly = () =>
    plan.cues.aboutRecords ||
    plan.terms.filter((t) => !t.asked && !a.where.some((p) => p.text.includes(t.word) || t.word.includes(p.text))).length <= 1;
  if (anyRegister && ((on('place') && placeOnly()) || (a.filings && (on('time') || on('kind') || plan.ask.op === 'newest')))) return true;
  // "2024年4月有哪些大模型通过备案": the table's batch dates answer, or say there is none.
  if (on('time') && a.filings && plan.ask.op === 'list') return true;
  return false;
}

export class Engine implements AnswerEngine {
  private readonly entities: EntityIndex;
  private readonly conversations = new ConversationStore();
  private readonly recordIndex: Map<FilingRecord, number>;
  private readonly anyRegister: boolean;
  private readonly maxChars: number;
  private readonly check: FactCheck;
  private companyKeySet?: { keys: Set<string>; starts: Set<string>; maxLen: number };
  /** "第一批 2023 年 8 月", for saying when the table's batches were. */
  private readonly batchMonths: string[];

  constructor(
    readonly index: Knowledge,
    opts: { maxQuestionChars?: number } = {},
  ) {
    this.entities = index.entityIndex?.() ?? new EntityIndex(index.records);
    this.recordIndex = new Map(index.records.map((r, i) => [r, i]));
    this.anyRegister = index.records.some(fromList);
    const months = new Map<number, string>();
    for (const r of index.records) {
      const n = roundOf(r);
      const when = n ? whenOf('ordinal', r) : undefined;
      if (n && when !== undefined && !months.has(n)) months.set(n, batchMonth(n, when));
    }
    this.batchMonths = [...months].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
    this.maxChars = opts.maxQuestionChars ?? DEFAULT_MAX_QUESTION_CHARS;
    this.check = {
      namesKnownOrg: (t) => {
        // Every substring of the sentence looked up (a register names thousands of companies: no scan of them all).
        const n = normalizeForMatch(t);
        const { keys, starts, maxLen } = this.companyKeys();
        for (let i = 0; i + 2 <= n.length; i++) {
          if (!starts.has(n.slice(i, i + 2))) continue;
          for (let len = 2; len <= maxLen && i + len <= n.length; len++) if (keys.has(n.slice(i, i + len))) return true;
        }
        return false;
      },
      describeMissing: (plan) => phrasebookFor(plan.language).missingFact(this.subjectOf(plan), plan.ask),
    };
  }

  /** Every filed company's aliases but the bare place name ("北京…公司" → 北京): worked out on first need. */
  private companyKeys(): { keys: Set<string>; starts: Set<string>; maxLen: number } {
    if (!this.companyKeySet) {
      const companies = new Set(this.index.records.flatMap((r) => valueOf('maker', r) ?? []));
      const aliases = new Set([...companies].flatMap(companyAliases));
      const keys = new Set(
        [...aliases]
          .filter((a) => !placeOnly({ alias: a }))
          .map(normalizeForMatch)
          .filter((k) => k.length >= 2),
      );
      this.companyKeySet = {
        keys,
        starts: new Set([...keys].map((k) => k.slice(0, 2))),
        maxLen: [...keys].reduce((m, k) => Math.max(m, k.length), 0),
      };
    }
    return this.companyKeySet;
  }

  /** A citation's title, shown as it is by every front end: control characters escaped (a file name may hold terminal escapes or newlines). */
  private title = (source: string) => escapeControls(this.index.document(source)?.title ?? source);

  /** Whether the corpus uses a word (for English glosses); remembered, since the index does not change under an engine. */
  private readonly corpusWords = new Map<string, boolean>();
  private inCorpus = (w: string): boolean => {
    let known = this.corpusWords.get(w);
    if (known === undefined) {
      known = this.index.docFreq([normalizeForMatch(w)]) > 0;
      if (this.corpusWords.size < 50_000) this.corpusWords.set(w, known);
    }
    return known;
  };

  /** PDF citations also say page and line-in-page. */
  private paged(c: Cite): Cite {
    const starts = this.index.document(c.source)?.pageStarts;
    return starts ? { ...c, pages: { from: pageOfLine(starts, c.lines[0]), to: pageOfLine(starts, c.lines[1]) } } : c;
  }

  /** The thing a question is about, in words: its names, else its first run of subject words (cues.subject). */
  private subjectOf(plan: Plan): string {
    return plan.about.entities.length ? phrasebookFor(plan.language).subjects(plan.about.entities.map((e) => e.name)) : plan.cues.subject;
  }

  endConversation(id: string): void {
    this.conversations.end(id);
  }

  close(): void {
    this.index.close?.();
  }

  async ask(asked: string, opts: AskOptions = {}): Promise<Answer> {
    const t0 = performance.now();
    // The one entry of every question: lone surrogates replaced, invisible characters (zero-width, soft hyphen) removed before it is read.
    const question = withoutInvisible(wellFormed(asked));
    const problem = questionProblem(question, this.maxChars);
    // A rejected question is echoed back cut to 100 characters (it may be a megabyte).
    if (problem) return this.finish(echo(question), t0, { found: false, kind: 'none', answer: problem, cites: [] });
    const convId = opts.conversation;
    if (convId !== undefined) {
      const bad = conversationIdProblem(convId);
      if (bad) return this.finish(question, t0, { found: false, kind: 'none', answer: bad, cites: [] });
    }
    const state = convId ? this.conversations.get(convId) : undefined;
    const plan = readQuestion(question, {
      entities: this.entities,
      records: this.index.records,
      conversation: state,
      inCorpus: this.inCorpus,
    });
    const book = phrasebookFor(plan.language);
    if (plan.unresolved) {
      const answer = book.unresolved(plan.unresolved);
      return this.finish(question, t0, { found: false, kind: 'none', answer, cites: [], plan, clarify: true });
    }

    // "不是吗？": a yes/no question that claims nothing to check.
    const a = plan.about;
    if (
      plan.ask.op === 'verify' &&
      !a.entities.length &&
      !a.where.length &&
      !a.batches.length &&
      !a.within &&
      !plan.terms.some((t) => !t.asked)
    ) {
      const answer = book.whatToVerify();
      return this.finish(question, t0, { found: false, kind: 'none', answer, cites: [], plan, clarify: true });
    }
    if (plan.ambiguous) {
      const { typed, options } = plan.ambiguous;
      const answer = book.whichOne(typed, options);
      return this.finish(question, t0, { found: false, kind: 'none', answer, cites: [], plan, clarify: true });
    }
    const answer = await this.answerPlan(question, t0, plan);
    if (convId) this.remember(convId, plan, answer.rows, state, answer.answer.kind === 'passage' ? answer.answer.answer : undefined);
    return answer.answer;
  }

  /** A plan (read from a question, or built by a lookup) → the answer, from the records and the texts. */
  private async answerPlan(question: string, t0: number, plan: Plan): Promise<{ answer: Answer; rows: FilingRecord[] }> {
    const terms = this.weigh(plan);
    const records = recordsApply(plan, this.anyRegister) ? this.runRecords(plan, terms) : undefined;
    const passage = plan.about.filingNo ? undefined : await answerFromPassages(this.index, plan, terms, this.check);
    return this.choose(question, t0, plan, terms, records, passage);
  }

  /** Content words weighted by rarity; an English word's glosses are its variants. */
  private weigh(plan: Plan): Term[] {
    return weighTerms(
      plan.terms.map((t) => ({ term: t.word, variants: t.variants })),
      this.index,
    );
  }

  private runRecords(plan: Plan, terms: Term[]): { result: Result; rendered: Rendered } {
    const result = execute(plan, this.index.records, this.index.facts);
    const rendered = renderRecords(result, {
      focus: terms.map((t) => t.term),
      anyRegister: this.anyRegister,
      batchMonths: this.batchMonths,
    });
    return { result, rendered };
  }

  private choose(
    question: string,
    t0: number,
    plan: Plan,
    terms: Term[],
    records: { result: Result; rendered: Rendered } | undefined,
    passage: PassageResult | undefined,
  ): { answer: Answer; rows: FilingRecord[] } {
    const book = phrasebookFor(plan.language);
    // Records whose types hold none of the asked fields do not speak to the question.
    // (…and when the texts say why they do not answer either, that says more than the records' line.)
    let r = records?.result.outside && (passage?.found || passage?.refusal) ? undefined : records?.rendered;
    const p = passage?.found ? passage : undefined;
    // "智谱AI的CEO是谁？": the record names the company but holds nothing about what is asked.
    const beyond = r?.found ? this.beyondRecords(plan, terms, r) : [];
    if (r && beyond.length) {
      if (!p) {
        const answer = book.beyond(book.subjects([...new Set(plan.about.entities.map((e) => e.name))]), beyond);
        return {
          answer: this.finish(question, t0, { found: false, kind: 'none', answer, cites: this.recordCites(plan, r).slice(0, 1), plan }),
          rows: r.rows,
        };
      }
      r = undefined;
    }
    // "工行总行…一共登记过几个": a count or list that names nothing the records know, while the question
    // has words no record and no text uses: the asked thing is not in the sources; never every row instead.
    const unknown = r?.found && !p ? this.unknownWords(plan, terms) : [];
    if (r && unknown.length) {
      const answer = book.noneNamed(unknown);
      return { answer: this.finish(question, t0, { found: false, kind: 'none', answer, cites: [], plan }), rows: [] };
    }
    const passageCites = (pr: PassageResult): Cite[] =>
      pr.evidence.map((e) => ({ source: e.passage.source, title: this.title(e.passage.source), lines: e.lines, text: e.text }));
    const fromPassage = (pr: PassageResult) => {
      if (plan.ask.op === 'verify') return { answer: this.verifiedPassage(question, t0, plan, pr, passageCites(pr)), rows: [] };
      return {
        answer: this.finish(question, t0, {
          found: true,
          kind: 'passage',
          answer: book.quote(pr.answer),
          cites: passageCites(pr),
          plan,
          result: { lead: book.quote(pr.answer), items: [], total: 0, notes: [] },
        }),
        rows: [],
      };
    };
    // A yes/no question the records cannot decide (no claimed field they hold) is the texts' to decide.
    if (plan.ask.op === 'verify' && r && !records!.result.verdict) {
      // The subject's own row may state the claim ("基于全栈国产化…平台建立" in its uses).
      const own = terms.filter(
        (t) => !plan.about.entities.some((e) => normalizeForMatch(e.name).includes(t.term) || t.term.includes(normalizeForMatch(e.name))),
      );
      if (r.found && own.length && coverage(own, r.rows.map((x) => x.text).join('\n')) >= 0.75) {
        const answer = book.yes(r.answer);
        return {
          answer: this.finish(question, t0, {
            found: true,
            kind: 'lookup',
            answer,
            cites: this.recordCites(plan, r),
            plan,
            result: { ...r.result, lead: answer },
          }),
          rows: r.rows,
        };
      }
      if (p) return fromPassage(p);
      const answer = book.cannotConfirm(r.answer);
      return {
        answer: this.finish(question, t0, { found: false, kind: 'none', answer, cites: this.recordCites(plan, r), plan, result: r.result }),
        rows: r.rows,
      };
    }
    if (r?.found) {
      const direct = plan.ask.fields.length > 0 || plan.ask.op !== 'describe';
      const recCoverage = coverage(terms, r.answer + '\n' + r.rows.map((x) => x.text).join('\n'));
      // Asked fields that the records hold win outright; otherwise the texts may fit the question better.
      const f = plan.ask.fields;
      // (Only the lists give filing numbers: a sentence that names the model does not.)
      const factKind =
        ['any', 'org', 'name', 'description', 'place'].includes(plan.ask.expects) ||
        f.some((x) => is(x, 'magnitude') || is(x, 'ordinal') || is(x, 'identifier')) ||
        // (When it was filed is the lists' date: "When was it filed?")
        (plan.about.filings && f.some((x) => is(x, 'time')));
      // (…and "Which models did SenseTime file?": a named company's filed names are the records'.)
      const fieldsHeld =
        (plan.ask.op === 'field' && f.length > 0 && factKind && !records!.result.missing.length) ||
        (plan.ask.op === 'list' && f.some((x) => is(x, 'name')) && plan.about.entities.some((e) => names(e, 'maker')));
      // A follow-up about the thing the conversation is about stays with its records.
      const followsRecords = plan.refers.length > 0 && plan.about.entities.length > 0 && plan.ask.op !== 'field';
      const verdictHeld = !!records!.result.verdict;
      const passageWins =
        p &&
        !fieldsHeld &&
        !followsRecords &&
        !verdictHeld &&
        (direct ? plan.about.entities.length > 0 && p.coverage >= recCoverage + 0.3 : p.coverage > recCoverage);
      if (!passageWins) {
        // A register count next to what the texts state: both, each with its source.
        // (Not for a follow-up: "那上海呢？" has too few words of its own to pick a sentence by.)
        if (plan.ask.op === 'count' && !plan.refers.length && r.rows.some(fromList) && p && p.coverage >= 0.8) {
          const both = book.alsoInTexts(r.answer, p.answer);
          const [stated, ...more] = passageCites(p);
          const cites = [stated!, ...this.recordCites(plan, r), ...more];
          return {
            answer: this.finish(question, t0, { found: true, kind: 'lookup', answer: both, cites, plan, result: r.result }),
            rows: r.rows,
          };
        }
        return {
          answer: this.finish(question, t0, {
            found: true,
            kind: 'lookup',
            answer: r.answer,
            cites: [...this.recordCites(plan, r), ...this.alsoInTexts(plan, passage)],
            plan,
            result: r.result,
          }),
          rows: records!.result.rows,
        };
      }
      return fromPassage(p!);
    }
    // The records refuse (a missing field, an unknown batch): that is the answer unless the texts
    // clearly hold the asked fact about the same thing.
    if (r && !r.found) {
      if (p && plan.about.entities.length && !records!.result.absent && p.coverage >= 0.9 && !records!.result.missing.length)
        return fromPassage(p);
      // A model described by what it does, which no record's uses mention: the texts may describe it.
      const a = plan.about;
      const described =
        a.where.length > 0 && a.where.every((x) => is(x.field, 'description') && (x.op === 'contains' || x.op === 'like') && !x.negate);
      if (p && described && !a.entities.length && !a.batches.length && !a.filingNo) return fromPassage(p);
      // A model no record has, which the texts talk about (the passage had to name it: cues.model).
      // (Not a question about filing itself: "X的备案号" of a model no list holds is answered by that.)
      if (
        p &&
        plan.cues.model &&
        !a.filings &&
        a.where.some((x) => is(x.field, 'name') && x.op === 'eq' && x.values.includes(plan.cues.model!))
      )
        return fromPassage(p);
      return {
        answer: this.finish(question, t0, {
          found: false,
          kind: 'none',
          answer: r.answer,
          cites: this.recordCites(plan, r),
          plan,
          result: r.result,
        }),
        rows: r.rows,
      };
    }
    if (p) return fromPassage(p);
    const refusal = passage?.refusal ?? book.notFound();
    return { answer: this.finish(question, t0, { found: false, kind: 'none', answer: refusal, cites: [], plan }), rows: [] };
  }

  /**
   * Words of a describe/field question that are neither the named thing nor a field the records
   * hold, and that the records do not contain either ("CEO", "月活跃用户"): the records do not answer.
   */
  private beyondRecords(plan: Plan, terms: Term[], r: Rendered): string[] {
    // Only a question that asks for no field of the records can ask for something beyond them.
    if (plan.ask.op !== 'describe' || plan.refers.length) return [];
    const have = normalizeForMatch(r.answer + r.rows.map((x) => x.text).join(''));
    const names = plan.about.entities.map((e) => normalizeForMatch(e.name));
    const asked = new Set(plan.terms.filter((t) => t.asked).map((t) => normalizeForMatch(t.word)));
    const generic = (w: string) =>
      /^(模型|大模型|公司|企业|机构|单位|备案|通过|开发|研发|推出|发布|介绍|情况|信息|产品|类型|东西)$/.test(w);
    // English framing words ("comes from") are no subjects: only words the dictionary glosses into the
    // texts' Chinese count, and not when a gloss is one of the generic words above ("model", "file").
    const english = plan.language === 'en';
    return (
      terms
        .filter((t) => !english || (t.variants.some((v) => /[\u3400-\u9fff]/.test(v)) && !t.variants.some(generic)))
        .filter((t) => !asked.has(t.term) && !generic(t.term))
        // A longer word around the name ("比特币" around 比特) is another thing, unless it is a name too.
        .filter((t) => !names.some((n) => n.includes(t.term) || (t.term.includes(n) && this.entities.has(t.term))))
        .filter((t) => !t.variants.some((v) => have.includes(v)))
        .map((t) => t.term)
    );
  }

  /**
   * Organisations named in a count or list over all rows (nothing named, no batch) that no record and
   * no passage mentions: the question is about something the sources do not hold ("工行总行").
   */
  private unknownWords(plan: Plan, terms: Term[]): string[] {
    const a = plan.about;
    if (!['count', 'list'].includes(plan.ask.op) || a.entities.length || a.batches.length || a.within || a.filingNo) return [];
    const inConditions = (w: string) => a.where.some((p) => normalizeForMatch(p.text).includes(w));
    const asked = new Set(plan.terms.filter((t) => t.asked).map((t) => normalizeForMatch(t.word)));
    const candidates = terms.filter(
      (t) =>
        !asked.has(t.term) &&
        /^[\u3400-\u9fff]{2,}$/.test(t.term) &&
        // (An organisation's word: "工行", "总行", "信通院"; not a framing word such as "那期", "名下".)
        /(?:行|院|所|局|委|部|厅|署|中心|公司|集团|大学|学院|银行|医院|协会)$/.test(t.term) &&
        !/^(?:单位|公司|企业|机构|集团|部门|平台|本行|分行|银行)$/.test(t.term) &&
        !inConditions(t.term) &&
        this.index.docFreq(t.variants) === 0,
    );
    if (!candidates.length) return [];
    this.recordText ??= normalizeForMatch(this.index.records.map((x) => x.text).join('\n'));
    return candidates.filter((t) => !t.variants.some((v) => this.recordText!.includes(v))).map((t) => t.term);
  }
  private recordText?: string;

  /** A yes/no question answered from the texts: the verdict first, then the sentence it rests on. */
  private verifiedPassage(question: string, t0: number, plan: Plan, pr: PassageResult, cites: Cite[]): Answer {
    const v = verifyAgainstText(plan.ask.claim, plan.cues.better, pr.evidence[0]?.text ?? pr.answer, pr.coverage);
    // A share decided by the sentence's part over its whole says the sum.
    const share = v.ratio ? `${v.ratio.part} / ${v.ratio.whole} ≈ ${Math.round((v.ratio.part / v.ratio.whole) * 1000) / 10}%` : undefined;
    // "X不是Y吧？": the verdict answers the asker's negation.
    const lead = phrasebookFor(plan.language).textVerdict(v.verdict, pr.answer, !!plan.ask.claim?.negated, share);
    return this.finish(question, t0, {
      found: v.verdict !== 'unknown',
      kind: v.verdict === 'unknown' ? 'none' : 'passage',
      answer: lead,
      cites,
      plan,
      result: { lead, items: [], total: 0, notes: [] },
    });
  }

  private recordCites(plan: Plan, r: Rendered): Cite[] {
    const rows = rowCitations(r.rows, this.title);
    const facts = r.facts.map((f: BatchFact) => ({ source: f.source, title: this.title(f.source), lines: f.lines, text: f.text }));
    return plan.ask.op === 'count' ? [...facts, ...rows] : [...rows, ...facts];
  }

  /** Passages that also talk about the named model or company: cited after the records. */
  private alsoInTexts(plan: Plan, passage: PassageResult | undefined): Cite[] {
    if (!passage?.found || !plan.about.entities.length) return [];
    return passage.evidence
      .filter((e) => plan.about.entities.some((m) => normalizeForMatch(e.text).includes(m.name.replace(/\s+/g, ''))))
      .slice(0, 2)
      .map((e) => ({ source: e.passage.source, title: this.title(e.passage.source), lines: e.lines, text: e.text }));
  }

  private remember(id: string, plan: Plan, rows: FilingRecord[], prev: ConversationState | undefined, answerText?: string): void {
    const idx = rows.map((r) => this.recordIndex.get(r)).filter((i): i is number => i !== undefined);
    // A passage answer that names a filed company or model ("可灵AI…快手大模型团队") makes it the subject.
    const named =
      !plan.about.entities.length && answerText
        ? this.entities
            .find(answerText)
            .slice(0, 3)
            .map((m) => ({ kind: m.kind, name: m.alias, records: m.records }))
        : [];
    const hasSubject = plan.about.entities.length > 0 || plan.about.batches.length > 0;
    // A question with words of its own (a passage topic) starts a new topic; one without keeps the old subject.
    const ownTopic = plan.terms.some((t) => !t.asked && t.word.length >= 2 && !/^(模型|大模型)$/.test(t.word));
    this.conversations.set(id, {
      entities: plan.about.entities.length
        ? plan.about.entities
        : named.length
          ? named
          : hasSubject || ownTopic
            ? []
            : prev
              ? prev.entities
              : [],
      batches: plan.about.batches,
      rows: idx.length ? idx : plan.refers.length && prev ? prev.rows : [],
      ask: plan.ask,
      topic: plan.terms
        .filter((t) => /[a-z0-9]/.test(t.word) || t.word.length >= 3)
        .slice(0, 3)
        .map((t) => t.word),
      where: plan.about.where,
      language: plan.language,
    });
  }

  private finish(
    question: string,
    t0: number,
    a: { found: boolean; kind: Answer['kind']; answer: string; cites: Cite[]; plan?: Plan; result?: StructuredResult; clarify?: boolean },
  ): Answer {
    const citations = a.cites.slice(0, MAX_CITATIONS).map((c, i) => ({ n: i + 1, ...this.paged(c) }));
    // A name read otherwise than typed: say how it was read (after a verdict, which stays first).
    const typed = a.plan?.about.entities.filter((e) => e.typed) ?? [];
    if (typed.length && a.found) {
      // (A name read as a model and as a company is said once.)
      const pairs = [...new Map(typed.map((e) => [`${e.typed}\u0000${e.name}`, { typed: e.typed!, name: e.name }])).values()];
      const note = phrasebookFor(a.plan!.language).readAs(pairs);
      const verdict = VERDICT_LEAD.exec(a.answer);
      a = { ...a, answer: verdict ? verdict[0] + note + a.answer.slice(verdict[0].length) : note + a.answer };
    }
    return {
      question,
      found: a.found,
      kind: a.kind,
      answer: a.answer,
      citations,
      ms: Math.round((performance.now() - t0) * 100) / 100,
      ...(a.plan ? { plan: viewPlan(a.plan), language: a.plan.language } : {}),
      ...(a.result ? { result: a.result } : {}),
      ...(a.clarify ? { clarify: true } : {}),
    };
  }

  async lookup(field: LookupField, value: string): Promise<Answer> {
    const t0 = performance.now();
    const v = value.trim();
    const label = `/${field} ${v}`;
    // A command has no question to take a language from: its own messages are Chinese (zh), its answers those of the plan it builds.
    if (!v)
      return this.finish(label, t0, {
        found: false,
        kind: 'none',
        answer: zh.lookupEmpty(),
        cites: [],
      });
    let plan: Plan | undefined;
    if (roleOf(field) === 'ordinal') {
      const n = parseSmallNumber(v.replace(/^第|批$/g, '').trim());
      if (!n) return this.finish(label, t0, { found: false, kind: 'none', answer: zh.lookupBatchNumber(), cites: [] });
      plan = batchPlan(n);
    } else if (isEntityKind(field)) {
      // A model or a company: by name, as the entity index knows it.
      plan = namedPlan(field, v, this.entities);
      if (!plan) return this.finish(label, t0, { found: false, kind: 'none', answer: zh.lookupNotFound(v), cites: [] });
    } else {
      const key = matchKey(v);
      const rows = this.index.records.filter((r) => {
        const x = FIELD_SPECS[field].get(r);
        return x !== undefined && matchKey(x).includes(key);
      });
      if (!rows.length) return this.finish(label, t0, { found: false, kind: 'none', answer: zh.lookupNotFound(v), cites: [] });
      const answer = zh.lookupList(rows, 25);
      const result = {
        lead: zh.recordsLead(rows.length),
        items: rows.map((r) => ({ label: nameOf(r), detail: valueOf('maker', r), source: r.source, lines: r.lines })),
        total: rows.length,
        notes: [],
      };
      return this.finish(label, t0, { found: true, kind: 'lookup', answer, cites: rowCitations(rows.slice(0, 8), this.title), result });
    }
    return (await this.answerPlan(label, t0, plan)).answer;
  }

  context(source: string, lines: [number, number]): Citation | undefined {
    const overlaps = (l: readonly [number, number]) => l[0] <= lines[1] && lines[0] <= l[1];
    const passages = this.index.passagesOverlapping(source, lines);
    const p = passages[0];
    if (p && passages.length === 1) return { n: 1, ...this.paged({ source, title: this.title(source), lines: p.lines, text: p.text }) };
    if (passages.length > 1) {
      return {
        n: 1,
        ...this.paged({
          source,
          title: this.title(source),
          lines: [passages[0]!.lines[0], passages.at(-1)!.lines[1]],
          text: passages.map((x) => x.text).join(''),
        }),
      };
    }
    const rows = this.index.records.filter((r) => r.source === source && overlaps(r.lines));
    if (rows.length) return { n: 1, ...this.paged(rowCitations(rows, this.title)[0]!) };
    return undefined;
  }

  sources(): SourceInfo[] {
    return this.index.documents.map((d) => ({
      source: d.source,
      title: escapeControls(d.title),
      date: d.date,
      publisher: d.publisher,
      url: d.url,
      passages: d.passages,
      records: d.records,
    }));
  }

  batches(): BatchInfo[] {
    const table = new Map<number, number>();
    const lists = new Map<string, number>();
    for (const r of this.index.records) {
      const n = roundOf(r);
      const list = valueOf('collection', r);
      if (n) table.set(n, (table.get(n) ?? 0) + 1);
      if (list) lists.set(list, (lists.get(list) ?? 0) + 1);
    }
    const titles = new Map(this.index.documents.filter((d) => d.period).map((d) => [d.period!, d.title]));
    return [
      ...[...table]
        .sort((a, b) => a[0] - b[0])
        .map(([n, records]) => ({
          kind: 'table' as const,
          key: String(n),
          label: this.batchMonths.find((m) => m.startsWith(batchName(n))) ?? batchName(n),
          records,
        })),
      ...[...lists]
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .map(([p, records]) => ({ kind: 'list' as const, key: p, label: titles.get(p) ?? p, records })),
    ];
  }

  stats(): IndexStats {
    const m = this.index.manifest;
    return {
      files: Object.keys(m.files).length,
      passages: m.counts.passages,
      records: m.counts.records,
      embedder: m.embedder,
      builtAt: m.builtAt,
      buildSeconds: m.buildSeconds,
    };
  }
}
