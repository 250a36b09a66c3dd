/**
 * Per-user rate limit with @grammyjs/ratelimiter. Within a window a user gets RATE_LIMIT_MAX
 * answers at once; further questions are queued (answered one by one at the allowed pace) and the
 * user is told so once per window; should a user's queue pass twice the limit within a window
 * (several chats at once), the user is told once that further questions are ignored. Nothing is
 * dropped without a word.
 *
 * The plugin's memory store keeps every key of a window (1M users in a window are 1M entries), so
 * it gets a bounded store instead, through the plugin's Redis-shaped client interface.
 */
import { limit } from '@grammyjs/ratelimiter';
import type { Context, MiddlewareFn, NextFunction } from 'grammy';

/** A counter per key that expires with its window; at most `maxKeys` keys (oldest dropped first). */
export class BoundedCounter {
  private readonly hits = new Map<string, { n: number; until: number }>();
  constructor(
    private readonly maxKeys = 50_000,
    private readonly now = () => Date.now(),
  ) {}

  async incr(key: string): Promise<number> {
    const t = this.now();
    let e = this.hits.get(key);
    if (e && e.until <= t) {
      this.hits.delete(key);
      e = undefined;
    }
    if (!e) {
      e = { n: 0, until: Infinity };
      if (this.hits.size >= this.maxKeys) this.evict(t);
    } else this.hits.delete(key); // re-insert: most recent last
    e.n++;
    this.hits.set(key, e);
    return e.n;
  }

  async pexpire(key: string, ms: number): Promise<number> {
    const e = this.hits.get(key);
    if (!e) return 0;
    e.until = this.now() + ms;
    return 1;
  }

  /** The current count without counting. */
  peek(key: string): number {
    const e = this.hits.get(key);
    return e && e.until > this.now() ? e.n : 0;
  }

  get size(): number {
    return this.hits.size;
  }

  private evict(t: number): void {
    for (const [k, e] of this.hits) {
      if (e.until <= t) this.hits.delete(k);
      else break;
    }
    while (this.hits.size >= this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
  }
}

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  /** Whose count this is (default: the user); undefined: not limited. Limiters with the same store and prefix count together. */
  key?: (ctx: Context) => string | undefined;
  prefix?: string;
  /** Over the limit: queue (questions) or refuse at once with `tellIgnored` (button taps). */
  queue?: boolean;
  /** Told once when the first question is queued, and once when the queue is full. */
  tellQueued: (ctx: Context) => Promise<unknown>;
  tellIgnored: (ctx: Context) => Promise<unknown>;
  /** Resolves when the bot is stopping: a queued question then stays unanswered (and unconfirmed). */
  stopping: Promise<void>;
  onSkipped: (ctx: Context) => void;
  /** An update refused for the rate (answered with a line, not answered itself): logged. */
  onDropped?: (ctx: Context) => void;
  store?: BoundedCounter;
}

export function rateLimit(o: RateLimitOptions): MiddlewareFn<Context> {
  const store = o.store ?? new BoundedCounter();
  const queueMax = o.max * 2;
  // The allowed pace: queued questions are answered one per `pace` ms.
  const pace = Math.ceil(o.windowMs / o.max);
  const prefix = o.prefix ?? 'rl:';
  const key = o.key ?? ((ctx: Context) => ctx.from?.id.toString());
  return limit<Context, BoundedCounter>({
    timeFrame: o.windowMs,
    limit: o.max,
    alwaysReply: true,
    keyPrefix: prefix,
    storageClient: store,
    keyGenerator: key,
    onLimitExceeded: async (ctx: Context, next: NextFunction) => {
      if (o.queue === false) {
        o.onDropped?.(ctx);
        await o.tellIgnored(ctx);
        return;
      }
      const over = store.peek(prefix + key(ctx)) - o.max;
      if (over > queueMax) {
        o.onDropped?.(ctx);
        if (over === queueMax + 1) await o.tellIgnored(ctx);
        return;
      }
      if (over === 1) await o.tellQueued(ctx);
      // Runs after sequentialize: each queued question waits one pace after the one before it, so
      // a burst is answered in order at the allowed rate.
      const stop = await Promise.race([new Promise<false>((ok) => setTimeout(() => ok(false), pace).unref()), o.stopping.then(() => true)]);
      if (stop) return o.onSkipped(ctx);
      await next();
    },
  }) as MiddlewareFn<Context>;
}
