// Scenario: AAPL is approved and a signal just traded it (by symbol and by conId), so its parsed
// approval is kept for the next look-up (instruments/view-cache.ts). The owner revokes it; the very
// next signal is denied instrument_not_qualified, by symbol and by conId. Approved again, it is
// found under its new approval. Through POST /api/signals, Kairox's worker and the simulator, whose
// clock is pinned to a Tuesday noon in New York (inside the liquid hours).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manualClock, startGateway, type Gateway, type ManualClock } from '@kairox/gateway-sim';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { expectDenied, expectPrepared, intakeDriver, readyConnection, stepOf, type IntakeDriver } from '../support/intake.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-15T17:00:00Z');
const ACCOUNT = 'DU1111111';
const AAPL = 265598;

describeEachEngine('signals: a revoked instrument is denied on the next signal, right after one used it', (engine) => {
  let gateway: Gateway;
  let clock: ManualClock;
  let kairox: Kairox;
  let owner: SignedInClient;
  let connectionId: string;
  let intake: IntakeDriver;

  const approve = async (): Promise<string> => {
    const response = await owner.request({ method: 'POST', url: '/api/instruments', payload: { connectionId, conId: AAPL } });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { instrument: { id: string } }).instrument.id;
  };
  const buy = (instrument: Record<string, unknown>) => intake.submit({ instrument, action: 'buy', size: { qty: 1 } });

  beforeAll(async () => {
    clock = manualClock(TUESDAY_NOON_NEW_YORK);
    gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 7, clock, hours: 'real' });
    kairox = await startKairox(engine, {}, { worker: true, clock });
    await kairox.worker?.start();
    owner = await setUp(kairox);
    connectionId = await readyConnection(owner, { hostPort: `127.0.0.1:${gateway.port}`, clientId: 72 });
    intake = intakeDriver(owner, connectionId, () => clock.now());
  });
  afterAll(async () => {
    await kairox?.close();
    await gateway?.close();
  });

  it('denies instrument_not_qualified by symbol and by conId once revoked, and finds the new approval', async () => {
    const first = await approve();
    for (const instrument of [{ symbol: 'AAPL' }, { conId: AAPL }]) {
      const answer = await buy(instrument);
      expectPrepared(answer);
      expect(stepOf(answer, 'instrument')).toMatchObject({ outcome: 'pass', values: { instrumentId: first } });
    }

    const revoked = await owner.request({ method: 'DELETE', url: `/api/instruments/${first}` });
    expect(revoked.statusCode, revoked.body).toBe(200);
    for (const instrument of [{ symbol: 'AAPL' }, { conId: AAPL }]) {
      const answer = await buy(instrument);
      expectDenied(answer, 'instrument_not_qualified');
      expect(stepOf(answer, 'instrument').message).toContain('not an approved instrument');
    }

    const second = await approve();
    expect(second).not.toBe(first);
    for (const instrument of [{ symbol: 'AAPL' }, { conId: AAPL }]) {
      const answer = await buy(instrument);
      expectPrepared(answer);
      expect(stepOf(answer, 'instrument')).toMatchObject({ outcome: 'pass', values: { instrumentId: second } });
    }
  });
});
