/**
 * One-shot CLI.
 *   npm run ask -- "问题"          human-readable answer
 *   npm run ask -- --json "问题"   one JSON object
 *   npm run ask -- --jsonl         one question per stdin line → one JSON object per non-empty line
 * Only answers go to stdout; logs go to stderr.
 */
import { createInterface } from 'node:readline';
import { renderAnswer } from './render.js';
import { fail, startEngine } from './startup.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const jsonl = args.includes('--jsonl');
const question = args.filter((a) => !a.startsWith('--')).join(' ');

if (!jsonl && !question.trim()) {
  process.stderr.write('usage: npm run ask -- [--json] "问题"   |   npm run ask -- --jsonl < questions.txt\n');
  process.exit(2);
}

try {
  const { engine } = await startEngine();
  if (jsonl) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) {
      if (!line.trim()) continue;
      const answer = await engine.ask(line);
      process.stdout.write(JSON.stringify(answer) + '\n');
    }
  } else {
    const answer = await engine.ask(question);
    process.stdout.write((json ? JSON.stringify(answer) : renderAnswer(answer, { color: !!process.stdout.isTTY })) + '\n');
    if (!answer.found && answer.kind === 'none' && !answer.citations.length && /^问题/.test(answer.answer)) process.exitCode = 2;
  }
} catch (err) {
  fail(err);
}
