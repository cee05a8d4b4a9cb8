// Starts a gateway for a test on an OS-chosen loopback port, with a pinned clock inside US
// regular trading hours so market orders fill at once.
import { createEngine, manualClock } from '../../src/engine/index.ts';
import type { ManualClock } from '../../src/engine/index.ts';
import { startGateway } from '../../src/server/index.ts';
import type { Gateway, GatewayOptions } from '../../src/server/index.ts';

/** Monday 23 Nov 2026, 10:00 New York. */
export const TEST_START_MS = Date.parse('2026-11-23T15:00:00Z');

export async function testGateway(options: Partial<GatewayOptions> = {}): Promise<Gateway & { clock: ManualClock }> {
  const clock = manualClock(TEST_START_MS);
  const engine = options.engine ?? createEngine({ clock, seed: 7, accounts: ['DU1234567'], mode: options.mode ?? 'paper' });
  const gw = await startGateway({ port: 0, clock, engine, ...options });
  return gw as Gateway & { clock: ManualClock };
}
