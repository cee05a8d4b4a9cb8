// Scenario: the gateway says another login took over (10197), or that the API is in Read-Only
// mode (321). Each changes the session's status — a warning that says what to change, a note on
// the timeline — and a read-only session says it cannot trade, with the reason.
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import { IB_SESSION_CONDITIONS } from '../domain/index.ts';
import type { IbSession } from './ib-session.ts';
import { sessionFor, simulator, until } from './test-support.ts';

let gw: Gateway | undefined;
let session: IbSession | undefined;
afterEach(async () => {
  session?.stop();
  await gw?.close();
  gw = undefined;
  session = undefined;
});

const READ_ONLY = IB_SESSION_CONDITIONS.read_only.warning;
const COMPETING = IB_SESSION_CONDITIONS.competing_session.warning;

async function readySession(gateway: Gateway) {
  const h = sessionFor(gateway);
  session = h.session;
  session.start();
  await session.whenReady(10_000);
  return h;
}

describe('IB conditions in the session status', () => {
  it('10197: the status warns that another login took over and how to avoid it, and the timeline has the note', async () => {
    gw = await simulator();
    const h = await readySession(gw);
    expect(h.session.status().warnings).not.toContain(COMPETING);

    gw.competingSession();
    await until(() => h.session.status().warnings.includes(COMPETING));
    expect(COMPETING).toMatch(/another login took over this IBKR session.*use a dedicated API username/i);
    const note = h.timeline.find((e) => e.event === 'warning');
    expect(note).toMatchObject({ from: 'ready', to: 'ready', code: 10197, reason: expect.stringContaining('took over this IBKR session') });
    // Market data is what 10197 takes away; orders still go through.
    expect(h.session.status()).toMatchObject({ state: 'ready', canTrade: true });
  });

  it('a gateway in Read-Only API mode: known at connect, unable to trade with the reason, and cleared once it is off again', async () => {
    gw = await simulator();
    gw.setReadOnly(true);
    const h = await readySession(gw);
    await until(() => h.session.status().readOnly === true);
    expect(h.session.status()).toMatchObject({ state: 'ready', readOnly: true, canTrade: false, cannotTradeReason: READ_ONLY });
    expect(h.session.status().warnings).toContain(READ_ONLY);
    expect(READ_ONLY).toMatch(/Read-Only mode.*untick "Read-Only API" in TWS or IB Gateway/);
    expect(h.timeline.filter((e) => e.event === 'warning').map((e) => e.code)).toEqual([321]);

    gw.setReadOnly(false);
    gw.dropAllConnections();
    await until(() => h.session.status().readOnly === false && h.session.currentState === 'ready');
    expect(h.session.status()).toMatchObject({ canTrade: true, cannotTradeReason: undefined });
    expect(h.session.status().warnings).not.toContain(READ_ONLY);
    expect(h.timeline.filter((e) => e.event === 'warning_cleared').map((e) => e.code)).toEqual([321]);
  });

  it('Read-Only switched on while connected: the first order IB refuses with 321 makes the session say it cannot trade', async () => {
    gw = await simulator();
    const h = await readySession(gw);
    await until(() => h.session.status().readOnly === false);
    gw.setReadOnly(true);
    const { orderId } = await h.session.placeOrder({ contract: { conId: 265598, exchange: 'SMART' }, action: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: 1, orderRef: 'kx-ro-1' });
    await until(() => h.reports.some((r) => r.kind === 'orderError' && r.orderId === orderId && r.code === 321));
    expect(h.session.status()).toMatchObject({ readOnly: true, canTrade: false, cannotTradeReason: READ_ONLY });
    expect(h.timeline.at(-1)).toMatchObject({ event: 'warning', code: 321, reason: expect.stringContaining('Read-Only') });
  });
});
