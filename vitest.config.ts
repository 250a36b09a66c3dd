import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: native addons (hnswlib, jieba, onnxruntime) are happiest in forked workers.
    pool: 'forks',
    maxWorkers: 2,
  },
});
