/**
 * A Bot API server for tests, on 127.0.0.1: enough of Telegram's API for the real bot to run
 * end to end (getMe, deleteWebhook, setWebhook, getUpdates long polling, sendMessage,
 * editMessageText, deleteMessage, answerCallbackQuery, answerInlineQuery, setMyCommands,
 * sendChatAction, sendPhoto as multipart upload, getFile and the file download address
 * `/file/bot<token>/<file_path>`), with injectable 429 (retry_after) and 500 failures and a revocable token.
 * Every call is recorded; `confirmed` is the highest getUpdates offset seen (Telegram's confirmation).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_USER = { id: 4242, is_bot: true, first_name: 'Beian', username: 'beian_test_bot' };

export interface Call {
  method: string;
  body: Record<string, any>;
  at: number;
}

export class FakeBotApi {
  readonly calls: Call[] = [];
  private server?: Server;
  private updates: Record<string, any>[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private waiters: (() => void)[] = [];
  private failures: { method: string; code: 429 | 500; retryAfter?: number; left: number }[] = [];
  private listeners: ((c: Call) => void)[] = [];
  private revoked = false;
  /** The highest offset a getUpdates call has confirmed. */
  confirmed = 0;
  /** When each update was queued, by update_id. */
  readonly queuedAt = new Map<number, number>();

  /** Files the bot may download: file_id → bytes (and the size getFile reports, which may differ). */
  private readonly files = new Map<string, { bytes: Buffer; size?: number; path: string }>();
  /** How many file downloads were served. */
  downloads = 0;

  constructor(
    readonly token: string,
    readonly me: typeof BOT_USER = BOT_USER,
  ) {}

  /** Makes a file downloadable; `reportedSize` is what getFile says (default: the real size). */
  addFile(fileId: string, bytes: Buffer, reportedSize?: number): void {
    this.files.set(fileId, { bytes, size: reportedSize, path: `documents/file_${this.files.size}` });
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (payload) => {
          if (payload.raw) return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(payload.raw);
          res.writeHead(payload.ok ? 200 : payload.error_code, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        },
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    return this;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters.splice(0)) w();
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => this.server!.close(() => ok()));
  }

  /** The next `count` calls of `method` fail with 429 (retry_after) or 500. */
  fail(method: string, code: 429 | 500, count = 1, retryAfter = 1): void {
    this.failures.push({ method, code, retryAfter, left: count });
  }

  /** From now on every call answers 401 (as when the token is revoked). */
  revoke(): void {
    this.revoked = true;
  }

  push(update: Record<string, any>): number {
    const update_id = this.nextUpdateId++;
    this.updates.push({ update_id, ...update });
    this.queuedAt.set(update_id, Date.now());
    for (const w of this.waiters.splice(0)) w();
    return update_id;
  }

  sent(method = 'sendMessage'): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves when `predicate` holds for the recorded calls (checked on every call). */
  waitFor(predicate: (calls: Call[]) => boolean, timeoutMs = 20_000): Promise<void> {
    if (predicate(this.calls)) return Promise.resolve();
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('timed out waiting for the bot')), timeoutMs);
      const l = () => {
        if (predicate(this.calls)) {
          clearTimeout(timer);
          this.listeners = this.listeners.filter((x) => x !== l);
          ok();
        }
      };
      this.listeners.push(l);
    });
  }

  private async handle(req: IncomingMessage): Promise<any> {
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (file) {
      const f = [...this.files.values()].find((x) => x.path === file[2]);
      if (file[1] !== this.token || !f) return { ok: false, error_code: 404, description: 'Not Found' };
      this.downloads++;
      return { raw: f.bytes };
    }
    const m = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBytes = Buffer.concat(chunks);
    if (!m || m[1] !== this.token || this.revoked) return { ok: false, error_code: 401, description: 'Unauthorized' };
    const method = m[2]!;
    let body: Record<string, any> = {};
    if (/multipart\/form-data/.test(req.headers['content-type'] ?? '')) {
      // An upload (sendPhoto): the fields, and each file's size and first bytes.
      for (const part of multipart(rawBytes, /boundary=(.+)$/.exec(req.headers['content-type']!)![1]!)) {
        if (part.filename === undefined) {
          const v = part.data.toString('utf8');
          body[part.name] = /^[[{]/.test(v) ? JSON.parse(v) : /^-?\d+$/.test(v) ? Number(v) : v;
        } else body[part.name] = { upload: true, size: part.data.length, head: part.data.subarray(0, 8).toString('latin1') };
      }
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && v.startsWith('attach://')) body[k] = body[v.slice(9)];
    } else if (rawBytes.length) body = JSON.parse(rawBytes.toString('utf8'));
    const failure = this.failures.find((f) => f.method === method && f.left > 0);
    if (failure) {
      failure.left--;
      this.record(method, { ...body, failedWith: failure.code });
      return failure.code === 429
        ? {
            ok: false,
            error_code: 429,
            description: `Too Many Requests: retry after ${failure.retryAfter}`,
            parameters: { retry_after: failure.retryAfter },
          }
        : { ok: false, error_code: 500, description: 'Internal Server Error' };
    }
    if (method !== 'getUpdates') this.record(method, body);
    switch (method) {
      case 'getMe':
        return { ok: true, result: this.me };
      case 'getFile': {
        const f = this.files.get(body.file_id);
        if (!f) return { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' };
        if ((f.size ?? f.bytes.length) > 20 * 1048576) return { ok: false, error_code: 400, description: 'Bad Request: file is too big' };
        return {
          ok: true,
          result: { file_id: body.file_id, file_unique_id: `u${body.file_id}`, file_size: f.size ?? f.bytes.length, file_path: f.path },
        };
      }
      case 'sendPhoto':
        return {
          ok: true,
          result: {
            message_id: this.nextMessageId++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: body.chat_id, type: 'private' },
            from: this.me,
            photo: [],
          },
        };
      case 'deleteWebhook':
      case 'setWebhook':
      case 'setMyCommands':
      case 'sendChatAction':
      case 'answerCallbackQuery':
      case 'answerInlineQuery':
      case 'deleteMessage':
        return { ok: true, result: true };
      case 'getUpdates':
        return { ok: true, result: await this.getUpdates(body) };
      case 'sendMessage':
      case 'editMessageText':
        return {
          ok: true,
          result: {
            message_id: body.message_id ?? this.nextMessageId++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: body.chat_id, type: 'private' },
            from: this.me,
            text: body.text,
          },
        };
      default:
        return { ok: false, error_code: 404, description: `Not Found: method ${method}` };
    }
  }

  private record(method: string, body: Record<string, any>) {
    const call = { method, body, at: Date.now() };
    this.calls.push(call);
    for (const l of [...this.listeners]) l(call);
  }

  private async getUpdates(body: { offset?: number; timeout?: number; limit?: number }): Promise<any[]> {
    const offset = body.offset ?? 0;
    this.confirmed = Math.max(this.confirmed, offset);
    this.updates = this.updates.filter((u) => u.update_id >= this.confirmed);
    if (!this.updates.length && (body.timeout ?? 0) > 0) {
      await new Promise<void>((ok) => {
        const t = setTimeout(ok, Math.min(body.timeout ?? 0, 1) * 1000);
        this.waiters.push(() => {
          clearTimeout(t);
          ok();
        });
      });
    }
    return this.updates.filter((u) => u.update_id >= Math.max(offset, this.confirmed)).slice(0, body.limit ?? 100);
  }
}

