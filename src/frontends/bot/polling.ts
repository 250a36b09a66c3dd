/**
 * Long polling on @grammyjs/runner's source, sink and runner, with a fetcher of our own so that
 * an update is confirmed to Telegram only once it has been answered.
 *
 * Telegram confirms every update below the `offset` of a getUpdates call. The runner's own fetcher
 * moves the offset past each batch as soon as it has it, so whatever is still queued or running
 * at shutdown is lost. Here the offset stays at the oldest update not yet finished (a watermark);
 * updates above it that come again are dropped by id. At shutdown the bot stops fetching, lets
 * the answers already started finish, and skips the rest: they are still unconfirmed, so Telegram
 * delivers them again to the next process. Updates finished above the watermark may come again
 * too; the bot's list of handled messages and taps (by chat and message id, callback query id,
 * inline query id: see updateKey) drops those.
 *
 * Errors: 401 (token revoked or wrong) ends the run with one line; network errors and 5xx are
 * logged once per retry with a growing back-off.
 */
import { createConcurrentSink, createRunner, createSource, type RunnerHandle, type UpdateSupplier } from '@grammyjs/runner';
import { GrammyError, HttpError, type Api, type Bot, type BotError } from 'grammy';
import type { Update } from 'grammy/types';
import { log, redact } from '../../log.js';

export class BotFatalError extends Error {
  override name = 'BotFatalError';
}

/** grammY and the runner type their AbortSignal with an older shim; Node's own is what they get. */
export const apiSignal = (s: AbortSignal) => s as unknown as Parameters<Bot['api']['getMe']>[0];

type ShimSignal = { aborted: boolean; addEventListener(type: 'abort', fn: () => void): void };

/** The runner hands out the `abort-controller` package's signal; Node's APIs want a real one. */
function nativeSignal(shim: ShimSignal): AbortSignal {
  const c = new AbortController();
  if (shim.aborted) c.abort();
  else shim.addEventListener('abort', () => c.abort());
  return c.signal;
}

/** A short, token-free description of a Bot API failure. */
export function describeApiError(err: unknown): string {
  if (err instanceof GrammyError) return `${err.error_code} ${err.description}`;
  if (err instanceof HttpError) return `network error (${redact(String((err.error as Error)?.message ?? err.error))})`;
  return redact(String((err as Error)?.message ?? err));
}

