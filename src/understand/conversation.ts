/**
 * Per-conversation memory: what the last turns were about, so that follow-ups ("它的参数量呢？",
 * "其中哪些是百亿级的？", "那京东呢？") can be read. Bounded in size (least recently used dropped)
 * and in time (idle conversations expire).
 */
import * as z from 'zod';
import { Ask, EntityRef, Predicate } from './plan.js';

export const ConversationState = z.object({
  /** Models/companies the conversation is about (the latest that named any). */
  entities: z.array(EntityRef),
  batches: z.array(z.number().int().positive()),
  /** Records of the last answer (indexes into the records). */
  rows: z.array(z.number().int().nonnegative()),
  /** What the last question asked. */
  ask: Ask,
  /** Subject words of the last passage question ("deepseek-v3"). */
  topic: z.array(z.string()),
  /** The last question's conditions, for "那第四批呢？". */
  where: z.array(Predicate).default([]),
  language: z.enum(['zh', 'en']),
});
export type ConversationState = z.infer<typeof ConversationState>;

/** A conversation id: 1–200 printable characters. */
export function conversationIdProblem(id: string): string | undefined {
  if (!id || [...id].length > 200) return '对话 id 须为 1–200 个字符（conversation id must be 1–200 characters）。';
  if (/[\p{Cc}\p{Cs}]/u.test(id)) return '对话 id 含控制字符（conversation id contains control characters）。';
  return undefined;
}

export class ConversationStore {
  private readonly map = new Map<string, { state: ConversationState; at: number }>();

  constructor(
    private readonly max = 10_000,
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(id: string): ConversationState | undefined {
    const hit = this.map.get(id);
    if (!hit) return undefined;
    if (this.now() - hit.at > this.ttlMs) {
      this.map.delete(id);
      return undefined;
    }
    return hit.state;
  }

  set(id: string, state: ConversationState): void {
    // Re-inserting moves the id to the end: Map order is the least-recently-used order.
    this.map.delete(id);
    this.map.set(id, { state, at: this.now() });
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  end(id: string): void {
    this.map.delete(id);
  }
}