/** A small multipart/form-data reader (grammY writes `content-disposition:form-data` without a space, which undici's parser refuses). */
function multipart(raw: Buffer, boundary: string): { name: string; filename?: string; data: Buffer }[] {
  const parts: { name: string; filename?: string; data: Buffer }[] = [];
  const sep = Buffer.from(`--${boundary}`);
  let at = raw.indexOf(sep);
  while (at >= 0) {
    const next = raw.indexOf(sep, at + sep.length);
    if (next < 0) break;
    const part = raw.subarray(at + sep.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('latin1');
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    const filename = /filename="?([^";\r\n]*)/i.exec(head)?.[1] ?? (/content-type/i.test(head) ? '' : undefined);
    if (name !== undefined) parts.push({ name, filename, data: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

let nextMessage = 1;
export const textUpdate = (chatId: number, text: string, extra: Record<string, any> = {}) => ({
  [extra.kind ?? 'message']: {
    message_id: extra.messageId ?? nextMessage++,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: chatId < 0 ? 'group' : 'private', ...(chatId < 0 ? { title: 'g' } : { first_name: 'u' }) },
    from: {
      id: Math.abs(chatId) + (extra.fromOffset ?? 0),
      is_bot: false,
      first_name: 'u',
      ...(extra.lang ? { language_code: extra.lang } : {}),
    },
    text,
    ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] } : {}),
    ...extra.message,
  },
});

