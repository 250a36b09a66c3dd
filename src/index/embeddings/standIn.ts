/**
 * A model folder can hold a STAND-IN (scripts/make-standin-bge.ts): the real model's shape with
 * random weights, for timing only. It carries a marker file (or a `stand_in` field in its
 * config.json); the product then labels the embedder so it is never taken for the real model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const STAND_IN_MARKER = 'STAND-IN.txt';
export const STAND_IN_LABEL = 'stand-in with random weights, for timing only';

/** Whether the model folder is a stand-in (marker file, or `stand_in` in its config.json). */
export function isStandIn(dir: string): boolean {
  if (existsSync(join(dir, STAND_IN_MARKER))) return true;
  try {
    return 'stand_in' in (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as object);
  } catch {
    return false;
  }
}
