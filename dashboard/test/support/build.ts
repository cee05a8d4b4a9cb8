// Vitest global set-up of the browser suites: builds the dashboard from its current sources once
// per run, into a directory of its own, so a test never runs against a stale dist/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

const root = new URL('../../', import.meta.url).pathname;

declare module 'vitest' {
  export interface ProvidedContext {
    dashboardDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-dashboard-'));
  await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  project.provide('dashboardDir', outDir);
  return () => fs.rmSync(outDir, { recursive: true, force: true });
}
