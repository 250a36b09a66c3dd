/**
 * A web page saved from a browser → its article: Mozilla's Readability (the Firefox reader view)
 * over a linkedom DOM finds the article and drops menus, scripts, sidebars and footers. The page's
 * own title and publication date (meta tags, <time>) are kept.
 */
import { Readability } from '@mozilla/readability';
import iconv from 'iconv-lite';
import { parseHTML } from 'linkedom';
import { decodeText } from '../decodeText.js';
import { flattenDeepHtml } from './htmlDepth.js';
import { domToLines, htmlToLines } from './htmlLines.js';
import { SkipFile, type ExtractedText } from './types.js';

/** The page's charset as its <meta> declares it (saved Chinese pages are often GBK). */
function declaredCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
}

export function decodeHtml(bytes: Buffer): { html: string; notes: string[] } {
  const cs = declaredCharset(bytes);
  if (cs && /^(gbk|gb2312|gb18030|big5)$/.test(cs) && !bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])))
    return { html: iconv.decode(bytes, cs === 'big5' ? 'big5' : 'gb18030'), notes: [] };
  const { text, notes } = decodeText(bytes);
  return { html: text, notes };
}

const isoDate = (s: string | null | undefined): string | undefined => {
  const m = /(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/.exec(s ?? '');
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : undefined;
};

export function extractHtml(bytes: Buffer, maxHtmlBytes: number): ExtractedText {
  if (bytes.length > maxHtmlBytes)
    throw new SkipFile(
      `HTML page of ${(bytes.length / 1048576).toFixed(1)} MB is over the ${(maxHtmlBytes / 1048576).toFixed(0)} MB cap for web pages`,
    );
  const decoded = decodeHtml(bytes);
  const { notes } = decoded;
  const html = flattenDeepHtml(decoded.html);
  const { document } = parseHTML(html);
  const meta = (sel: string) => document.querySelector(sel)?.getAttribute('content') ?? undefined;
  const date =
    isoDate(meta('meta[property="article:published_time"]')) ??
    isoDate(meta('meta[name="PubDate"]')) ??
    isoDate(meta('meta[name="pubdate"]')) ??
    isoDate(meta('meta[name="publishdate"]')) ??
    isoDate(document.querySelector('time[datetime]')?.getAttribute('datetime'));
  const metaTitle = meta('meta[property="og:title"]') ?? meta('meta[name="ArticleTitle"]');
  // Readability changes the DOM it reads: give it its own copy.
  const article = new Readability(parseHTML(html).document as unknown as Document, { charThreshold: 100 }).parse();
  let lines: string[];
  // Readability's title drops the site name that <title> usually carries.
  let title = metaTitle ?? article?.title ?? document.querySelector('title')?.textContent ?? undefined;
  if (article?.content) lines = htmlToLines(article.content);
  else {
    // No article found: the body without its navigation, header, footer and sidebars.
    for (const el of document.querySelectorAll('nav, header, footer, aside, script, style, noscript, form')) el.remove();
    lines = document.body ? domToLines(document.body as never) : [];
  }
  title = title?.replace(/\s+/g, ' ').trim();
  // "Headline - Site name": the page's own headline is the title.
  const h1 = document.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim();
  if (h1 && title?.startsWith(h1)) title = h1;
  // The article's own heading first, so the document reads as it does on the page.
  if (title && lines.length && !lines[0]!.startsWith('#') && !lines.slice(0, 3).some((l) => l.replace(/^#+\s*/, '') === title))
    lines.unshift(`# ${title}`);
  if (!lines.join('').trim()) throw new SkipFile('no article text found in the page');
  return { kind: 'text', lines, title: title || undefined, date: date ?? isoDate(article?.publishedTime), notes };
}
