/**
 * Per-chat state in a grammY session, kept by a storage adapter so that it survives restarts
 * (@grammyjs/storage-file by default; memory for tests or throwaway runs). Everything is bounded:
 * a few recent questions, a few recent answers (for source buttons, paging and edits), a few
 * recent update ids (so a redelivered update is not answered twice).
 */
import { FileAdapter } from '@grammyjs/storage-file';
import { MemorySessionStorage, type StorageAdapter } from 'grammy';
import * as z from 'zod';
import { ResultItem } from '../../answer/types.js';
import { PAGE_SIZE } from './format.js';

const Lines = z.tuple([z.number().int(), z.number().int()]);

export const StoredAnswer = z.object({
  /** Short id, unique within the chat: what the buttons carry. */
  id: z.string(),
  /** The question's message id (for edits and threading). */
  question: z.number().int(),
  questionText: z.string(),
  /** The message ids of the answer (several when a long answer was split). */
  messages: z.array(z.number().int()),
  language: z.enum(['zh', 'en']),
  found: z.boolean(),
  prose: z.string(),
  result: z.object({ lead: z.string(), items: z.array(ResultItem), total: z.number().int(), notes: z.array(z.string()) }).optional(),
  citations: z.array(z.object({ n: z.number().int(), source: z.string(), title: z.string(), lines: Lines })),
  page: z.number().int().default(0),
  /** Citation numbers whose passage has been posted (a second tap does not post again). */
  shown: z.array(z.number().int()).default([]),
});
export type StoredAnswer = z.infer<typeof StoredAnswer>;

export const ChatSession = z.object({
  /** Bumped by /new: the engine conversation id is `tg:<chat>:<epoch>`. */
  epoch: z.number().int().default(0),
  /** Recent questions of the current conversation (to restore it in a new engine: restart or index reload). */
  turns: z.array(z.object({ q: z.string(), at: z.number() })).default([]),
  answers: z.array(StoredAnswer).default([]),
  nextAnswer: z.number().int().default(0),
  /** The language of the chat's last question, for replies that carry no words of their own (commands). */
  lang: z.enum(['zh', 'en']).optional(),
  /** Recently handled update ids. */
  seen: z.array(z.number().int()).default([]),
});
export type ChatSession = z.infer<typeof ChatSession>;

export const LIMITS = {
  turns: 4,
  /** Older turns are not replayed: the engine's own memory would have expired them too. */
  turnMaxAgeMs: 30 * 60_000,
  answers: 12,
  /** Only the newest few answers keep a long item list for paging. */
  pagedAnswers: 3,
  items: 1000,
  seen: 64,
};

export const emptySession = (): ChatSession => ChatSession.parse({});

/** A stored session that is unreadable (half-written, hand-edited, old format) counts as empty, not as an error. */
export function parseSession(text: string): ChatSession {
  try {
    const parsed = ChatSession.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : emptySession();
  } catch {
    return emptySession();
  }
}

export function sessionStorage(kind: 'file' | 'memory', dir: string): StorageAdapter<ChatSession> {
  if (kind === 'memory') return new MemorySessionStorage<ChatSession>();
  return new FileAdapter<ChatSession>({ dirName: dir, serializer: (s) => JSON.stringify(s), deserializer: parseSession });
}

/** Remembers an answer; the oldest are dropped, and only the newest few keep long lists. */
export function remember(s: ChatSession, a: Omit<StoredAnswer, 'id'>): StoredAnswer {
  const stored: StoredAnswer = { ...a, id: (s.nextAnswer++).toString(36) };
  if (stored.result && stored.result.items.length > LIMITS.items) stored.result = { ...stored.result, items: stored.result.items.slice(0, LIMITS.items) };
  s.answers = [...s.answers.filter((x) => x.question !== a.question || a.question === 0), stored].slice(-LIMITS.answers);
  let paged = 0;
  for (let i = s.answers.length - 1; i >= 0; i--) {
    const r = s.answers[i]!.result;
    if (r && r.items.length > PAGE_SIZE && ++paged > LIMITS.pagedAnswers) s.answers[i] = { ...s.answers[i]!, result: { ...r, items: r.items.slice(0, PAGE_SIZE) } };
  }
  return stored;
}

export function addTurn(s: ChatSession, q: string, now = Date.now()): void {
  s.turns = [...s.turns.filter((t) => now - t.at < LIMITS.turnMaxAgeMs), { q, at: now }].slice(-LIMITS.turns);
}

export function markSeen(s: ChatSession, updateId: number): void {
  s.seen = [...s.seen, updateId].slice(-LIMITS.seen);
}

/** Seen before: in the recent list, or older than all of a full list. */
export const wasSeen = (s: ChatSession, updateId: number): boolean =>
  s.seen.includes(updateId) || (s.seen.length >= LIMITS.seen && updateId < Math.min(...s.seen));
