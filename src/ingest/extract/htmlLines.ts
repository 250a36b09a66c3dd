/**
 * A DOM (linkedom) → lines of text: block elements end lines, table rows become tab-separated
 * cells, h1–h3 become markdown headings (which clean.ts knows), list items bullets.
 */
import { parseHTML } from 'linkedom';

const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BODY',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'UL',
  'CAPTION',
  'THEAD',
  'TBODY',
  'TFOOT',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'HEAD', 'BUTTON', 'SELECT']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const squash = (s: string) => s.replace(/[\s\u00a0]+/g, ' ');

/** Text of a cell, on one line. */
function inlineText(node: DomNode): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1 || SKIP.has(node.nodeName)) return '';
  let s = '';
  for (let i = 0; i < node.childNodes.length; i++)
    s += (BLOCK.has(node.childNodes[i]!.nodeName) ? ' ' : '') + inlineText(node.childNodes[i]!);
  return s;
}

export function domToLines(root: DomNode): string[] {
  const lines: string[] = [];
  let buf = '';
  const flush = () => {
    const t = squash(buf).trim();
    if (t) lines.push(t);
    buf = '';
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      buf += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1 || SKIP.has(node.nodeName)) return;
    const name = node.nodeName;
    if (name === 'BR') {
      flush();
      return;
    }
    if (name === 'TR') {
      flush();
      const cells: string[] = [];
      for (let i = 0; i < node.childNodes.length; i++) {
        const c = node.childNodes[i]!;
        if (c.nodeName === 'TD' || c.nodeName === 'TH') cells.push(squash(inlineText(c)).trim());
      }
      if (cells.some(Boolean)) lines.push(cells.length > 1 ? cells.join('\t') : cells[0]!);
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    if (/^H[1-3]$/.test(name)) buf += '#'.repeat(Number(name[1])) + ' ';
    else if (name === 'LI') buf += '- ';
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!);
    if (block) flush();
  };
  walk(root);
  flush();
  // Headings and bullets that held nothing.
  return lines.filter((l) => !/^(#{1,3}|-)\s*$/.test(l));
}

export function htmlToLines(html: string): string[] {
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
  return domToLines(document.body as unknown as DomNode);
}
