/**
 * The bundled `beian` command (dist/bin, scripts/bundle.ts) is what users run: it must build and
 * answer exactly as the sources do, find its worker threads, and load every command.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../scripts/bundle.js';
import { openEngine } from '../src/answer/engine.js';
import { ROOT, runChild, tempWorkspace, type Run } from './helpers.js';

let out: string;
let ws: ReturnType<typeof tempWorkspace>;

function beian(args: string[]): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(NO_COLOR|FORCE_COLOR|LOG_LEVEL|CORPUS_DIR|INDEX_DIR|EMBEDDER)$/.test(k)),
  );
  return runChild(process.execPath, [join(out, 'beian.js'), ...args], {
    cwd: ws.dir,
    env: { ...env, CORPUS_DIR: ws.corpus, INDEX_DIR: ws.index, EMBEDDER: 'hash', NO_COLOR: '1' },
  });
}

beforeAll(async () => {
  // Inside the project, as dist/bin is: the packages left out of the bundle resolve from node_modules.
  out = mkdtempSync(join(ROOT, '.bundle-test-'));
  await bundle(ROOT, out);
  ws = tempWorkspace();
  // An Excel register: read in the extraction worker thread.
  cpSync(join(ROOT, 'test/fixtures/registers/synthetic_workbook.xlsx'), join(ws.corpus, 'synthetic_workbook.xlsx'));
}, 60_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the bundled command', () => {
  it('has a file for every worker thread the code starts', () => {
    const names = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.ts'))
          for (const m of readFileSync(join(dir, e.name), 'utf8').matchAll(/startWorker\(import\.meta\.url, '([^']+)'/g)) names.add(m[1]!);
      }
    };
    walk(join(ROOT, 'src'));
    expect(names.size).toBeGreaterThanOrEqual(3);
    for (const name of names) expect(existsSync(join(out, `${name}.js`)), `${name}.js`).toBe(true);
  });

  it('builds the index (worker threads included) and answers as the sources do', async () => {
    const built = await beian(['build-index']);
    expect(built.stderr).not.toMatch(/Error|at .*\.js:\d+/);
    expect(built.status).toBe(0);
    expect(built.stdout).toMatch(/index built: 6 files .* records/);
    expect(built.stdout).toContain('synthetic_workbook.xlsx (Excel register)');

    const engine = await openEngine(ws.config, { autoBuild: false });
    for (const question of ['文心一言的参数量是多少？', '中国电信构建了多少个专业领域大模型？']) {
      const r = await beian(['ask', '--json', question]);
      expect(r.status).toBe(0);
      // The whole answer contract, timing aside.
      const { ms: _ms, ...fromBundle } = JSON.parse(r.stdout) as { ms: number };
      const { ms: _ms2, ...fromSources } = JSON.parse(JSON.stringify(await engine.ask(question))) as { ms: number };
      expect(fromBundle).toEqual(fromSources);
      expect(JSON.stringify(fromBundle)).toContain('"found":true');
    }
  }, 60_000);

  it('loads every command', async () => {
    for (const command of ['ask', 'repl', 'build-index', 'bot', 'eval']) {
      const r = await beian([command, '--help']);
      expect(r.status, `${command}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^usage: /);
    }
  }, 60_000);
});
