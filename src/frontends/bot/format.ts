/**
 * Answer → Telegram HTML. Everything from the texts or the user is escaped. A message is built
 * from blocks (one tag each, never nested across blocks), so it can be split between blocks, or
 * inside a block's plain text, without ever cutting a tag or an entity.
 */
import type { Citation, StructuredResult } from '../../answer/types.js';

export const TELEGRAM_LIMIT = 4096;

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Block {
  /** Plain text (unescaped). */
  text: string;
  /** Wrapping tag: b, i, code, blockquote or blockquote expandable. */
  tag?: 'b' | 'i' | 'code' | 'blockquote' | 'blockquote expandable';
  /** A link: the text is shown as a link to this address (http/https only; anything else is shown as plain text). */
  href?: string;
  /** Continues the line before it (no line break in between). */
  glue?: boolean;
}

const safeHref = (href: string | undefined) => (href && /^https?:\/\/[^\s<>"]+$/i.test(href) ? href : undefined);

export function renderBlock(b: Block): string {
  const body = escapeHtml(b.text);
  const href = safeHref(b.href);
  const inner = href ? `<a href="${escapeHtml(href)}">${body}</a>` : body;
  if (!b.tag) return inner;
  const close = b.tag.split(' ')[0];
  return `<${b.tag}>${inner}</${close}>`;
}

/** Translates one of the bot's own texts (see texts.ts) in the language of the reply. */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** What a source button or a source line needs of a citation: where it stands and what a reader checks it by. */
export type CitationRef = Pick<Citation, 'n' | 'source' | 'title' | 'lines' | 'pages'> & {
  publisher?: string;
  date?: string;
  url?: string;
  /** The start of the cited passage or row. */
  quote?: string;
};

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

/** Longest title shown whole; a longer one (a file name made title, a pasted paragraph) is cut at a word boundary. */
export const TITLE_MAX = 200;
const QUOTE_MAX = 48;

/** The full title, shortened only past TITLE_MAX characters, and then at a word or clause boundary. */
export function fullTitle(title: string, max = TITLE_MAX): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const head = t.slice(0, max - 1);
  const cut = Math.max(...[...head.matchAll(/[\s，,、：:；;（(—|｜。]/g)].map((m) => m.index!), -1);
  return `${(cut >= max / 2 ? head.slice(0, cut) : head).trimEnd()}…`;
}

/** A short quote of the cited text: “…”. */
export function shortQuote(text: string, max = QUOTE_MAX): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `“${t.length > max ? `${t.slice(0, max - 1)}…` : t}”`;
}

/** "1–3" for consecutive numbers, "1, 4" otherwise. */
function numbers(ns: number[]): string {
  const consecutive = ns.every((n, i) => i === 0 || n === ns[i - 1]! + 1);
  return consecutive && ns.length > 2 ? `${ns[0]}–${ns.at(-1)}` : ns.join(', ');
}

/** " · 中国银河证券研究院 · 2024-01": who published the document and when, where known. */
const provenance = (c: CitationRef) =>
  [c.publisher, c.date]
    .filter(Boolean)
    .map((x) => ` · ${x}`)
    .join('');

/** Page of a PDF citation ("p.3" or "p.3–4"), for the line under the title. */
const pageOf = (c: CitationRef, t: Translate) =>
  c.pages
    ? t('source-page', { page: c.pages.from.page === c.pages.to.page ? `${c.pages.from.page}` : `${c.pages.from.page}–${c.pages.to.page}` })
    : '';

/**
 * The sources under an answer, one group per document: its number(s) and full title (a link when
 * its address is known), publisher and date; then one line per citation with its page (PDF) and the
 * start of the quoted passage or row.
 */
export function sourceBlocks(cites: readonly CitationRef[], t: Translate): Block[] {
  const groups = new Map<string, CitationRef[]>();
  for (const c of cites) groups.set(c.source, [...(groups.get(c.source) ?? []), c]);
  const blocks: Block[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    blocks.push({ text: `${numbers(g.map((c) => c.n))}. ` });
    blocks.push({ text: fullTitle(first.title), href: first.url, glue: true });
    const details = g
      .map((c) => {
        const where = [pageOf(c, t), c.quote ? shortQuote(c.quote) : ''].filter(Boolean);
        return where.length ? `   ${g.length > 1 ? `[${c.n}] ` : ''}${where.join(' ')}` : '';
      })
      .filter(Boolean);
    blocks.push({ text: [provenance(first), ...details].join('\n').replace(/^\n/, ''), glue: !!provenance(first) || !details.length });
  }
  return blocks.filter((b) => b.text);
}

/** The source lines as plain text (tests, logs). */
export function sourceLines(cites: readonly CitationRef[], t: Translate): string[] {
  return toMessages(sourceBlocks(cites, t), Infinity)
    .join('\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .split('\n');
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
    blocks.push(...sourceBlocks(v.citations, t));
  }
  return blocks;
}

/** A cited passage in full, for the "来源 n" button: the document as in the source lines, then the passage or row. */
export function passageBlocks(c: CitationRef & { text: string }, t: Translate): Block[] {
  const page = pageOf(c, t);
  return [
    { text: `${c.n}. `, tag: 'b' },
    { text: fullTitle(c.title), tag: 'b', href: c.url, glue: true },
    ...(provenance(c) || page ? [{ text: `${provenance(c)}${page ? ` · ${page}` : ''}`, glue: true }] : []),
    { text: c.text, tag: 'blockquote expandable' as const },
  ];
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
  const pieces: { html: string; glue?: boolean }[] = [];
  for (const b of blocks) {
    const html = renderBlock(b);
    if (html.length <= limit) {
      pieces.push({ html, glue: b.glue });
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
    pieces.push(...parts.map((p, i) => ({ html: renderBlock({ ...b, text: p }), glue: i === 0 && b.glue })));
  }
  const messages: string[] = [];
  let cur = '';
  for (const { html: p, glue } of pieces) {
    if (cur && cur.length + 1 + p.length > limit) {
      messages.push(cur);
      cur = '';
    }
    cur = cur ? `${cur}${glue ? '' : '\n'}${p}` : p;
  }
  if (cur) messages.push(cur);
  return messages;
}
