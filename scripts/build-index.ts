/** npm run build-index [-- --full]: builds or refreshes the index under INDEX_DIR. */
import { loadEngineConfig } from '../src/config.js';
import { buildIndex } from '../src/index/build.js';
import { formatSummary } from '../src/frontends/buildSummary.js';
import { fail } from '../src/frontends/startup.js';
import { setLogLevel } from '../src/log.js';

const full = process.argv.includes('--full');
try {
  const config = loadEngineConfig();
  setLogLevel(config.LOG_LEVEL);
  const tty = process.stderr.isTTY;
  const summary = await buildIndex(config, {
    full,
    lock: { onWait: (pid) => process.stderr.write(`another build${pid > 0 ? ` (pid ${pid})` : ''} is running on ${config.INDEX_DIR}; waiting for it…\n`) },
    onProgress: tty ? (done, total) => process.stderr.write(`\rembedding passages ${done}/${total}`) : undefined,
  });
  if (tty && !summary.noop) process.stderr.write('\r\u001b[K');
  process.stdout.write(formatSummary(summary) + '\n');
} catch (err) {
  fail(err);
}
