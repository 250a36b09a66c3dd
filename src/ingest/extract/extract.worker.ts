/** The extraction worker: takes {id, format, bytes, limits}, answers {id, result} or {id, skip | error}. */
import { parentPort } from 'node:worker_threads';
import { extract } from './extract.js';
import { SkipFile } from './types.js';

parentPort!.on(
  'message',
  async (msg: { id: number; format: Parameters<typeof extract>[0]; bytes: Uint8Array; limits: Parameters<typeof extract>[2] }) => {
    try {
      const bytes = Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength);
      const result = await extract(msg.format, bytes, msg.limits);
      parentPort!.postMessage({ id: msg.id, result });
    } catch (err) {
      const e = err as Error;
      parentPort!.postMessage(
        e instanceof SkipFile ? { id: msg.id, skip: e.message } : { id: msg.id, error: `${e.name}: ${e.message.split('\n')[0]}` },
      );
    }
  },
);
