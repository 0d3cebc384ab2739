import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'graders/**/*.test.ts', 'labs/**/*.test.ts', 'cli/**/*.test.ts', 'site/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    // The graders' own suites are CPU-bound: use every core (vitest's default leaves one idle).
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
