// What a browser journey runs against: the simulated IB Gateway (round-the-clock hours, so the
// market is open at any date and hour, and a clock held at the moment the rig starts), a real
// Kairox on that same clock with its worker listening on a loopback port and serving the dashboard
// built for this run, and Chromium. The clock starts at the real now, not at a fixed date: the
// browser keeps its own clock, and a session cookie that Kairox dated on another day would be
// expired (or far from now) in the browser's eyes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { manualClock, startGateway, type Gateway } from '@kairox/gateway-sim';
import { loadConfig } from '../../../server/src/common/config.ts';
import { createKairox, type Kairox } from '../../../server/src/main.ts';
import { freePort } from '../../../server/test/support/ports.ts';
import { launchChromium } from './browser.ts';

export const ACCOUNT = 'DU1234567';
export const OWNER = { email: 'ada@example.test', password: 'correct horse battery staple' } as const;

export interface Rig {
  readonly url: string;
  readonly gateway: Gateway;
  readonly kairox: Kairox;
  readonly browser: Browser;
  close(): Promise<void>;
}

export interface RigOptions {
  /** The accounts the simulated login offers (default: ACCOUNT alone). */
  readonly accounts?: readonly string[];
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-browser-'));
  const gateway = await startGateway({ port: 0, accounts: options.accounts ?? [ACCOUNT], seed: 7, hours: 'always', clock: manualClock(Date.now()) });
  const config = loadConfig({ KAIROX_LOG_LEVEL: 'silent', KAIROX_DATA_DIR: dataDir, KAIROX_HTTP_HOST: '127.0.0.1', KAIROX_HTTP_PORT: String(await freePort()) } as NodeJS.ProcessEnv);
  const kairox = await createKairox(config, { worker: true, clock: gateway.clock, dashboardDir: inject('dashboardDir') });
  await kairox.worker?.start();
  const url = await kairox.listen();
  const browser = await launchChromium();
  return {
    url, gateway, kairox, browser,
    close: async () => {
      await browser.close();
      await kairox.close();
      await gateway.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
