/**
 * Documents forwarded into the chat by an admin (BOT_ADMIN_IDS): a new CAC list or text is added
 * to the corpus and answered from at once, in every chat.
 *
 * The file is checked before anything is written: its name (a plain file name: no path, no
 * control characters, not hidden), its extension (a format build-index reads), its size (Telegram's
 * file_size, then the bytes as they arrive, against MAX_FILE_MB) and its first bytes against the
 * extension. It is downloaded through the Bot API (getFile, then the file address) with a time
 * limit, written to a hidden temporary file in the corpus folder and renamed over its name there:
 * nothing is ever written outside the corpus folder, whatever the name says. Then the incremental
 * build runs, as `build-index` does (same extraction, caps and summary), the bot's engine is
 * swapped for the new index, and the reply is the build summary. The same bytes again change
 * nothing; other bytes under the same name replace the older version. A file the build could not
 * read (a zip bomb, a broken PDF) is removed again and named with the reason. One document at a
 * time: two admins sending at once are taken in turn.
 *
 * Anyone else (and admins in a group, unless they address the bot) goes on to the questions
 * composer: attachments are not read.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Composer } from 'grammy';
import type { Document } from 'grammy/types';
import type { BuildSummary } from '../../index/build.js';
import { checkMagic, formatOfName } from '../../ingest/formats.js';
import { isSidecar } from '../../ingest/sourceMeta.js';
import { log } from '../../log.js';
import { summaryText } from '../startup.js';
import type { Answering } from './answering.js';
import { HTML, logSkip, type BotContext, type Shared } from './context.js';
import { escapeHtml, toMessages } from './format.js';
import { describeApiError } from './polling.js';

export interface DocumentIntake {
  /** The corpus folder (CORPUS_DIR). */
  corpusDir: string;
  /** Runs the incremental build as build-index does and returns its summary. */
  build(): Promise<BuildSummary>;
  /** Download time limit (ms); default 60 s. */
  downloadTimeoutMs?: number;
}

const ACCEPTED = new Set(['.xlsx', '.csv', '.tsv', '.docx', '.pdf', '.txt', '.md', '.html', '.htm']);

/** Why a received file name cannot be a corpus file name, or undefined when it can. */
export function badFileName(name: string): string | undefined {
  if (!name || name.length > 200) return 'length';
  if (name !== basename(name) || /[\\/]/.test(name)) return 'path';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control characters';
  if (name.startsWith('.') || name === '..') return 'hidden';
  if (isSidecar(name)) return 'metadata sidecar';
  return undefined;
}

const extOf = (name: string) => (/\.[^.]+$/.exec(name)?.[0] ?? '').toLowerCase();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

/** Downloads at most `maxBytes` within `timeoutMs`; errors never carry the address (it holds the token). */
async function download(url: string, maxBytes: number, timeoutMs: number): Promise<Buffer | { error: string; tooBig?: boolean }> {
  let res: Response;
  const stop = new AbortController();
  try {
    res = await fetch(url, { signal: AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]) });
  } catch (err) {
    return { error: (err as Error).name === 'TimeoutError' ? `timed out after ${Math.round(timeoutMs / 1000)} s` : 'network error' };
  }
  if (!res.ok || !res.body) return { error: `HTTP ${res.status}` };
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) break;
      chunks.push(Buffer.from(chunk));
    }
  } catch (err) {
    return {
      error: (err as Error).name === 'TimeoutError' ? `timed out after ${Math.round(timeoutMs / 1000)} s` : 'the download broke off',
    };
  }
  if (size > maxBytes) {
    // Stop the transfer: the rest is not read.
    stop.abort();
    return { error: `over ${mb(maxBytes)} MB`, tooBig: true };
  }
  return Buffer.concat(chunks);
}

