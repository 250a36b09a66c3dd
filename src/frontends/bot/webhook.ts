/**
 * Webhook mode on node:http: a request with the right secret header is acknowledged at once
 * (200) and answered out of band, so a slow answer never makes Telegram time out and deliver the
 * update again. An update id seen before (a redelivery) is acknowledged and ignored.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { log, redact } from '../../log.js';
import type { Gate } from './polling.js';
import { updateKey, updateKind } from './context.js';

const MAX_BODY = 1 << 20;
const RECENT_IDS = 10_000;

const sameSecret = (given: string | string[] | undefined, secret: string) => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
};

export interface WebhookServer {
  server: Server;
  /** Stops taking requests and waits for the answers already acknowledged. */
  stop(): Promise<void>;
}

export async function serveWebhook(
  bot: Bot<any>,
  gate: Gate,
  opts: { port: number; host: string; secret: string },
): Promise<WebhookServer> {
  // Recent update ids, oldest first (a Set keeps insertion order).
  const recent = new Set<string>();
  let closing = false;
  const server = createServer((req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405).end();
    if (!sameSecret(req.headers['x-telegram-bot-api-secret-token'], opts.secret)) return void res.writeHead(401).end();
    if (closing) return void res.writeHead(503).end();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let update: Update;
      try {
        update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
        if (typeof update?.update_id !== 'number') throw new Error('no update_id');
      } catch {
        return void res.writeHead(400).end();
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      // Keyed by what Telegram keeps stable on a redelivery, never by update id (ids may start afresh).
      const key = updateKey(update) ?? `u:${update.update_id}`;
      if (recent.has(key))
        return void log.info(`skipped update ${update.update_id} (${updateKind(update)}): duplicate (redelivered webhook request)`);
      recent.add(key);
      if (recent.size > RECENT_IDS) recent.delete(recent.values().next().value!);
      void gate.track(bot.handleUpdate(update)).catch(async (err) => {
        try {
          await bot.errorHandler(err);
        } catch (e) {
          log.error('webhook update failed:', redact(String((e as Error)?.message ?? e)));
        }
      });
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, opts.host, () => ok());
  });
  return {
    server,
    async stop() {
      closing = true;
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      server.closeIdleConnections();
      await closed;
      // Acknowledged updates were ours to answer: finish them all.
      await gate.drain();
    },
  };
}
