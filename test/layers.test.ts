/**
 * After reading, the plan is all that answer/ sees: no module there goes back to the question's
 * text (plan.text) or reads it again with the understanding's readers. A static check over the
 * sources, so that it fails the moment someone adds such a read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** Every TypeScript file under a folder of src/, subfolders included (answer/render/, answer/phrases/). */
function sources(dir: string): { f: string; src: string }[] {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((x) => {
      const p = join(d, x);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
    });
  return walk(join(ROOT, dir)).map((p) => ({ f: relative(ROOT, p).split('\\').join('/'), src: readFileSync(p, 'utf8') }));
}

const answerFiles = () => sources('src/answer');

/** The relative imports of a module (`import … from './x.js'`, re-exports too), as paths under the root; `runtime`: not `import type`. */
function importsOf(file: string, src: string, runtime: boolean): string[] {
  return [...src.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'(\.[^']+)'/gms)]
    .filter((m) => !(runtime && m[1]))
    .map((m) =>
      relative(ROOT, resolve(ROOT, dirname(file), m[2]!.replace(/\.js$/, '.ts')))
        .split('\\')
        .join('/'),
    );
}

/** Import cycles among the given modules, each as "a → b → a". */
function cycles(files: { f: string; src: string }[], runtime: boolean): string[] {
  const graph = new Map(files.map(({ f, src }) => [f, importsOf(f, src, runtime)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (!graph.has(d)) continue;
      if (state.get(d) === 'open') found.push([...stack.slice(stack.indexOf(d)), d].join(' → '));
      else if (!state.get(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const f of graph.keys()) if (!state.get(f)) visit(f);
  return found;
}

describe('answer/ works from the plan alone', () => {
  it('never reads plan.text', () => {
    const reads = answerFiles().flatMap(({ f, src }) =>
      [...src.matchAll(/\bplan\.text\b|\.plan\.text\b|\{\s*text\s*\}\s*=\s*plan\b/g)].map((m) => `${f}: ${m[0]}`),
    );
    expect(reads).toEqual([]);
  });

  // (Sentences of the texts may be read with them: yearsIn(sentence) is not a question read again.)
  it('does not read the question again with the readers of understand/', () => {
    const rereads = answerFiles().flatMap(({ f, src }) =>
      [...src.matchAll(/\b(dateRange|yearsIn|readConditions|readCues|glossEnglish|isYesNo|findFuzzy)\s*\(\s*(?:plan|question|q)\b/g)].map(
        (m) => `${f}: ${m[1]}`,
      ),
    );
    expect(rereads).toEqual([]);
  });

  it('imports nothing of the front ends', () => {
    const up = answerFiles().flatMap(({ f, src }) =>
      importsOf(f, src, false)
        .filter((i) => i.startsWith('src/frontends/'))
        .map((i) => `${f} → ${i}`),
    );
    expect(up).toEqual([]);
  });

  it('has no import cycle, nor has src/ one through the imports that run', () => {
    expect(cycles(answerFiles(), false)).toEqual([]);
    expect(cycles(sources('src'), true)).toEqual([]);
  });
});
