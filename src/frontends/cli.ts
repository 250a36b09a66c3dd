/**
 * `beian ask`: one answer, or one JSON object per input line. Only answers go to stdout; logs go to stderr.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as z from 'zod';
import type { Answer, AnswerEngine } from '../answer/types.js';
import { engineConfig, loadConfig } from '../config.js';
import { MANIFEST_FILE } from '../index/manifest.js';
import { redact } from '../log.js';
import { jsonLine } from '../text/printable.js';
import { FollowedEngine, sourceOf, type EngineSource } from './followIndex.js';
import { EXIT, isEntryPoint, parseCommandLine, runMain, UsageError, version } from './args.js';
import { renderAnswer, renderPlan } from './render.js';
import { exitQuietlyOnEpipe, loadLayout, outputWidth, useColor, writeOut } from './terminal.js';

const COMMAND = 'beian ask';

export const ASK_HELP = `usage: beian ask [--json] [--explain] "问题"
       beian ask --jsonl < questions.txt

Answers one question from the indexed texts and registers, with numbered sources.

options:
  --json        print the answer as one JSON object (the answer contract, see docs/cli.md)
  --jsonl       read questions from standard input, one per line, and print one JSON
                object per non-empty line, in order. A line starting with { or [ is read
                as JSON: {"question": "...", "conversation": "id"} (turns with the same
                conversation id are follow-ups of each other); a JSON line that is not
                such an object gets {"line": N, "error": "..."} and the rest is answered
  --explain     also print how the question was read (the query plan); with --json
                and --jsonl the plan is the "plan" field
  -h, --help    this help
  --version     the version

exit status: 0 answered (also "not in the texts"), 1 unexpected error,
             2 usage error, bad configuration or an unusable question (empty, too long)`;

/** Conversation ids become map keys in the engine and appear in logs: short and printable only. */
export const MAX_CONVERSATION_ID = 200;

const JsonQuestion = z.object(
  {
    question: z.string({ error: '"question" must be a string' }),
    conversation: z
      .string({ error: '"conversation" must be a string' })
      .min(1, '"conversation" must not be empty')
      .max(MAX_CONVERSATION_ID, `"conversation" must be at most ${MAX_CONVERSATION_ID} characters`)
      .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), '"conversation" must not contain control characters')
      .optional(),
  },
  { error: 'expected a JSON object with a "question" string' },
);

export type JsonlItem = { question: string; conversation?: string } | { error: string };

/**
 * One input line of `--jsonl`: a plain question, or JSON when the line starts with { or [.
 * Returns undefined for blank lines (skipped).
 */
export function readJsonlLine(line: string): JsonlItem | undefined {
  const t = line.trim();
  if (!t) return undefined;
  if (t[0] !== '{' && t[0] !== '[') return { question: line };
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch {
    return { error: 'not valid JSON (a line starting with { or [ is read as JSON)' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'expected a JSON object with a "question" string' };
  if (!('question' in value)) return { error: 'missing "question"' };
  const parsed = JsonQuestion.safeParse(value);
  if (!parsed.success) return { error: parsed.error.issues[0]!.message };
  return parsed.data;
}

/** The engine's refusals of unusable input (empty, too long, no text) start with 问题. */
const isBadQuestion = (a: Answer) => !a.found && a.kind === 'none' && !a.citations.length && /^问题/.test(a.answer);

/**
 * Answers each line in order. The engine is taken anew for every line (a rebuilt index is followed,
 * see followIndex.ts); a question that fails (a damaged store, say) gets `{"line": N, "error": "…"}`
 * in one line and the following lines are still answered.
 */
export async function askJsonl(
  engine: AnswerEngine | EngineSource,
  input: NodeJS.ReadableStream,
  write: (s: string) => Promise<void>,
): Promise<void> {
  const source = sourceOf(engine);
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    const item = readJsonlLine(line);
    if (!item) continue;
    if ('error' in item) {
      await write(jsonLine({ line: n, error: item.error }));
      continue;
    }
    let answer: Answer;
    try {
      answer = await (await source.engine()).ask(item.question, item.conversation ? { conversation: item.conversation } : {});
    } catch (err) {
      await write(jsonLine({ line: n, error: redact(String((err as Error)?.message ?? err).split('\n')[0]!) }));
      continue;
    }
    await write(jsonLine(item.conversation ? { ...answer, conversation: item.conversation } : answer));
  }
}

