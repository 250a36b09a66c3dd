/**
 * The engine the bot answers with, swapped for a new one when the index changes, without a
 * restart. The bot watches the index manifest (`<INDEX_DIR>/manifest.json`, by polling its stat:
 * `build-index` makes a new generation current by renaming a new manifest over the old one, which
 * an inotify watch on the old file would miss); `SIGHUP` asks for a reload at once. Each update takes `current` once at its
 * start, so an answer in progress finishes on the engine it began with; the swap is one
 * assignment between updates. A reload that fails (index stale, corrupt, half-built) keeps the old
 * engine and logs one line.
 */
import { statSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import type { AnswerEngine } from '../../answer/types.js';
import { log } from '../../log.js';

export interface ReloadOptions {
  /** The manifest file whose change means a new index. */
  manifest: string;
  /** Opens an engine on the index as it is now (openEngine without building). */
  open: () => Promise<AnswerEngine>;
  /** How often the manifest's stat is checked (ms). */
  intervalMs?: number;
}

const RETIRE_AFTER_MS = 60_000;

export class EngineHolder {
  /** Increases with every swap: conversations kept by an older engine must be restored. */
  generation = 0;
  private watching?: { file: string; listener: (cur: Stats, prev: Stats) => void };
  private reloading?: Promise<boolean>;
  private again = false;
  private lastSeen = '';

  constructor(
    public current: AnswerEngine,
    private readonly opts?: ReloadOptions,
  ) {
    if (opts) this.lastSeen = this.signature();
  }

  private signature(): string {
    try {
      const s = statSync(this.opts!.manifest);
      return `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch {
      return 'missing';
    }
  }

  /** Watches the manifest; a change reloads. */
  watch(): void {
    if (!this.opts || this.watching) return;
    const listener = () => {
      if (this.signature() !== this.lastSeen) void this.reload('the index changed');
    };
    watchFile(this.opts.manifest, { interval: this.opts.intervalMs ?? 1000, persistent: false }, listener);
    this.watching = { file: this.opts.manifest, listener };
  }

  unwatch(): void {
    if (this.watching) unwatchFile(this.watching.file, this.watching.listener);
    this.watching = undefined;
  }

  /** Opens a new engine and swaps it in; true when swapped. Concurrent calls share one reload. */
  reload(reason: string): Promise<boolean> {
    if (!this.opts) return Promise.resolve(false);
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      let swapped = false;
      do {
        this.again = false;
        const before = this.signature();
        if (before === 'missing') {
          log.warn(`${reason}, but there is no index manifest now; keeping the loaded index`);
          break;
        }
        try {
          const next = await this.opts!.open();
          const old = this.current;
          this.current = next;
          // Answers take milliseconds: a minute later nothing can still be using the old engine,
          // and closing it frees the replaced generation's store file and vectors.
          setTimeout(() => old.close?.(), RETIRE_AFTER_MS).unref();
          this.generation++;
          this.lastSeen = before;
          swapped = true;
          log.info(`${reason}: new index loaded (${next.stats().files} files, ${next.stats().records} records)`);
        } catch (err) {
          this.lastSeen = before;
          log.warn(`${reason}, but the new index cannot be loaded (${(err as Error).message}); keeping the loaded one`);
        }
      } while (this.again);
      this.reloading = undefined;
      return swapped;
    })();
    return this.reloading;
  }
}