export function documentsComposer(
  shared: Shared,
  answering: Answering,
  intake: DocumentIntake | undefined,
  token: string,
): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admins = shared.config.BOT_ADMIN_IDS;
  const maxBytes = (shared.config.MAX_FILE_MB ?? 100) * 1048576;
  /** One document at a time (two admins at once are taken in turn). */
  let queue: Promise<unknown> = Promise.resolve();

  const isAdminDocument = (ctx: BotContext): boolean => {
    if (!intake || !admins || !ctx.from || !admins.has(ctx.from.id) || !ctx.msg?.document) return false;
    if (ctx.chat?.type === 'private') return true;
    const caption = ctx.msg.caption ?? '';
    return caption.toLowerCase().includes(`@${shared.botName()}`.toLowerCase()) || ctx.msg.reply_to_message?.from?.id === ctx.me.id;
  };

  composer.on('message:document').filter(isAdminDocument, async (ctx) => {
    const run = queue.then(() => receive(ctx, ctx.msg.document));
    queue = run.catch(() => undefined);
    await run;
    const caption = (ctx.msg.caption ?? '').replace(new RegExp(`@${shared.botName()}\\b`, 'ig'), ' ').trim();
    if (caption) await answering.ask(ctx, caption);
  });

  async function receive(ctx: BotContext, doc: Document): Promise<void> {
    const t = shared.tr(shared.uiLanguage(ctx, ctx.msg?.caption));
    const say = (text: string) => ctx.reply(escapeHtml(text), { ...HTML, ...shared.threadTo(ctx, ctx.msg?.message_id) });
    const name = doc.file_name ?? '';
    const shown = JSON.stringify(name.slice(0, 80)).slice(1, -1);
    if (badFileName(name)) return void (await say(t('doc-bad-name', { name: shown })));
    if (!ACCEPTED.has(extOf(name)) || !formatOfName(name)) return void (await say(t('doc-bad-type', { name: shown })));
    if ((doc.file_size ?? 0) > maxBytes) return void (await say(t('doc-too-big', { size: mb(doc.file_size!), max: mb(maxBytes) })));
    ctx.chatAction = 'upload_document';
    let path: string | undefined;
    try {
      const file = await ctx.api.getFile(doc.file_id);
      if ((file.file_size ?? 0) > maxBytes) return void (await say(t('doc-too-big', { size: mb(file.file_size!), max: mb(maxBytes) })));
      path = file.file_path;
    } catch (err) {
      return void (await say(t('doc-download-failed', { reason: describeApiError(err).replace(/^\d+ /, '') })));
    }
    if (!path) return void (await say(t('doc-download-failed', { reason: 'no file path' })));
    const url = `${shared.config.TELEGRAM_API_ROOT.replace(/\/$/, '')}/file/bot${token}/${path.split('/').map(encodeURIComponent).join('/')}`;
    const got = await download(url, maxBytes, intake!.downloadTimeoutMs ?? 60_000);
    if (!Buffer.isBuffer(got))
      return void (await say(
        got.tooBig ? t('doc-too-big', { size: `> ${mb(maxBytes)}`, max: mb(maxBytes) }) : t('doc-download-failed', { reason: got.error }),
      ));
    const wrong = got.length ? checkMagic(formatOfName(name)!, got) : 'empty file';
    if (wrong) return void (await say(t('doc-wrong-content', { reason: wrong })));

    const target = join(intake!.corpusDir, name);
    const existed = existsSync(target);
    if (existed) {
      let same = false;
      try {
        same = sha(readFileSync(target)) === sha(got);
      } catch {
        // unreadable: replaced below
      }
      if (same) return void (await say(t('doc-unchanged', { name })));
    }
    const tmp = join(intake!.corpusDir, `.incoming-${process.pid}-${Date.now().toString(36)}`);
    let previous: Buffer | undefined;
    try {
      previous = existed ? readFileSync(target) : undefined;
      writeFileSync(tmp, got);
      renameSync(tmp, target);
    } catch (err) {
      rmSync(tmp, { force: true });
      return void (await say(
        t('doc-failed', { reason: `cannot write to the corpus folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }),
      ));
    }
    log.info(`document ${existed ? 'replaced' : 'added'} by an admin: ${name} (${got.length} bytes); building the index`);
    let summary: BuildSummary;
    try {
      summary = await intake!.build();
    } catch (err) {
      // Put the corpus back as it was.
      if (previous) writeFileSync(target, previous);
      else rmSync(target, { force: true });
      return void (await say(t('doc-failed', { reason: describeApiError(err) })));
    }
    const skipped = summary.problems.find((p) => p.startsWith(`${name}: `) && /skipped$/.test(p));
    if (skipped) {
      if (previous) writeFileSync(target, previous);
      else rmSync(target, { force: true });
      summary = await intake!.build().catch(() => summary);
      await shared.engines.reload('a document could not be read');
      return void (await say(t('doc-not-read', { name, reason: skipped.slice(name.length + 2).replace(/, skipped$/, '') })));
    }
    await shared.engines.reload(`document ${name} added`);
    const head = t('doc-stored', { name, replaced: existed ? t('doc-replaced') : '' });
    for (const html of toMessages([{ text: head }, { text: summaryText(summary), tag: 'blockquote expandable' }]))
      await ctx.reply(html, { ...HTML, ...shared.threadTo(ctx, ctx.msg?.message_id) });
  }

  // Documents of anyone else go on to the questions composer (not read).
  composer.on('message:document', async (ctx, next) => {
    if (admins && ctx.from && admins.has(ctx.from.id) && !intake)
      logSkip(ctx, 'an admin document, but this bot has no corpus to add it to');
    await next();
  });
  return composer;
}
