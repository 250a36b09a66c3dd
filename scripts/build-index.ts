/** `beian build-index [--full]`: builds or refreshes the index under INDEX_DIR. */
import { loadEngineConfig } from '../src/config.js';
import { EXIT, isEntryPoint, parseCommandLine, runMain, version } from '../src/frontends/args.js';
import { exitQuietlyOnEpipe, writeOut } from '../src/frontends/terminal.js';
import { setLogLevel } from '../src/log.js';

const COMMAND = 'beian build-index';

export const BUILD_HELP = `usage: beian build-index [--full]

Builds the index under INDEX_DIR from the files in CORPUS_DIR, or refreshes it: only files
whose content changed are read again. Prints a summary (and the files it skipped, with why).

options:
  --full        rebuild everything from scratch
  -h, --help    this help
  --version     the version

exit status: 0 built or up to date, 1 unexpected error, 2 usage error, bad configuration, or a
corpus with no file that could be indexed`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine<{ full?: boolean }>(COMMAND, argv, { full: { type: 'boolean' } }, false);
  if (values.help) {
    await writeOut(BUILD_HELP + '\n');
    return EXIT.ok;
  }
  if (values.version) {
    await writeOut(version() + '\n');
    return EXIT.ok;
  }
  exitQuietlyOnEpipe();
  const config = loadEngineConfig();
  // Loaded only now: --help, usage and configuration errors answer at once, without loading the index code.
  const [{ buildIndex }, { fail, summaryText }, { waitingLine }] = await Promise.all([
    import('../src/index/build.js'),
    import('../src/frontends/startup.js'),
    import('../src/index/lock.js'),
  ]);
  try {
    setLogLevel(config.LOG_LEVEL);
    const tty = !!process.stderr.isTTY;
    const summary = await buildIndex(config, {
      full: !!values.full,
      lock: {
        onWait: (pid, waited, timeout) => process.stderr.write(waitingLine(config.INDEX_DIR, pid, waited, timeout) + '\n'),
        onTakeOver: (why) => process.stderr.write(`taking over a stale build lock in ${config.INDEX_DIR}: ${why}\n`),
      },
      onProgress: tty ? (done, total) => process.stderr.write(`\rreading and embedding files ${done}/${total}`) : undefined,
    });
    if (tty && !summary.noop) process.stderr.write('\r\u001b[K');
    await writeOut(summaryText(summary) + '\n');
    if (summary.files === 0) {
      // An index of nothing answers nothing: say so, and let scripts notice.
      process.stderr.write(
        `error: no file in ${config.CORPUS_DIR} could be indexed; add .txt, .md, .pdf, .html, .docx, .csv, .tsv or .xlsx files\n`,
      );
      return EXIT.usage;
    }
    return EXIT.ok;
  } catch (err) {
    return fail(err);
  }
}

if (isEntryPoint(import.meta.url)) await runMain(() => main(process.argv.slice(2)));
