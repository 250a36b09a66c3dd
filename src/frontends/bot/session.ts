/**
 * Per-chat state in a grammY session, kept by a storage adapter so that it survives restarts
 * (files by default; memory for tests or throwaway runs). Everything is bounded: a few recent
 * questions, a few recent answers (for source, paging and feedback buttons, and edits), a few keys
 * of recently handled messages and taps (so a redelivered update is not answered twice).
 *
 * What is stored, and for how long (docs/bot.md says the same for operators):
 * - one file per chat the bot has answered, `<BOT_SESSION_DIR>/<bot id>/<bot id>_<chat id>.json`;
 * - a chat whose state is empty (nothing asked yet, or after /new or /forget) has no file;
 * - a file is deleted once the chat has been idle for SESSION_TTL_DAYS (checked on read, and by a
 *   sweep at start and every six hours).
 */
import { mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemorySessionStorage, type StorageAdapter } from 'grammy';
import * as z from 'zod';
import { ResultItem } from '../../answer/types.js';
import { log } from '../../log.js';
import { PAGE_SIZE } from './format.js';

const Lines = z.tuple([z.number().int(), z.number().int()]);
const Place = z.object({ page: z.number().int().positive(), line: z.number().int().positive() });

/** A citation as the bot shows it: where, and what a reader needs to check it. */
export const StoredCitation = z.object({
  n: z.number().int(),
  source: z.string(),
  title: z.string(),
  lines: Lines,
  pages: z.object({ from: Place, to: Place }).optional(),
  publisher: z.string().optional(),
  date: z.string().optional(),
  url: z.string().optional(),
  /** The start of the cited passage or row (the full text comes from the engine on a tap). */
  quote: z.string().optional(),
});
export type StoredCitation = z.infer<typeof StoredCitation>;

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
  kind: z.enum(['lookup', 'passage', 'none']).optional(),
  prose: z.string(),
  result: z.object({ lead: z.string(), items: z.array(ResultItem), total: z.number().int(), notes: z.array(z.string()) }).optional(),
  citations: z.array(StoredCitation),
  page: z.number().int().default(0),
  /** Citation numbers whose passage has been posted (a second tap does not post again). */
  shown: z.array(z.number().int()).default([]),
  /** The chat's 👍 / 👎 on this answer (one vote per answer). */
  vote: z.enum(['up', 'down']).optional(),
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
  /** Keys of recently handled messages and taps (see updateKey); a list of older shape is dropped. */
  seen: z.array(z.string()).catch([]),
  /** The bot's "what was wrong?" message after a 👎, and the answer it is about. */
  feedbackPrompt: z.object({ message: z.number().int(), answer: z.string() }).optional(),
  /** Last write (ms since 1970): the idle clock of SESSION_TTL_DAYS. */
  at: z.number().default(0),
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

/**
 * Nothing worth keeping: no conversation, no answers, no pending feedback, never /new (the file is
 * deleted; after /new only the conversation counter stays, so the next conversation has a new id).
 */
export const isEmpty = (s: ChatSession): boolean => !s.turns.length && !s.answers.length && !s.feedbackPrompt && !s.epoch;

/** A stored session that is unreadable (half-written, hand-edited, old format) counts as empty, not as an error. */
export function parseSession(text: string): ChatSession {
  try {
    const parsed = ChatSession.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : emptySession();
  } catch {
    return emptySession();
  }
}

const safeName = (key: string) => key.replace(/[^0-9A-Za-z_-]/g, '_');

