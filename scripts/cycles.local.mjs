import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
const files = [];
const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts')) files.push(resolve(p)); } };
walk('src');
const g = new Map();
for (const f of files) {
  const s = readFileSync(f, 'utf8');
  const deps = [...s.matchAll(/from\s+'(\.[^']+)'/g)].map((m) => resolve(dirname(f), m[1].replace(/\.js$/, '.ts')));
  g.set(f, deps.filter((d) => files.includes(d)));
}
const seen = new Set(), stack = [], on = new Set(); const cycles = [];
const dfs = (n) => { seen.add(n); on.add(n); stack.push(n); for (const d of g.get(n) ?? []) { if (on.has(d)) cycles.push(stack.slice(stack.indexOf(d)).map((x) => x.replace(process.cwd() + '/', '')).concat(d.replace(process.cwd() + '/', ''))); else if (!seen.has(d)) dfs(d); } stack.pop(); on.delete(n); };
for (const f of files) if (!seen.has(f)) dfs(f);
console.log(cycles.length ? cycles.map((c) => c.join(' → ')).join('\n') : 'no cycles');
