import { defineConfig } from 'vitest/config';

// One run covers every workspace; each workspace is its own project so failures say where.
// `extends: true` makes each project inherit the time limits below (without it they fall back to
// vitest's 5 s default, too short for a process start-up on a loaded 2-core machine).
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'gateway-sim', root: './gateway-sim', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      { extends: true, test: { name: 'server', root: './server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      // Browser journeys in Chromium against a real Kairox and the simulator; the dashboard is built once per run.
      { extends: true, test: { name: 'dashboard', root: './dashboard', include: ['test/**/*.test.ts'], globalSetup: ['test/support/build.ts'] } },
    ],
    // Every documented answer is checked against its schema (server/src/http/response-schemas.ts).
    env: { KAIROX_VERIFY_RESPONSES: 'true' },
    // Three test files at a time on 2 cores: most tests wait on sockets, a database or a browser,
    // so the default (cores - 1 = one file at a time) left the machine idle; 1871 tests took
    // ~16 min with one worker and 9.5 min with three (all passing).
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
