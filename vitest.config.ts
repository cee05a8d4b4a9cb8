import { defineConfig } from 'vitest/config';

// One run covers every workspace; each workspace is its own project so failures say where.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'gateway-sim', root: './gateway-sim', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      { test: { name: 'server', root: './server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
