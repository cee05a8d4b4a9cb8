// Helpers for intake scenarios against the simulator: a connection made and approved over HTTP,
// signals posted and read back, the policy replaced, and positions built at the simulator itself
// (an order from another API client id fills there; Kairox sees the position through its session).
import { expect, vi } from 'vitest';
import type { Gateway } from '@kairox/gateway-sim';
import { until } from '../../src/broker/test-support.ts';
import type { SignedInClient } from './kairox.ts';

export interface Step { step: string; outcome: 'pass' | 'deny' | 'skip'; code?: string; message?: string; values?: Record<string, unknown> }
export interface Decision { status: string; code?: string; message?: string; steps: Step[] }
export interface Answer { signal: { id: string; status: string; decision: Decision }; repeated: boolean }

/** The step named `name` (e.g. "risk:max_order_quantity"), or a failure that lists the steps there are. */
export function stepOf(answer: Answer, name: string): Step {
  const found = answer.signal.decision.steps.find((s) => s.step === name);
  if (!found) throw new Error(`no step ${name} in ${answer.signal.decision.steps.map((s) => s.step).join(', ')}`);
  return found;
}

export function expectPrepared(answer: Answer): void {
  expect(answer.signal.status, JSON.stringify(answer.signal.decision)).toBe('prepared');
}

export function expectDenied(answer: Answer, code: string): void {
  expect(answer.signal.decision, JSON.stringify(answer.signal.decision)).toMatchObject({ status: 'denied', code });
}

/** Makes a connection over HTTP and waits until its session is ready. */
export async function readyConnection(owner: SignedInClient, body: Record<string, unknown>): Promise<string> {
  const created = await owner.request({ method: 'POST', url: '/api/connections', payload: body });
  expect(created.statusCode, created.body).toBe(201);
  const id = (created.json() as { connection: { id: string } }).connection.id;
  await vi.waitFor(async () => {
    const response = await owner.request({ url: `/api/connections/${id}` });
    expect((response.json() as { connection: { status: { state?: string } | null } }).connection.status?.state).toBe('ready');
  }, { timeout: 10_000, interval: 25 });
  return id;
}

export async function approve(owner: SignedInClient, connectionId: string, conId: number): Promise<void> {
  const approved = await owner.request({ method: 'POST', url: '/api/instruments', payload: { connectionId, conId } });
  expect(approved.statusCode, approved.body).toBe(201);
}

export interface IntakeDriver {
  /** Posts a signal made now, with a note of its own so no two are duplicates (the body may set either). */
  submit(body: Record<string, unknown>): Promise<Answer>;
  setPolicy(policy: Record<string, unknown>): Promise<void>;
  setTradingState(state: 'active' | 'reduce_only' | 'halted'): Promise<void>;
  /** Waits until Kairox's own read of the account's P&L (the risk usage) shows these values. */
  untilDailyPnl(expected: { realized: number; unrealized: number }): Promise<void>;
  /** Waits until Kairox's own read of the account's positions (the risk usage) counts this many open ones. */
  untilOpenPositions(count: number): Promise<void>;
}

export function intakeDriver(owner: SignedInClient, connectionId: string, now: () => number): IntakeDriver {
  let sent = 0;
  const usage = async () => {
    const response = await owner.request({ url: `/api/connections/${connectionId}/risk` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { risk: { usage: Record<string, Record<string, unknown>> } }).risk.usage;
  };
  return {
    async submit(body) {
      const payload = { connectionId, signalTime: new Date(now()).toISOString(), note: `scenario signal ${++sent}`, ...body };
      const response = await owner.request({ method: 'POST', url: '/api/signals', payload });
      expect(response.statusCode, response.body).toBe(202);
      return response.json() as Answer;
    },
    async setPolicy(policy) {
      const response = await owner.request({ method: 'PUT', url: `/api/connections/${connectionId}/risk`, payload: policy });
      expect(response.statusCode, response.body).toBe(200);
    },
    async setTradingState(state) {
      const response = await owner.request({ method: 'PUT', url: `/api/connections/${connectionId}/trading-state`, payload: { state, reason: 'scenario' } });
      expect(response.statusCode, response.body).toBe(200);
    },
    async untilDailyPnl(expected) {
      await vi.waitFor(async () => expect((await usage()).dailyLoss).toMatchObject(expected), { timeout: 10_000, interval: 25 });
    },
    async untilOpenPositions(count) {
      await vi.waitFor(async () => expect((await usage()).openPositions).toMatchObject({ value: count }), { timeout: 10_000, interval: 25 });
    },
  };
}

/** Another API client of the simulator, so its orders never collide with Kairox's ids. */
const OTHER_CLIENT_ID = 99;
let otherOrderId = 1;

/** Changes the account's position in `conId` by `delta` with a market order filled at the simulator. */
export async function fillAtSimulator(gateway: Gateway, account: string, conId: number, delta: number): Promise<number> {
  const instrument = gateway.engine.getInstrument(conId);
  if (!instrument) throw new Error(`the simulator has no conId ${conId}`);
  const held = () => gateway.engine.positions(account).find((p) => p.instrument.conId === conId)?.position ?? 0;
  const target = held() + delta;
  const placed = gateway.engine.placeOrder(OTHER_CLIENT_ID, otherOrderId++, { conId, exchange: instrument.exchange }, {
    action: delta > 0 ? 'BUY' : 'SELL', totalQuantity: Math.abs(delta), orderType: 'MKT', account,
  });
  expect(placed).toMatchObject({ kind: 'accepted' });
  await until(() => held() === target, 5_000);
  return target;
}
