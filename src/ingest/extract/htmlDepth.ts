/**
 * Deeply nested HTML, flattened before it is parsed: Readability and the DOM walks after it cost
 * more than linearly in the nesting depth (2,000 nested divs, a 22 KB page, took a minute). Tags
 * nested deeper than MAX_HTML_DEPTH are dropped with their closing tags; their text stays where it
 * was. One linear pass over the tags; pages nested less deeply are returned as they are.
 */

/** No article needs more: pages saved from news sites nest 20–30 deep. */
export const MAX_HTML_DEPTH = 64;

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  '!doctype',
]);

/** Comments, raw-text elements (their content is not markup), and tags. */
const TOKEN = /<!--[\s\S]*?-->|<(script|style|textarea|title)\b[^>]*>[\s\S]*?<\/\1\s*>|<(\/?)([a-zA-Z!][\w:-]*)([^>]*)>/gi;

export function flattenDeepHtml(html: string, maxDepth = MAX_HTML_DEPTH): string {
  // Cheap test first: fewer opening tags than the cap cannot nest past it.
  let opening = 0;
  for (let at = html.indexOf('<'); at !== -1 && opening <= maxDepth; at = html.indexOf('<', at + 1))
    if (html.charCodeAt(at + 1) !== 47) opening++;
  if (opening <= maxDepth) return html;
  // The open elements: their names, and whether each was dropped (then so is its closing tag).
  const names: string[] = [];
  const dropped: boolean[] = [];
  let depth = 0; // elements kept
  return html.replace(
    TOKEN,
    (tok: string, _raw: string | undefined, slash: string | undefined, tag: string | undefined, rest: string | undefined) => {
      if (tag === undefined) return tok; // a comment or a raw-text element, kept whole
      const name = tag.toLowerCase();
      if (!slash) {
        if (VOID.has(name) || rest?.trimEnd().endsWith('/')) return tok;
        const drop = depth >= maxDepth;
        names.push(name);
        dropped.push(drop);
        if (!drop) depth++;
        return drop ? ' ' : tok;
      }
      // A closing tag closes the innermost open element of its name (and those left open inside it).
      const at = names.lastIndexOf(name);
      if (at === -1) return tok;
      let wasDropped = false;
      while (names.length > at) {
        names.pop();
        wasDropped = dropped.pop()!;
        if (!wasDropped) depth--;
      }
      return wasDropped ? ' ' : tok;
    },
  );
}
