import { loadEngineConfig } from '../dist/src/config.js';
import { openEngine } from '../dist/src/answer/engine.js';
import { readFileSync } from 'node:fs';
const e = await openEngine(loadEngineConfig());
const norm = (s) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
for (const line of readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean)) {
  const it = JSON.parse(line);
  const { q, conversation } = it;
  const a = await e.ask(q, conversation ? { conversation } : {});
  const head = norm(a.answer.slice(0, 400));
  let ok;
  if (it.expect_found === false) ok = a.found === false;
  else ok = a.found && it.expect.every((x) => (Array.isArray(x) ? x : [x]).some((y) => head.includes(norm(y))));
  console.log(JSON.stringify({ id: it.id, kind: it.kind, auto: ok ? 'OK' : 'FAIL', q, found: a.found, akind: a.kind, answer: a.answer.slice(0, 400), cites: a.citations.slice(0, 3).map(c => c.source.slice(0,3) + ':' + c.lines.join('-')), plan: a.plan }));
}