/** A message with a document (file_id registered with api.addFile). */
export const documentUpdate = (
  chatId: number,
  fromId: number,
  file: { id: string; name: string; size?: number },
  extra: Record<string, any> = {},
) => ({
  message: {
    message_id: nextMessage++,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: chatId < 0 ? 'group' : 'private', ...(chatId < 0 ? { title: 'g' } : { first_name: 'u' }) },
    from: { id: fromId, is_bot: false, first_name: 'u' },
    document: {
      file_id: file.id,
      file_unique_id: `u${file.id}`,
      file_name: file.name,
      ...(file.size !== undefined ? { file_size: file.size } : {}),
    },
    ...extra,
  },
});

/** A tap on an inline button of `message` (a recorded sendMessage call's result id). */
export const buttonTap = (chatId: number, data: string, messageId: number, id = `cb${nextMessage++}`) => ({
  callback_query: {
    id,
    from: { id: Math.abs(chatId), is_bot: false, first_name: 'u' },
    chat_instance: 'x',
    data,
    message: { message_id: messageId, date: 0, chat: { id: chatId, type: chatId < 0 ? 'group' : 'private' }, from: BOT_USER, text: 'x' },
  },
});

/** Every text the bot had Telegram show (messages, edits, inline results), with its parse mode. */
export function shownTexts(calls: Call[]): { text: string; html: boolean }[] {
  const out: { text: string; html: boolean }[] = [];
  for (const c of calls) {
    if (c.body.failedWith) continue;
    if (c.method === 'sendPhoto' && c.body.caption) out.push({ text: String(c.body.caption), html: false });
    if (c.method === 'sendMessage' || c.method === 'editMessageText')
      out.push({ text: String(c.body.text), html: c.body.parse_mode === 'HTML' });
    if (c.method === 'answerInlineQuery')
      for (const r of c.body.results ?? [])
        out.push({ text: String(r.input_message_content.message_text), html: r.input_message_content.parse_mode === 'HTML' });
  }
  return out;
}

/** Telegram HTML check: allowed tags only, balanced, entities escaped, ≤ 4096 characters. */
export function telegramHtmlProblem(html: string): string | undefined {
  if (html.length > 4096) return `too long (${html.length})`;
  if (!html.trim()) return 'empty message';
  const allowed = /^(b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler|blockquote|a|span|tg-emoji)$/;
  const stack: string[] = [];
  const re = /<(\/?)([a-z-]+)([^<>]*)>|&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot);|[<>&]/gi;
  for (const m of html.matchAll(re)) {
    if (m[0] === '<' || m[0] === '>' || m[0] === '&') return `raw ${m[0]} at ${m.index}`;
    if (m[4]) continue;
    const [, close, tag, attrs] = m;
    if (!allowed.test(tag!)) return `tag <${tag}> not allowed`;
    if (close) {
      if (stack.pop() !== tag) return `unbalanced </${tag}>`;
    } else {
      if (attrs!.trim() && !/^\s*(expandable|href="[^"]*"|class="tg-spoiler")\s*$/.test(attrs!)) return `attributes ${attrs}`;
      stack.push(tag!);
    }
  }
  return stack.length ? `unclosed <${stack.at(-1)}>` : undefined;
}
