import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/support/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Some beforeAll hooks make several claims or reports through the command line first: on a loaded 2-core
    // machine they outlast vitest's default 10 s (claims-list's did, at a load average of 5).
    hookTimeout: 60_000,
    // Most of the suite waits on the command line in child processes: vitest's default (one worker fewer than
    // the cores) would leave one of a 2-core machine's cores idle.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A test file shares its worker's modules with the files run there before it, instead of importing vitest and
    // the source again: that import was about half the CPU of the unit tests (core, config, render, structure).
    // No test depends on another's state: the tests that set GRANT_RECON_* variables delete them after each test,
    // and those that start worker threads stop them (test/support/README.md says so for new tests).
    isolate: false,
    reporters: ['default', new SummaryReporter()],
  },
});
