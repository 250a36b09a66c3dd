/** Plain-text rendering of an answer for terminals (colour only when asked for). */
import { citationPlace, type Answer } from '../answer/types.js';

export interface RenderOptions {
  color: boolean;
  /** Longest quote shown per citation (the full text is in --json). */
  quoteChars?: number;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

export function renderAnswer(a: Answer, opts: RenderOptions): string {
  const out: string[] = [];
  out.push(a.found ? paint(opts.color, '1', a.answer) : paint(opts.color, '33', a.answer));
  if (a.citations.length) {
    out.push('');
    out.push(paint(opts.color, '2', '来源：'));
    const max = opts.quoteChars ?? 160;
    for (const c of a.citations) {
      const where = citationPlace(c);
      out.push(`[${c.n}] ${c.title} — ${paint(opts.color, '36', where)}`);
      const quote = [...c.text.replace(/\n/g, ' ⏎ ')];
      out.push(paint(opts.color, '2', `    “${quote.length > max ? quote.slice(0, max - 1).join('') + '…' : quote.join('')}”`));
    }
  }
  return out.join('\n');
}
