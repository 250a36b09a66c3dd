/** Shared by the scale benchmarks: run a program in a child process and read its time and peak RSS. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
const PROBE = join(ROOT, 'scripts/rss-probe.mjs');

/** The bundled command users run (npm ci compiles and bundles it), checked to exist. */
export function bundledBeian(): string {
  const path = join(ROOT, 'dist/bin/beian.js');
  if (!existsSync(path)) throw new Error('dist/bin/beian.js is missing: run npm run compile first');
  return path;
}

/** `--name value` from the command line, or the default. */
export const arg = (k: string, d: string): string => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1]! : d);

export const dirSize = (d: string): number =>
  readdirSync(d).reduce((n, f) => {
    const s = statSync(join(d, f));
    return n + (s.isDirectory() ? dirSize(join(d, f)) : s.size);
  }, 0);

/** Runs `node [--import tsx] <args>` with the weight-free embedder; the RSS probe records the peak. */
export function child(
  args: string[],
  env: Record<string, string>,
  opts: { tsx?: boolean } = {},
): { ms: number; rssMiB: number; stdout: string } {
  const rssFile = env.INDEX_DIR! + '.rss';
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...(opts.tsx ? ['--import', 'tsx'] : []), '--import', PROBE, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, EMBEDDER: 'hash', LOG_LEVEL: 'warn', BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { ms: performance.now() - t0, rssMiB: Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024), stdout: r.stdout };
}
