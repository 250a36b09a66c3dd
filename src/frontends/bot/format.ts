/**
 * Answer → Telegram HTML. Everything from the texts or the user is escaped. A message is built
 * from blocks (one tag each, never nested across blocks), so it can be split between blocks, or
 * inside a block's plain text, without ever cutting a tag or an entity.
 */
import type { Answer, Citation } from '../../answer/types.js';

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

const where = (c: Pick<Citation, 'source' | 'lines'>) => `${c.source}:${c.lines[0]}${c.lines[1] !== c.lines[0] ? `–${c.lines[1]}` : ''}`;

/** The reply to a question: direct answer, then a compact numbered source list. */
export function answerBlocks(a: Answer): Block[] {
  // Lists of records come one per line: easier to read on a phone than a wide table.
  const answer = a.answer.replace(/：(?=[^：]*、[^：]*、)/, '：\n').replace(/、(?=[^、\n]{2,40}（)/g, '\n• ');
  const blocks: Block[] = [{ text: answer, tag: a.found ? undefined : 'i' }];
  if (a.citations.length) {
    blocks.push({ text: '来源', tag: 'b' });
    for (const c of a.citations) blocks.push({ text: `${c.n}. ${c.title} — ${where(c)}` });
  }
  return blocks;
}

/** A cited passage in full, for the "来源 n" button. */
export function passageBlocks(c: Citation): Block[] {
  return [{ text: `${c.n}. ${c.title} — ${where(c)}`, tag: 'b' }, { text: c.text, tag: 'blockquote expandable' }];
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