/** 401: the token is wrong or revoked; 409: another instance polls or a webhook is set. Retrying cannot help. */
export function fatalFor(err: unknown): BotFatalError | undefined {
  if (err instanceof GrammyError && err.error_code === 401)
    return new BotFatalError('the Bot API rejected the token (401 Unauthorized): check TELEGRAM_BOT_TOKEN');
  if (err instanceof GrammyError && err.error_code === 404 && /getMe|getUpdates/.test(err.method))
    return new BotFatalError('the Bot API does not know this token (404): check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT');
  if (err instanceof GrammyError && err.error_code === 409) return new BotFatalError(`conflict (409): ${err.description}`);
  return undefined;
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

/** Calls `fn` until it succeeds, logging each failure with the next delay; fatal errors are thrown. */
export async function withRetries<T>(
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
  opts: Backoff & { signal?: AbortSignal; timeoutMs?: number },
): Promise<T> {
  let delay = opts.firstMs;
  for (;;) {
    opts.signal?.throwIfAborted();
    const signals = [opts.signal, opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined].filter((s): s is AbortSignal => !!s);
    try {
      return await fn(AbortSignal.any(signals));
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      const fatal = fatalFor(err);
      if (fatal) throw fatal;
      // A 429 says how long to wait.
      const after = err instanceof GrammyError ? err.parameters.retry_after : undefined;
      if (after) delay = Math.max(delay, after * 1000);
      log.warn(`${what} failed: ${describeApiError(err)}; retrying in ${(delay / 1000).toFixed(delay < 1000 ? 1 : 0)} s`);
      await new Promise<void>((ok) => {
        // The abort listener goes when the wait ends either way: a long outage must not pile them up.
        const onAbort = () => (clearTimeout(t), ok());
        const t = setTimeout(() => (opts.signal?.removeEventListener('abort', onAbort), ok()), delay);
        opts.signal?.addEventListener('abort', onAbort, { once: true });
      });
      delay = Math.min(delay * 2, opts.maxMs);
    }
  }
}

/** Which updates are running, finished or skipped; the oldest unfinished one is the confirm watermark. */
export class UpdateLedger {
  private readonly open = new Set<number>();
  private readonly done = new Set<number>();
  private highest = -1;

  /**
   * Keeps updates not seen before and marks them open. A batch entirely below everything seen, while
   * nothing is open, is a new sequence (Telegram picks update ids afresh after a week without
   * updates): the watermark follows it instead of confirming from the old, higher ids.
   */
  admit(updates: Update[]): Update[] {
    if (updates.length && !this.open.size && updates.every((u) => u.update_id < this.highest)) {
      this.highest = -1;
      this.done.clear();
    }
    const fresh = updates.filter((u) => u.update_id > this.highest || !(this.open.has(u.update_id) || this.done.has(u.update_id)));
    for (const u of fresh) {
      this.open.add(u.update_id);
      this.highest = Math.max(this.highest, u.update_id);
    }
    return fresh;
  }

  finish(id: number): void {
    if (!this.open.delete(id)) return;
    this.done.add(id);
    const mark = this.offset();
    for (const d of this.done) if (d < mark) this.done.delete(d);
  }

  /** The getUpdates offset: everything below it is finished. */
  offset(): number {
    let min = this.highest + 1;
    for (const id of this.open) if (id < min) min = id;
    return Math.max(0, min);
  }

  get running(): number {
    return this.open.size;
  }
}

/**
 * Shared by the bot's middleware and the update sources: once `stopping`, an update whose turn
 * comes (after sequentialize) is skipped and recorded here, so that it is not confirmed.
 */
export class Gate {
  stopping = false;
  readonly skipped = new Set<number>();
  private readonly running = new Set<Promise<unknown>>();

  /** Runs one update's handling, counted as in flight until it settles. */
  track<T>(p: Promise<T>): Promise<T> {
    this.running.add(p);
    void p.finally(() => this.running.delete(p)).catch(() => undefined);
    return p;
  }

  /** Waits until every update taken so far has been answered or skipped. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}

export interface Poller {
  runner: RunnerHandle;
  /** Stops fetching and waits for the answers already started; the rest stay unconfirmed. */
  stop(): Promise<void>;
  /** Resolves when polling ends; rejects with a BotFatalError (e.g. 401 in the middle of a run). */
  done: Promise<void>;
}

export function startPolling(bot: Bot<any>, api: Api, gate: Gate, backoff: Backoff): Poller {
  const ledger = new UpdateLedger();
  let fatal: BotFatalError | undefined;
  let onlyRepeats = 0;
  const supplier: UpdateSupplier<Update> = {
    async supply(batchSize, shimSignal) {
      const signal = nativeSignal(shimSignal as unknown as ShimSignal);
      for (;;) {
        // Repeats only: the oldest update is still being answered; do not spin on it.
        if (onlyRepeats) await new Promise<void>((ok) => setTimeout(ok, Math.min(50 * 2 ** onlyRepeats, 1000)));
        signal.throwIfAborted();
        const updates = await withRetries(
          'getUpdates',
          (s) => api.getUpdates({ offset: ledger.offset(), limit: Math.max(1, Math.min(batchSize, 100)), timeout: 30 }, apiSignal(s)),
          { ...backoff, signal },
        ).catch((err) => {
          if (err instanceof BotFatalError) fatal = err;
          throw err;
        });
        const fresh = ledger.admit(updates);
        onlyRepeats = updates.length && !fresh.length ? onlyRepeats + 1 : 0;
        if (fresh.length || !updates.length) return fresh;
      }
    },
  };
  const sink = createConcurrentSink<Update, unknown>(
    {
      consume: (update) =>
        gate.track(
          bot.handleUpdate(update).finally(() => {
            // Skipped at shutdown: left open, so it is never confirmed.
            if (!gate.skipped.has(update.update_id)) ledger.finish(update.update_id);
          }),
        ),
    },
    async (err) => {
      try {
        await bot.errorHandler(err as BotError<any>);
      } catch (e) {
        log.error('update failed:', describeApiError(e));
      }
    },
  );
  const runner = createRunner(createSource(supplier), sink);
  runner.start();
  const done = (async () => {
    try {
      await runner.task();
    } catch (err) {
      if (fatal) throw fatal;
      if (!gate.stopping) throw err;
    }
    if (fatal) throw fatal;
  })();
  // A rejection is reported by whoever awaits `done`; never an unhandled rejection.
  done.catch(() => undefined);
  return {
    runner,
    done,
    async stop() {
      gate.stopping = true;
      await runner.stop()?.catch(() => undefined);
      await gate.drain();
    },
  };
}
