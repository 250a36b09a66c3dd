/**
 * Global setup: every temporary file of a test run goes under one folder of its own
 * (TMPDIR, inherited by the test workers and the programs they start), removed at the end,
 * so that `npm test` leaves nothing behind in the system's temp directory even when a test fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'beian-vitest-'));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
