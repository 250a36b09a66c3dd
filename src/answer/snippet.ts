/** Shortens a long text (a record's uses) to the sentence(s) or clauses that share the most words with `focus`. */
export function snippet(text: string, max: number, focus: string[] = []): string {
  if ([...text].length <= max) return text;
  const parts = text.split(/(?<=[。；;！？])/).filter(Boolean);
  const score = (p: string) => focus.reduce((n, f) => n + (f && p.toLowerCase().includes(f) ? f.length : 0), 0);
  const ranked = parts.map((p, i) => ({ p, i, s: score(p) })).sort((a, b) => b.s - a.s || a.i - b.i);
  const keep = new Set<number>();
  let len = 0;
  for (const { p, i } of ranked) {
    if (len + [...p].length > max && keep.size) continue;
    keep.add(i);
    len += [...p].length;
  }
  const out = parts.filter((_, i) => keep.has(i)).join('');
  return [...out].length > max ? [...out].slice(0, max - 1).join('') + '…' : out;
}
