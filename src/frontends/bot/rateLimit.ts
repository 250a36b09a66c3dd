/** Per-user sliding-window limit that tells a flooder once per window, then stays quiet. */
export class RateLimiter {
  private readonly hits = new Map<number, number[]>();
  private readonly warned = new Map<number, number>();

  constructor(private readonly max: number, private readonly windowMs: number) {}

  /** 'ok' to answer, 'warn' to send the one polite note, 'drop' to ignore. */
  check(user: number, now = Date.now()): 'ok' | 'warn' | 'drop' {
    const recent = (this.hits.get(user) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length < this.max) {
      recent.push(now);
      this.hits.set(user, recent);
      return 'ok';
    }
    this.hits.set(user, recent);
    const last = this.warned.get(user);
    if (last !== undefined && now - last < this.windowMs) return 'drop';
    this.warned.set(user, now);
    if (this.hits.size > 10_000) this.prune(now);
    return 'warn';
  }

  private prune(now: number): void {
    for (const [u, ts] of this.hits) if (!ts.some((t) => now - t < this.windowMs)) this.hits.delete(u);
  }
}
