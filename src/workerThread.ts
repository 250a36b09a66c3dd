/**
 * Starts a worker thread on a module next to the caller: the compiled `.js` file, or, when the
 * caller runs from TypeScript sources (tests, scripts under tsx), the `.ts` file behind a small
 * boot script that registers tsx first (a worker does not inherit the parent's loader).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(callerUrl: string, baseName: string, options: WorkerOptions = {}): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${baseName}.js`, callerUrl), options);
  // tsx is found from this file, not from the working directory (an eval'd worker has no location of its own).
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL(`./${baseName}.ts`, callerUrl).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
