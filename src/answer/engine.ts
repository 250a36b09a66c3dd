/**
 * The answer engine: question → route (records, passages, or both) → direct answer + citations.
 * One instance serves the REPL, the CLI and the Telegram bot.
 */
import type { EngineConfig } from '../config.js';
import { ensureIndex, loadIndex } from '../index/load.js';
import type { Knowledge } from '../retrieve/knowledge.js';
import type { BuildSummary } from '../index/build.js';
import { EntityIndex } from '../records/entityIndex.js';
import type { BatchFact, FilingRecord } from '../records/schema.js';
import { parseSmallNumber } from '../text/chars.js';
import { contentWords, coverage, normalizeForMatch, weighTerms } from './evidence.js';
import { withChineseGlosses } from './glossary.js';
import { answerLookup, type LookupResult } from './lookup.js';
import { answerFromPassages, type PassageResult } from './passage.js';
import { analyse, questionProblem, type Analysis } from './question.js';
import type { Answer, AnswerEngine, AskOptions, Citation, IndexStats, LookupField, SourceInfo } from './types.js';

const MAX_CITATIONS = 8;
const NOT_FOUND = '没有在备案记录和文本中找到能回答这个问题的内容。';

export interface EngineOptions {
  autoBuild?: boolean;
  onBuild?: (reason: string) => void;
  onBuilt?: (summary: BuildSummary) => void;
}

export async function openEngine(config: EngineConfig, opts: EngineOptions = {}): Promise<AnswerEngine> {
  const index = opts.autoBuild === false ? await loadIndex(config) : await ensureIndex(config, { autoBuild: true, onBuild: opts.onBuild, onBuilt: opts.onBuilt });
  return new Engine(index);
}

