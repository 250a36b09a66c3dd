/**
 * Answer → Telegram HTML. Everything from the texts or the user is escaped. A message is built
 * from blocks (one tag each, never nested across blocks), so it can be split between blocks, or
 * inside a block's plain text, without ever cutting a tag or an entity.
 */
import { citationPlace, type Citation, type StructuredResult } from '../../answer/types.js';

export const TELEGRAM_LIMIT = 4096;

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Block {
  /** Plain text (unescaped). */
  text: string;
  /** Wrapping tag: b, i, code, blockquote or blockquote expandable. */
  tag?: 'b' | 'i' | 'code' | 'blockquote' | 'blockquote expandable';
}

export function renderBlock(b: Block): string {
  const body = escapeHtml(b.text);
  if (!b.tag) return body;
  const close = b.tag.split(' ')[0];
  return `<${b.tag}>${body}</${close}>`;
}

/** Translates one of the bot's own texts (see texts.ts) in the language of the reply. */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** What a source button or a source line needs of a citation (the quote itself is looked up again). */
export type CitationRef = Pick<Citation, 'n' | 'source' | 'title' | 'lines' | 'pages'>;

/** An answer as the bot lays it out: the engine's structured result when it has one, its prose otherwise. */
export interface AnswerView {
  found: boolean;
  /** The engine's prose answer: shown as one block when there is no structured result. */
  prose: string;
  result?: Pick<StructuredResult, 'lead' | 'items' | 'total' | 'notes'>;
  citations: CitationRef[];
}

export const PAGE_SIZE = 10;
const DETAIL_MAX = 160;

export const pageCount = (v: AnswerView): number => (v.result ? Math.max(1, Math.ceil(v.result.items.length / PAGE_SIZE)) : 1);

/** A document title short enough for one line on a phone. */
export function shortTitle(title: string, max = 18): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const head = t.slice(0, max - 1);
  // Prefer to end at a clause mark, when that keeps most of the title.
  const clause = Math.max(...[...head.matchAll(/[，,、：:；;（(—|｜]/g)].map((m) => m.index!));
  return `${(clause >= max / 2 ? head.slice(0, clause) : head).trimEnd()}…`;
}

const span = (lines: readonly [number, number]) => (lines[1] !== lines[0] ? `${lines[0]}–${lines[1]}` : `${lines[0]}`);

/** Page and line-in-page of a PDF citation: "p.3 l.12–14" (without the file name). */
const pagePlace = (c: CitationRef) => citationPlace(c).slice(c.source.length + 1);

/** The cited place after the title: "第62、73行" for texts, "p.3 l.12–14" for paged documents. */
function place(g: readonly CitationRef[], t: Translate): string {
  if (g.every((c) => c.pages)) return g.map(pagePlace).join(t('list-sep'));
  const many = g.length > 1 || g[0]!.lines[0] !== g[0]!.lines[1];
  return t('source-lines', { lines: g.map((c) => span(c.lines)).join(t('list-sep')), count: many ? 2 : 1 });
}

/** "1–3" for consecutive numbers, "1, 4" otherwise. */
function numbers(ns: number[]): string {
  const consecutive = ns.every((n, i) => i === 0 || n === ns[i - 1]! + 1);
  return consecutive && ns.length > 2 ? `${ns[0]}–${ns.at(-1)}` : ns.join(', ');
}

/** One line per document: numbers, short title, the cited lines ("1–3. 新一批国产大模型通过… 第62、73、77行"). */
export function sourceLines(cites: readonly CitationRef[], t: Translate): string[] {
  const groups = new Map<string, CitationRef[]>();
  for (const c of cites) groups.set(c.source, [...(groups.get(c.source) ?? []), c]);
  return [...groups.values()].map((g) => `${numbers(g.map((c) => c.n))}. ${shortTitle(g[0]!.title)} ${place(g, t)}`);
}

/** The reply to a question, one page of it: direct answer first, one bullet per item, then the sources. */
export function answerBlocks(v: AnswerView, page: number, t: Translate): Block[] {
  const blocks: Block[] = [];
  if (v.result) {
    const { lead, items, total, notes } = v.result;
    blocks.push({ text: lead });
    const from = Math.min(page * PAGE_SIZE, Math.max(0, items.length - 1));
    const shown = items.slice(from, from + PAGE_SIZE);
    if (shown.length) {
      const bullet = (i: (typeof shown)[number]) => {
        const detail = i.detail && i.detail.length > DETAIL_MAX ? `${i.detail.slice(0, DETAIL_MAX - 1)}…` : i.detail;
        return `• ${i.label}${detail ? ` — ${detail}` : ''}`;
      };
      blocks.push({ text: shown.map(bullet).join('\n') });
      if (total > shown.length) blocks.push({ text: t('page-range', { from: from + 1, to: from + shown.length, total }), tag: 'i' });
    }
    for (const note of notes) blocks.push({ text: note, tag: 'i' });
  } else blocks.push({ text: v.prose, tag: v.found ? undefined : 'i' });
  if (v.citations.length) {
    blocks.push({ text: t('sources-heading'), tag: 'b' });
    blocks.push({ text: sourceLines(v.citations, t).join('\n') });
  }
  return blocks;
}

/** A cited passage in full, for the "来源 n" button. */
export function passageBlocks(c: Citation, t: Translate): Block[] {
  return [{ text: `${c.n}. ${shortTitle(c.title, 40)} ${place([c], t)}`, tag: 'b' }, { text: c.text, tag: 'blockquote expandable' }];
}

/** Splits plain text into pieces of at most `max` characters at line, then sentence, then clause ends. */
function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = -1;
    for (const re of [/\n/g, /[。！？!?；;]/g, /[，,、\s]/g]) {
      for (const m of window.matchAll(re)) cut = m.index! + m[0].length;
      if (cut > max / 2) break;
    }
    if (cut <= 0) cut = max;
    // Never split a surrogate pair.
    if (/[\ud800-\udbff]/.test(rest[cut - 1] ?? '')) cut--;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest) out.push(rest);
  return out;
}

/** Packs blocks into messages of at most `limit` characters of HTML each. */
export function toMessages(blocks: Block[], limit = TELEGRAM_LIMIT): string[] {
  const pieces: string[] = [];
  for (const b of blocks) {
    const html = renderBlock(b);
    if (html.length <= limit) {
      pieces.push(html);
      continue;
    }
    // Escaping can grow text up to 6×; split the plain text so every escaped piece fits.
    const overhead = renderBlock({ ...b, text: '' }).length;
    let size = Math.floor((limit - overhead) / 1.2);
    let parts = splitText(b.text, size);
    while (parts.some((p) => renderBlock({ ...b, text: p }).length > limit)) {
      size = Math.floor(size * 0.8);
      parts = splitText(b.text, size);
    }
    pieces.push(...parts.map((p) => renderBlock({ ...b, text: p })));
  }
  const messages: string[] = [];
  let cur = '';
  for (const p of pieces) {
    if (cur && cur.length + 1 + p.length > limit) {
      messages.push(cur);
      cur = '';
    }
    cur = cur ? `${cur}\n${p}` : p;
  }
  if (cur) messages.push(cur);
  return messages;
}
