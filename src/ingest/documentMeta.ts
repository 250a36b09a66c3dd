/** Title and date of a document, derived from its own text. */
import { paragraphText, type Paragraph } from './clean.js';

export interface DocumentMeta {
  title: string;
  /** YYYY-MM-DD or YYYY-MM. */
  date?: string;
  /** 'stamp': a dateline of the page; 'latest-mentioned': the latest date the text mentions. */
  dateBasis?: 'stamp' | 'latest-mentioned';
}

export function deriveMeta(raw: string, paragraphs: Paragraph[], fallbackTitle: string): DocumentMeta {
  const firstContent = paragraphs.slice(0, 4);
  // Prefer a markdown/main heading near the top; otherwise the first line is the title.
  const lastLine = firstContent.reduce((n, p) => Math.max(n, p.segments[0]!.line), 0);
  const head = raw.split(/\r?\n/, lastLine);
  const heading = firstContent.find((p, i) => p.heading && i > 0 && /^#{1,2}\s/.test(head[p.segments[0]!.line - 1] ?? ''));
  const titlePara = heading ?? paragraphs.find((p) => !p.table);
  let title = titlePara ? paragraphText(titlePara) : fallbackTitle;
  title = title.replace(/[—-]+$/, '').trim();
  if ([...title].length > 60) title = [...title].slice(0, 58).join('') + '…';

  const stamp = /(?:^|\n)[ \t]*(\d{4})-(\d{2})-(\d{2})(?:\s+\d{1,2}:\d{2})?/.exec(raw);
  if (stamp) return { title, date: `${stamp[1]}-${stamp[2]}-${stamp[3]}`, dateBasis: 'stamp' };

  let best: string | undefined;
  const thisYear = new Date().getFullYear();
  for (const m of raw.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?/g)) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (y < 1990 || y > thisYear + 1 || mo < 1 || mo > 12) continue;
    const iso = `${y}-${String(mo).padStart(2, '0')}` + (m[3] ? `-${String(Number(m[3])).padStart(2, '0')}` : '');
    if (!best || iso > best) best = iso;
  }
  return best ? { title, date: best, dateBasis: 'latest-mentioned' } : { title };
}