export type AskCommand =
  { kind: 'help' } | { kind: 'version' } | { kind: 'ask'; question: string; json: boolean; explain: boolean } | { kind: 'jsonl' };

/** The command line of `beian ask`, checked: a UsageError for unknown flags and contradictions. */
export function parseAskArgs(argv: string[]): AskCommand {
  const { values, positionals } = parseCommandLine<{ json?: boolean; jsonl?: boolean; explain?: boolean }>(
    COMMAND,
    argv,
    { json: { type: 'boolean' }, jsonl: { type: 'boolean' }, explain: { type: 'boolean' } },
    true,
  );
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const question = positionals.join(' ');
  if (values.jsonl && values.json) throw new UsageError('--json and --jsonl cannot be combined (--jsonl already prints JSON)', COMMAND);
  if (values.jsonl && positionals.length)
    throw new UsageError('--jsonl reads questions from standard input; give no question on the command line', COMMAND);
  if (values.jsonl) return { kind: 'jsonl' };
  if (!question.trim()) throw new UsageError('no question given', COMMAND);
  return { kind: 'ask', question, json: !!values.json, explain: !!values.explain };
}

export async function main(argv: string[]): Promise<number> {
  const cmd = parseAskArgs(argv);
  if (cmd.kind === 'help') {
    await writeOut(ASK_HELP + '\n');
    return EXIT.ok;
  }
  if (cmd.kind === 'version') {
    await writeOut(version() + '\n');
    return EXIT.ok;
  }
  exitQuietlyOnEpipe();
  // A one-shot run parses each schema (configuration, manifest) once: compiling zod's fast parsers costs more than it saves.
  z.config({ jitless: true });
  const config = loadConfig();
  // Loaded only now: --help, usage and configuration errors answer at once, without loading the engine.
  const { fail, startEngine } = await import('./startup.js');
  try {
    // A --jsonl stream is long-running: its index is opened as the REPL's is (a damaged vector file is found and rebuilt at once).
    const { engine } = await startEngine({ config, announceEmbedder: false, oneShot: cmd.kind === 'ask' });
    if (cmd.kind === 'jsonl') {
      const followed = new FollowedEngine(engine, {
        manifest: join(config.INDEX_DIR, MANIFEST_FILE),
        open: async () => (await import('../answer/engine.js')).openEngine(engineConfig(config), { autoBuild: false }),
        notice: (line) => process.stderr.write(`${line}\n`),
      });
      await askJsonl(followed, process.stdin, (s) => writeOut(s));
      return EXIT.ok;
    }
    const answer = await engine.ask(cmd.question);
    if (cmd.json) await writeOut(jsonLine(answer));
    else {
      const opts = { color: useColor(process.stdout), width: outputWidth(process.stdout) };
      if (Number.isFinite(opts.width)) await loadLayout(); // not for a pipe or a file: nothing is wrapped
      await writeOut(renderAnswer(answer, opts) + '\n' + (cmd.explain ? '\n' + renderPlan(answer.plan, opts) + '\n' : ''));
    }
    return isBadQuestion(answer) ? EXIT.usage : EXIT.ok;
  } catch (err) {
    return fail(err);
  }
}

if (isEntryPoint(import.meta.url)) {
  await runMain(() => main(process.argv.slice(2)));
  // Answered (and written): a vector index still loading in the background is not waited for.
  process.exit();
}