/** Groups records into citations: consecutive rows of one file become one citation. */
function rowCitations(rows: readonly FilingRecord[], title: (s: string) => string): Omit<Citation, 'n'>[] {
  const sorted = [...new Set(rows)].sort((a, b) => a.source.localeCompare(b.source) || a.lines[0] - b.lines[0]);
  const out: Omit<Citation, 'n'>[] = [];
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

export class Engine implements AnswerEngine {
  private readonly entities: EntityIndex;
  private readonly titles: Map<string, string>;
  constructor(readonly index: Knowledge) {
    this.entities = new EntityIndex(index.records);
    this.titles = new Map(index.documents.map((d) => [d.source, d.title]));
  }

  private title = (source: string) => this.titles.get(source) ?? source;

  endConversation(_id: string): void {}

  async ask(question: string, _opts: AskOptions = {}): Promise<Answer> {
    const t0 = performance.now();
    const problem = questionProblem(question);
    if (problem) return this.finish(question, t0, false, 'none', problem, []);
    // Names are found in the question as typed; English wording is glossed into Chinese for the texts.
    const a0 = analyse(question, this.entities);
    const a = { ...a0, text: withChineseGlosses(a0.text) };
    const words = contentWords(a.text);
    const terms = weighTerms(words, this.index);
    const lookup = answerLookup(a, this.index.records, this.index.facts, words);
    const passage = await answerFromPassages(this.index, a, terms, this.titles);
    const choice = this.route(a, lookup, passage, terms);
    if (choice === 'lookup' && lookup) {
      // A register count next to what the texts state: show both, each with its source.
      if (a.intents.has('count') && lookup.rows.some((r) => r.origin === 'register') && passage.found && passage.coverage >= 0.8) {
        const both = { ...lookup, answer: `${lookup.answer}\n文本中：${passage.answer}` };
        // The texts' statement is cited first, so both sources lead the citations.
        const [stated, ...more] = this.fromPassage(question, t0, passage).citations;
        const r = this.fromLookup(question, t0, both, a, more);
        return { ...r, citations: [stated!, ...r.citations].slice(0, MAX_CITATIONS).map((c, i) => ({ ...c, n: i + 1 })) };
      }
      return this.fromLookup(question, t0, lookup, a, this.alsoInTexts(a, passage));
    }
    if (choice === 'passage') return this.fromPassage(question, t0, passage);
    return this.finish(question, t0, false, 'none', lookup && !lookup.found ? lookup.answer : NOT_FOUND, []);
  }

  /** Records or passages: structured fields win for field questions, unless the texts clearly fit better. */
  private route(a: Analysis, lookup: LookupResult | undefined, passage: PassageResult, terms: ReturnType<typeof weighTerms>): 'lookup' | 'passage' | 'none' {
    if (!lookup || !lookup.found) return passage.found ? 'passage' : 'none';
    if (!passage.found) return 'lookup';
    const lookupCoverage = coverage(terms, lookup.answer + '\n' + lookup.rows.map((r) => r.text).join('\n'));
    if (lookup.direct) return a.mentions.length && passage.coverage >= lookupCoverage + 0.3 ? 'passage' : 'lookup';
    return passage.coverage > lookupCoverage ? 'passage' : 'lookup';
  }

  /** Passages that also talk about the named model or company: cited after the records ("both"). */
  private alsoInTexts(a: Analysis, passage: PassageResult): Omit<Citation, 'n'>[] {
    if (!passage.found || !a.mentions.length) return [];
    return passage.evidence
      .filter((e) => a.mentions.some((m) => normalizeForMatch(e.text).includes(m.alias.replace(/\s+/g, ''))))
      .slice(0, 2)
      .map((e) => ({ source: e.passage.source, title: this.title(e.passage.source), lines: e.lines, text: e.text }));
  }

  private fromLookup(question: string, t0: number, r: LookupResult, a?: Analysis, more: Omit<Citation, 'n'>[] = []): Answer {
    const rows = rowCitations(r.rows, this.title);
    const facts = r.facts.map((f: BatchFact) => ({ source: f.source, title: this.title(f.source), lines: f.lines, text: f.text }));
    const ordered = [...(a?.intents.has('count') ? [...facts, ...rows] : [...rows, ...facts]), ...more];
    return this.finish(question, t0, r.found, r.found ? 'lookup' : 'none', r.answer, ordered);
  }

  private fromPassage(question: string, t0: number, p: PassageResult): Answer {
    const cites = p.evidence.map((e) => ({ source: e.passage.source, title: this.title(e.passage.source), lines: e.lines, text: e.text }));
    return this.finish(question, t0, true, 'passage', p.answer, cites);
  }

  private finish(question: string, t0: number, found: boolean, kind: Answer['kind'], answer: string, cites: Omit<Citation, 'n'>[]): Answer {
    const citations = cites.slice(0, MAX_CITATIONS).map((c, i) => ({ n: i + 1, ...c }));
    return { question, found, kind, answer, citations, ms: Math.round((performance.now() - t0) * 100) / 100 };
  }

  async lookup(field: LookupField, value: string): Promise<Answer> {
    const t0 = performance.now();
    const v = value.trim();
    const label = `/${field} ${v}`;
    if (!v) return this.finish(label, t0, false, 'none', '请在命令后写上要查的内容，例如 /batch 1、/model 文心一言、/company 百度。', []);
    const base: Analysis = { raw: v, text: v, mentions: [], batches: [], intents: new Set(), english: false };
    let result: LookupResult | undefined;
    if (field === 'batch') {
      const n = parseSmallNumber(v.replace(/^第|批$/g, '').trim());
      if (!n) return this.finish(label, t0, false, 'none', '批次请写数字，例如 /batch 1 或 /batch 第四批。', []);
      result = answerLookup({ ...base, batches: [n], intents: new Set(['list']) }, this.index.records, this.index.facts, []);
    } else if (field === 'model' || field === 'company') {
      const all = this.entities.find(v);
      const mentions = all.filter((m) => m.kind === field).length ? all.filter((m) => m.kind === field) : all;
      if (mentions.length) result = answerLookup({ ...base, mentions }, this.index.records, this.index.facts, []);
    } else {
      const key = normalizeForMatch(v);
      const rows = this.index.records.filter((r) => {
        const x = r[field];
        return x !== undefined && normalizeForMatch(x).includes(key);
      });
      if (rows.length) {
        result = {
          found: true, direct: true, rows, facts: [],
          answer: `共 ${rows.length} 条记录：` + rows.slice(0, 25).map((r) => `${r.model}${r.company ? `（${r.company}）` : ''}`).join('、') + (rows.length > 25 ? ` 等（另有 ${rows.length - 25} 条）` : ''),
        };
      }
    }
    if (!result || !result.found) return this.finish(label, t0, false, 'none', `备案记录中没有找到“${v}”。`, []);
    return this.fromLookup(label, t0, result);
  }

  context(source: string, lines: [number, number]): Citation | undefined {
    const within = (l: [number, number]) => l[0] <= lines[0] && lines[1] <= l[1];
    const overlaps = (l: [number, number]) => l[0] <= lines[1] && lines[0] <= l[1];
    const passages = this.index.passagesOverlapping(source, lines);
    const p = passages.find((x) => within(x.lines)) ?? passages[0];
    if (p && passages.length === 1) return { n: 1, source, title: this.title(source), lines: p.lines, text: p.text };
    if (passages.length > 1) {
      return { n: 1, source, title: this.title(source), lines: [passages[0]!.lines[0], passages.at(-1)!.lines[1]], text: passages.map((x) => x.text).join('') };
    }
    const rows = this.index.records.filter((r) => r.source === source && overlaps(r.lines));
    if (rows.length) return { n: 1, ...rowCitations(rows, this.title)[0]! };
    return undefined;
  }

  sources(): SourceInfo[] {
    return this.index.documents.map((d) => ({ source: d.source, title: d.title, date: d.date, passages: d.passages, records: d.records }));
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
