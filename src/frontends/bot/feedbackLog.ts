/**
 * The maintainer's record of what users need: 👍 / 👎 (and the optional comment after a 👎), and
 * every refused or clarifying answer. An append-only JSON-lines file (BOT_FEEDBACK_LOG); an entry
 * has the time, the question, the answer's kind, its citations and the vote or comment — never a
 * user or chat id. Past MAX_BYTES the file is renamed to `<file>.1` (replacing an older one) and a
 * new one begun, so at most twice that is kept. `beian feedback` summarises both files.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { log } from '../../log.js';

export const FeedbackEntry = z.object({
  at: z.string(),
  event: z.enum(['up', 'down', 'comment', 'refused', 'clarify']),
  question: z.string(),
  kind: z.string().optional(),
  /** The answer's lead or prose, shortened. */
  answer: z.string().optional(),
  citations: z.array(z.string()).default([]),
  comment: z.string().optional(),
});
export type FeedbackEntry = z.infer<typeof FeedbackEntry>;

const MAX_BYTES = 10 * 1048576;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export class FeedbackLog {
  constructor(
    readonly file: string,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  append(e: Omit<FeedbackEntry, 'at' | 'citations'> & { citations?: string[] }): void {
    const entry: FeedbackEntry = {
      at: new Date().toISOString(),
      event: e.event,
      question: cut(e.question, 1000),
      ...(e.kind ? { kind: e.kind } : {}),
      ...(e.answer ? { answer: cut(e.answer, 300) } : {}),
      citations: (e.citations ?? []).slice(0, 20),
      ...(e.comment ? { comment: cut(e.comment, 1000) } : {}),
    };
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      if (existsSync(this.file) && statSync(this.file).size > this.maxBytes) renameSync(this.file, `${this.file}.1`);
      appendFileSync(this.file, JSON.stringify(entry) + '\n', { mode: 0o600 });
    } catch (err) {
      log.warn(`could not write the feedback log ${this.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
}

/** Reads the log (and its rotated predecessor); unreadable lines are counted, not fatal. */
export function readFeedback(file: string): { entries: FeedbackEntry[]; bad: number } {
  const entries: FeedbackEntry[] = [];
  let bad = 0;
  for (const f of [`${file}.1`, file]) {
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = FeedbackEntry.safeParse(JSON.parse(line));
        if (parsed.success) entries.push(parsed.data);
        else bad++;
      } catch {
        bad++;
      }
    }
  }
  return { entries, bad };
}

/** The maintainer's summary: counts, the most refused questions, the 👎 answers with their comments. */
export function summarizeFeedback(entries: FeedbackEntry[], top = 10): string {
  const count = (ev: FeedbackEntry['event']) => entries.filter((e) => e.event === ev).length;
  const out = [
    `${entries.length} entries${entries.length ? ` (${entries[0]!.at.slice(0, 10)} – ${entries.at(-1)!.at.slice(0, 10)})` : ''}: ` +
      `${count('up')} 👍, ${count('down')} 👎, ${count('comment')} comments, ${count('refused')} refused, ${count('clarify')} clarifying questions`,
  ];
  const norm = (q: string) => q.replace(/\s+/g, ' ').trim();
  const refused = new Map<string, number>();
  for (const e of entries)
    if (e.event === 'refused' || e.event === 'clarify') refused.set(norm(e.question), (refused.get(norm(e.question)) ?? 0) + 1);
  if (refused.size) {
    out.push('', 'most refused or unclear questions:');
    for (const [q, n] of [...refused].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top))
      out.push(`  ${String(n).padStart(4)}  ${cut(q, 120)}`);
  }
  const downs = entries.filter((e) => e.event === 'down' || e.event === 'comment');
  if (downs.length) {
    out.push('', '👎 answers (newest first):');
    for (const e of downs.slice(-top * 2).reverse()) {
      if (e.event === 'comment')
        out.push(`  ${e.at.slice(0, 16)}  comment on “${cut(norm(e.question), 80)}”: ${cut(norm(e.comment ?? ''), 200)}`);
      else
        out.push(
          `  ${e.at.slice(0, 16)}  “${cut(norm(e.question), 80)}” → ${cut(norm(e.answer ?? ''), 100)}${e.citations.length ? ` [${e.citations.slice(0, 3).join('; ')}]` : ''}`,
        );
    }
  }
  return out.join('\n');
}
