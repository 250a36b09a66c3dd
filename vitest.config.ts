import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: native addons (hnswlib, jieba, onnxruntime) are happiest in forked workers.
    pool: 'forks',
    maxWorkers: 2,
    // Quiet runs: temp files in a folder of the run's own (removed at the end), application logs
    // captured, and console output shown only for failing tests.
    globalSetup: ['test/setup/tmpSandbox.ts'],
    setupFiles: ['test/setup/quietLogs.ts'],
    silent: 'passed-only',
  },
});
