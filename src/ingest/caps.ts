/**
 * Caps on what one file can put into the index: a record field (a 10 MB CSV cell is not a model
 * name), and the problems a file reports (800k duplicate rows are not 800k lines of manifest).
 */
import type { FilingRecord } from '../records/schema.js';

/** Longest text a record field may hold (a model, company, use or note); a row with a longer one is skipped and named. */
export const MAX_FIELD_CHARS = 1000;
/** Problems of one file listed one by one; past them, the rest are counted by kind. */
export const MAX_PROBLEMS_LISTED = 20;
/** Kinds named in a file's summary line of further problems. */
const MAX_KINDS = 5;

const FIELDS = ['model', 'company', 'uses', 'province', 'filingNo', 'role', 'product', 'note', 'scenario'] as const;

/** Records with every field under the cap, and a problem for each row skipped. */
export function capRecords(name: string, records: readonly FilingRecord[]): { records: FilingRecord[]; problems: string[] } {
  const kept: FilingRecord[] = [];
  const problems: string[] = [];
  for (const r of records) {
    const long = FIELDS.find((f) => (r[f]?.length ?? 0) > MAX_FIELD_CHARS);
    if (long)
      problems.push(
        `${name}:${r.lines[0]}: a ${long} of ${r[long]!.length.toLocaleString('en')} characters (over the ${MAX_FIELD_CHARS}-character cap), skipped`,
      );
    else kept.push(r.text.length > 4 * MAX_FIELD_CHARS ? { ...r, text: r.text.slice(0, 4 * MAX_FIELD_CHARS - 1) + '…' } : r);
  }
  return { records: kept.length === records.length ? (records as FilingRecord[]) : kept, problems };
}

/** What kind of problem a line is: its text without the file and line, numbers, and quoted parts. */
function kindOf(problem: string, name: string): string {
  const rest = problem.startsWith(`${name}:`) ? problem.slice(name.length + 1).replace(/^\d+(?:[-–]\d+)?:\s*/, '') : problem;
  return rest
    .replace(/[“"「『'][^”"」』']*[”"」』']/g, '…')
    .replace(/\d[\d,.]*/g, 'N')
    .trim()
    .slice(0, 80);
}

/**
 * A file's problems, capped: the first MAX_PROBLEMS_LISTED as they are, then one line counting the
 * rest by kind with an example of each ("… and 799,980 more: 799,980 × duplicate filing number …").
 */
export function capProblems(name: string, problems: readonly string[]): string[] {
  if (problems.length <= MAX_PROBLEMS_LISTED) return [...problems];
  const listed = problems.slice(0, MAX_PROBLEMS_LISTED);
  const kinds = new Map<string, { n: number; example: string }>();
  for (let i = MAX_PROBLEMS_LISTED; i < problems.length; i++) {
    const p = problems[i]!;
    const k = kindOf(p, name);
    const seen = kinds.get(k);
    if (seen) seen.n++;
    else kinds.set(k, { n: 1, example: p.length > 200 ? p.slice(0, 199) + '…' : p });
  }
  const top = [...kinds.values()].sort((a, b) => b.n - a.n);
  const rest = problems.length - MAX_PROBLEMS_LISTED;
  const parts = top.slice(0, MAX_KINDS).map((k) => `${k.n.toLocaleString('en')} like “${k.example}”`);
  if (top.length > MAX_KINDS)
    parts.push(
      `${top
        .slice(MAX_KINDS)
        .reduce((n, k) => n + k.n, 0)
        .toLocaleString('en')} of ${top.length - MAX_KINDS} other kinds`,
    );
  return [...listed, `${name}: … and ${rest.toLocaleString('en')} more problems: ${parts.join('; ')}`];
}

/** Characters of one table cell kept before it is parsed (the row is then skipped by capRecords). */
export const MAX_CELL_CHARS = 2 * MAX_FIELD_CHARS;

/**
 * A delimited text with every over-long cell cut before it is parsed: csv-parse took seconds over a
 * 10 MB cell. One linear pass (no regular expression: one over runs just under the cap is quadratic).
 */
export function capCells(name: string, text: string): { text: string; problems: string[] } {
  const problems: string[] = [];
  const parts: string[] = [];
  let line = 1;
  let runStart = 0;
  let copied = 0;
  const endRun = (end: number) => {
    if (end - runStart > MAX_CELL_CHARS) {
      problems.push(
        `${name}:${line}: a cell of ${(end - runStart).toLocaleString('en')} characters, cut to ${MAX_CELL_CHARS.toLocaleString('en')}`,
      );
      parts.push(text.slice(copied, runStart + MAX_CELL_CHARS), '…');
      copied = end;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // , \t \n \r "
    if (c === 44 || c === 9 || c === 10 || c === 13 || c === 34) {
      endRun(i);
      runStart = i + 1;
      if (c === 10) line++;
    }
  }
  endRun(text.length);
  if (!problems.length) return { text, problems };
  parts.push(text.slice(copied));
  return { text: parts.join(''), problems };
}

/** Cells of a sheet cut the same way (an .xlsx cell can be 32k characters; a text cell read from XML any length). */
export function capSheetCells<S extends { name: string; rows: { r: number; cells: string[] }[] }>(
  name: string,
  sheets: S[],
): { sheets: S[]; problems: string[] } {
  const problems: string[] = [];
  for (const s of sheets)
    for (const row of s.rows)
      row.cells.forEach((c, i) => {
        if (c.length > MAX_CELL_CHARS) {
          problems.push(
            `${name}: sheet ${s.name} row ${row.r}: a cell of ${c.length.toLocaleString('en')} characters, cut to ${MAX_CELL_CHARS.toLocaleString('en')}`,
          );
          row.cells[i] = c.slice(0, MAX_CELL_CHARS) + '…';
        }
      });
  return { sheets, problems };
}
