/**
 * The build summary: the counts, then every corpus file by name: read (with its format) or skipped
 * and why; then each register list with its counts (备案 / 登记 / skipped / flagged).
 */
import type { BuildSummary, RegisterSummary } from '../index/build.js';
import { FORMAT_LABEL, type Format } from '../ingest/formats.js';
import { periodOfTitle } from '../records/registers.js';
import { escapeControls } from '../text/printable.js';

/** A problem about a whole file ("name: …, skipped"), as opposed to one about a row ("name:12: …"). */
const skippedFile = (problem: string, names: ReadonlySet<string>): string | undefined => {
  const i = problem.indexOf(': ');
  const name = i > 0 ? problem.slice(0, i) : '';
  return names.has(name) && /skipped$/.test(problem) ? name : undefined;
};

export function formatSummary(s: BuildSummary): string {
  const head = s.noop
    ? `index is up to date: ${s.files} files, ${s.passages} passages, ${s.records} records (${s.seconds.toFixed(2)} s)`
    : `index built: ${s.files} files (${s.unchanged} unchanged, ${s.updated} updated, ${s.added} added, ${s.removed} removed), ` +
      `${s.passages} passages, ${s.records} records, embedder ${s.embedder.id}, ${s.seconds.toFixed(2)} s`;
  const out = [head];
  if (s.repaired) out.push(`  note: ${s.repaired}`);
  if (s.foreign?.length)
    out.push(
      `  note: the index folder also holds ${s.foreign.length === 1 ? 'a file' : `${s.foreign.length} files`} no build wrote, left as ${s.foreign.length === 1 ? 'it is' : 'they are'}: ${s.foreign.slice(0, 5).map(escapeControls).join(', ')}${s.foreign.length > 5 ? ', …' : ''}`,
    );
  const names = new Set((s.read ?? []).map((f) => f.name));
  const skipped = new Set(s.problems.map((p) => skippedFile(p, names)).filter((n): n is string => !!n));
  const read = (s.read ?? []).filter((f) => !skipped.has(f.name));
  const label = (f: string) => FORMAT_LABEL[f as Format] ?? f;
  if (read.length > LIST_LIMIT) {
    // An archive: the formats counted, not thousands of names on one line.
    const byFormat = new Map<string, number>();
    for (const f of read) byFormat.set(label(f.format), (byFormat.get(label(f.format)) ?? 0) + 1);
    out.push(`  read: ${read.length} files (${[...byFormat].map(([f, n]) => `${n} ${f}`).join(', ')})`);
  } else if (read.length) out.push(`  read: ${read.map((f) => `${escapeControls(f.name)} (${label(f.format)})`).join(', ')}`);
  out.push(...registerLines(s.registers ?? []));
  const lines = s.problems.map((p) => {
    // Whole files skipped (at listing or at ingest), then row problems.
    const i = p.indexOf(': ');
    const isFile = /skipped$/.test(p) && (skippedFile(p, names) !== undefined || !p.slice(0, i).includes(':'));
    return `  ${isFile ? 'skipped' : 'problem'}: ${escapeControls(p)}`;
  });
  // Skipped files first: a whole file missing matters more than one odd row.
  lines.sort((a, b) => Number(a.startsWith('  problem')) - Number(b.startsWith('  problem')));
  out.push(...lines.slice(0, LIST_LIMIT));
  if (lines.length > LIST_LIMIT)
    out.push(`  … and ${lines.length - LIST_LIMIT} more (all are listed under "problems" in the index's manifest.json)`);
  return out.join('\n');
}

const TRACK_SHORT: Record<string, string> = {
  'genai-filing': '备案',
  'genai-registration': '登记',
  'deep-synthesis': '深度合成算法备案',
  algorithm: '算法备案',
};

/** A list's counts: 备案 and 登记 always for generative-AI lists, other tracks where present, then skipped and flagged. */
function counts(tracks: Record<string, number>, skipped: number, repeated: number, flagged: number): string {
  const genai = !Object.keys(tracks).length || 'genai-filing' in tracks || 'genai-registration' in tracks;
  const keys = [...(genai ? ['genai-filing', 'genai-registration'] : []), ...Object.keys(tracks).filter((t) => !t.startsWith('genai-'))];
  const parts = keys.map((t) => `${(tracks[t] ?? 0).toLocaleString('en')} ${TRACK_SHORT[t] ?? t}`);
  parts.push(
    `${skipped.toLocaleString('en')} skipped${repeated ? ` (${repeated} repeated header row${repeated > 1 ? 's' : ''})` : ''}`,
    `${flagged.toLocaleString('en')} flagged`,
  );
  return parts.join(', ');
}

/** One line per register list (past LIST_LIMIT lists: the totals only). */
function registerLines(lists: readonly RegisterSummary[]): string[] {
  if (!lists.length) return [];
  const total: Record<string, number> = {};
  let skipped = 0;
  let repeated = 0;
  let flagged = 0;
  for (const l of lists) {
    for (const [t, n] of Object.entries(l.tracks)) total[t] = (total[t] ?? 0) + n;
    skipped += l.skipped;
    repeated += l.repeatedHeaders;
    flagged += l.flagged;
  }
  const out = [`  registers: ${lists.length} list${lists.length > 1 ? 's' : ''}, ${counts(total, skipped, repeated, flagged)}`];
  if (lists.length <= LIST_LIMIT)
    for (const l of lists)
      out.push(
        `    ${l.title}${l.period && periodOfTitle(l.title) !== l.period ? ` [${l.period}]` : ''} (${l.source}): ${counts(l.tracks, l.skipped, l.repeatedHeaders, l.flagged)}`,
      );
  return out;
}

/** Past this many files or problems the summary counts instead of listing. */
const LIST_LIMIT = 30;
