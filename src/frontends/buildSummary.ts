/** The build summary: the counts, then every corpus file by name: read (with its format) or skipped and why. */
import type { BuildSummary } from '../index/build.js';
import { FORMAT_LABEL, type Format } from '../ingest/formats.js';

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
  const names = new Set((s.read ?? []).map((f) => f.name));
  const skipped = new Set(s.problems.map((p) => skippedFile(p, names)).filter((n): n is string => !!n));
  const read = (s.read ?? []).filter((f) => !skipped.has(f.name));
  if (read.length) out.push(`  read: ${read.map((f) => `${f.name} (${FORMAT_LABEL[f.format as Format] ?? f.format})`).join(', ')}`);
  for (const p of s.problems) {
    // Whole files skipped (at listing or at ingest), then row problems.
    const i = p.indexOf(': ');
    const isFile = /skipped$/.test(p) && (skippedFile(p, names) !== undefined || !p.slice(0, i).includes(':'));
    out.push(`  ${isFile ? 'skipped' : 'problem'}: ${p}`);
  }
  return out.join('\n');
}
