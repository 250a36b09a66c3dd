import type { BuildSummary } from '../index/build.js';

export function formatSummary(s: BuildSummary): string {
  const head = s.noop
    ? `index is up to date: ${s.files} files, ${s.passages} passages, ${s.records} records (${s.seconds.toFixed(2)} s)`
    : `index built: ${s.files} files (${s.unchanged} unchanged, ${s.updated} updated, ${s.added} added, ${s.removed} removed), ` +
      `${s.passages} passages, ${s.records} records, embedder ${s.embedder.id}, ${s.seconds.toFixed(2)} s`;
  return [head, ...s.problems.map((p) => `  skipped: ${p}`)].join('\n');
}
