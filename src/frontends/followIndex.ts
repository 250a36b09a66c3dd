/**
 * A long-running terminal front end (the REPL, `ask --jsonl`) follows the index as the bot does:
 * before each question it compares the manifest's stat with the one it opened, and when a build
 * made a new generation current it opens that one and switches to it (the old engine is closed:
 * these front ends answer one question at a time). A new generation that cannot be opened keeps
 * the one in use, said in one line, and is tried again when the manifest changes again.
 */
import { statSync } from 'node:fs';
import type { AnswerEngine } from '../answer/types.js';

/** Where a front end gets the engine for its next question. */
export interface EngineSource {
  engine(): Promise<AnswerEngine>;
}

export interface FollowOptions {
  /** The index's manifest file, whose replacement means a new generation. */
  manifest: string;
  /** Opens an engine on the index as it is now (without building it). */
  open: () => Promise<AnswerEngine>;
  /** One line when the engine changed, or could not change. */
  notice?: (line: string) => void;
}

/** The manifest's identity: a build renames a new file over it (new inode, mtime). */
function signature(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  } catch {
    return 'missing';
  }
}

export class FollowedEngine implements EngineSource {
  private seen: string;
  constructor(
    private current: AnswerEngine,
    private readonly opts: FollowOptions,
  ) {
    this.seen = signature(opts.manifest);
  }

  async engine(): Promise<AnswerEngine> {
    const now = signature(this.opts.manifest);
    if (now === this.seen || now === 'missing') return this.current;
    this.seen = now;
    try {
      const next = await this.opts.open();
      this.current.close?.();
      this.current = next;
      const s = next.stats();
      this.opts.notice?.(`the index was rebuilt: now ${s.files} files, ${s.passages} passages, ${s.records} records`);
    } catch (err) {
      this.opts.notice?.(
        `the index was rebuilt, but the new one cannot be opened (${String((err as Error)?.message ?? err).split('\n')[0]}); answering from the one in use`,
      );
    }
    return this.current;
  }
}

/** An engine, or a source of the current one. */
export const sourceOf = (e: AnswerEngine | EngineSource): EngineSource =>
  'engine' in e && typeof e.engine === 'function' ? e : { engine: async () => e as AnswerEngine };