/** One JSON file per chat, written whole (a temporary file renamed over the old one). */
export class FileSessions implements StorageAdapter<ChatSession> {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  private path(key: string) {
    return join(this.dir, `${safeName(key)}.json`);
  }
  async read(key: string): Promise<ChatSession | undefined> {
    try {
      return parseSession(await readFile(this.path(key), 'utf8'));
    } catch {
      return undefined;
    }
  }
  async write(key: string, value: ChatSession): Promise<void> {
    const tmp = `${this.path(key)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, JSON.stringify(value), { mode: 0o600 });
    await rename(tmp, this.path(key));
  }
  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
  /** Deletes the files of chats idle longer than `ttlMs` (and leftovers of interrupted writes); returns how many. */
  sweep(ttlMs: number, now = Date.now()): number {
    let removed = 0;
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      if (!name.endsWith('.json') && !name.endsWith('.tmp')) continue;
      try {
        const p = join(this.dir, name);
        if (now - statSync(p).mtimeMs > (name.endsWith('.tmp') ? 3_600_000 : ttlMs)) {
          unlinkSync(p);
          removed++;
        }
      } catch {
        // gone meanwhile
      }
    }
    return removed;
  }
}

/**
 * The storage the bot uses: an empty session is never written (a chat the bot did not answer gets
 * no file, and /new or /forget delete it), and a session idle longer than the TTL reads as none.
 */
export class ChatStore implements StorageAdapter<ChatSession> {
  private timer?: NodeJS.Timeout;
  constructor(
    readonly inner: StorageAdapter<ChatSession>,
    readonly ttlMs: number,
    private readonly now = () => Date.now(),
  ) {}
  async read(key: string): Promise<ChatSession | undefined> {
    const s = await this.inner.read(key);
    if (s && s.at && this.now() - s.at > this.ttlMs) {
      await this.inner.delete(key);
      return undefined;
    }
    return s;
  }
  async write(key: string, value: ChatSession): Promise<void> {
    if (isEmpty(value)) return this.inner.delete(key);
    value.at = this.now();
    await this.inner.write(key, value);
  }
  delete(key: string): Promise<void> {
    return Promise.resolve(this.inner.delete(key));
  }
  /** Expired files are removed now and every six hours (file storage only). */
  startSweeping(): void {
    const inner = this.inner;
    if (!(inner instanceof FileSessions) || this.timer) return;
    const sweep = () => {
      const n = inner.sweep(this.ttlMs, this.now());
      if (n) log.info(`deleted the stored state of ${n} chat(s) idle for longer than SESSION_TTL_DAYS`);
    };
    sweep();
    this.timer = setInterval(sweep, 6 * 3_600_000).unref();
  }
  stopSweeping(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

export function sessionStorage(kind: 'file' | 'memory', dir: string): StorageAdapter<ChatSession> {
  return kind === 'memory' ? new MemorySessionStorage<ChatSession>() : new FileSessions(dir);
}

/** Remembers an answer; the oldest are dropped, and only the newest few keep long lists. */
export function remember(s: ChatSession, a: Omit<StoredAnswer, 'id'>): StoredAnswer {
  // A random head: after /new or /forget the counter starts again, and an old button must not find a new answer.
  const stored: StoredAnswer = { ...a, id: Math.random().toString(36).slice(2, 5).padEnd(3, '0') + (s.nextAnswer++).toString(36) };
  if (stored.result && stored.result.items.length > LIMITS.items)
    stored.result = { ...stored.result, items: stored.result.items.slice(0, LIMITS.items) };
  s.answers = [...s.answers.filter((x) => x.question !== a.question || a.question === 0), stored].slice(-LIMITS.answers);
  let paged = 0;
  for (let i = s.answers.length - 1; i >= 0; i--) {
    const r = s.answers[i]!.result;
    if (r && r.items.length > PAGE_SIZE && ++paged > LIMITS.pagedAnswers)
      s.answers[i] = { ...s.answers[i]!, result: { ...r, items: r.items.slice(0, PAGE_SIZE) } };
  }
  return stored;
}

export function addTurn(s: ChatSession, q: string, now = Date.now()): void {
  s.turns = [...s.turns.filter((t) => now - t.at < LIMITS.turnMaxAgeMs), { q, at: now }].slice(-LIMITS.turns);
}

export function markSeen(s: ChatSession, key: string): void {
  s.seen = [...s.seen.filter((k) => k !== key), key].slice(-LIMITS.seen);
}

/** Handled before: the key is in the chat's recent list (never judged by the order of ids). */
export const wasSeen = (s: ChatSession, key: string): boolean => s.seen.includes(key);
