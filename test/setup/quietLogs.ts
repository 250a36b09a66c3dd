/**
 * Per test file: the application's log lines are captured instead of written to stderr, so that
 * `npm test` prints only vitest's report. Tests that want to see them read `capturedLogs()`.
 */
import { afterAll } from 'vitest';
import { setLogSink } from '../../src/log.js';
import { removeTempDirs } from '../helpers.js';

const lines: string[] = [];
setLogSink((line) => lines.push(line));
afterAll(() => removeTempDirs());

export function capturedLogs(): readonly string[] {
  return lines;
}
