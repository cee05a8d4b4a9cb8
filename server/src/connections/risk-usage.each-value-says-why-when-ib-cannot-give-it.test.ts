// Scenario: the usage next to the limits when the session cannot give every value. A session that
// is not ready, a login with several accounts and no account chosen, and IB failing one read each
// leave the values null with a reason code and IB's words; the values IB did give are still shown.
import { describe, expect, it } from 'vitest';
import type { AccountPnlReport, PnlSubscription, PositionPnlReport, PositionReport, SessionStatus } from '../broker/index.ts';
import { defaultRiskPolicy } from '../risk/index.ts';
import { readRiskUsage, type RunningAccountReads } from './risk-usage.ts';

const ACCOUNT = 'DU1234567';
const policy = defaultRiskPolicy();

function statusOf(over: Partial<SessionStatus>): SessionStatus {
  return { state: 'ready', accounts: [ACCOUNT], account: ACCOUNT, ...over } as SessionStatus;
}

function position(conId: number, quantity: number): PositionReport {
  return { kind: 'position', account: ACCOUNT, contract: { conId, symbol: `S${conId}`, secType: 'STK' }, position: quantity };
}

/** P&L subscriptions opened for market values and not cancelled yet. */
const open = new Set<number>();

function session(over: Partial<RunningAccountReads> & { values?: Record<number, number> } = {}): RunningAccountReads {
  const values = over.values ?? {};
  return {
    status: () => statusOf({}),
    accountPnl: () => Promise.resolve<AccountPnlReport>({ kind: 'accountPnl', account: ACCOUNT, daily: -80, realized: -30, unrealized: -50 }),
    accountSnapshot: (account) => Promise.resolve({ account, netLiquidation: 100_000, availableFunds: 90_000, buyingPower: 360_000, currency: 'EUR', at: 0 }),
    positions: () => Promise.resolve([position(1, 10), position(2, -5), position(3, 0)]),
    subscribePositionPnl: (account, conId) => {
      const first: PositionPnlReport = { kind: 'positionPnl', account, conId, position: 0, ...(values[conId] !== undefined && { value: values[conId] }) };
      open.add(conId);
      const subscription: PnlSubscription<PositionPnlReport> = { first: Promise.resolve(first), latest: first, active: true, unsubscribe: () => Promise.resolve(void open.delete(conId)) };
      return Promise.resolve(subscription);
    },
    ...over,
  };
}

const read = (s: RunningAccountReads) => readRiskUsage({ session: () => s }, { id: 'con_x', enabled: true }, policy);

describe('risk usage when IB cannot give every value', () => {
  it('adds the absolute market values of the open positions (each read cancelled after) and takes the loss from realized + unrealized, in the base currency', async () => {
    const usage = await read(session({ values: { 1: 1_500, 2: -700 } }));
    expect(usage.account).toBe(ACCOUNT);
    expect(usage.dailyLoss).toEqual({ limit: policy.maxDailyLoss, value: 80, unit: 'EUR', realized: -30, unrealized: -50 });
    expect(usage.openPositions).toEqual({ limit: policy.maxOpenPositions, value: 2, unit: 'positions' });
    expect(usage.grossExposure).toEqual({ limit: policy.maxGrossExposure, value: 2_200, unit: 'EUR' });
    expect(open.size).toBe(0);
  });

  it('says the session is not ready, naming its state', async () => {
    const usage = await read(session({ status: () => statusOf({ state: 'waiting_to_retry' }) }));
    for (const item of [usage.dailyLoss, usage.openPositions, usage.grossExposure]) {
      expect(item).toMatchObject({ value: null, unavailable: { code: 'connection_not_ready', message: expect.stringContaining('waiting to retry') } });
    }
  });

  it('asks for the IB Account ID when the login offers several accounts and none is chosen', async () => {
    const usage = await read(session({ status: () => statusOf({ accounts: [ACCOUNT, 'DU7654321'], account: null }) }));
    expect(usage.account).toBeNull();
    expect(usage.dailyLoss.unavailable).toEqual({ code: 'account_not_chosen', message: expect.stringContaining('DU1234567, DU7654321') });
  });

  it("keeps the positions when IB's P&L read fails, and the P&L when the positions read fails, each with IB's words", async () => {
    const noPnl = await read(session({ values: { 1: 100, 2: 50 }, accountPnl: () => Promise.reject(new Error('IB error 321: account not found')) }));
    expect(noPnl.dailyLoss).toMatchObject({ value: null, unavailable: { code: 'ib_read_failed', message: expect.stringContaining('IB error 321') } });
    expect(noPnl.openPositions.value).toBe(2);
    expect(noPnl.grossExposure.value).toBe(150);

    const noPositions = await read(session({ positions: () => Promise.reject(new Error('the session stopped')) }));
    expect(noPositions.dailyLoss.value).toBe(80);
    for (const item of [noPositions.openPositions, noPositions.grossExposure]) {
      expect(item).toMatchObject({ value: null, unavailable: { code: 'ib_read_failed', message: expect.stringContaining('the session stopped') } });
    }
  });

  it('shows no gross exposure when IB gives no market value for one open position', async () => {
    const usage = await read(session({ values: { 1: 100 } }));
    expect(usage.openPositions.value).toBe(2);
    expect(usage.grossExposure).toMatchObject({ value: null, unavailable: { code: 'ib_read_failed', message: expect.stringContaining('no market value for conId 2') } });
    expect(open.size).toBe(0);
  });
});
