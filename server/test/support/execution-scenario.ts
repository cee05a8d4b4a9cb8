// Shared set-up for execution's scenario tests against the simulator (issue 9): one simulator with
// a pinned clock and round-the-clock hours, one Kairox with its worker, a paper connection with
// execution on, and the reads each scenario counts with — Kairox's order (GET /api/orders/:id) and
// the simulator's own order log (every placeOrder it received, by orderRef).
import { expect, vi } from 'vitest';
import { manualClock, startGateway, type Gateway, type ReceivedOrder } from '@kairox/gateway-sim';
import { createKairox, type Kairox } from '../../src/main.ts';
import type { EngineHarness } from './engines.ts';
import { approve, expectPrepared, intakeDriver, readyConnection, type IntakeDriver } from './intake.ts';
import { logIn, OWNER, setUp, startKairox, type SignedInClient } from './kairox.ts';

export const TUESDAY_NOON_NEW_YORK = Date.parse('2026-12-01T17:00:00Z');
export const ACCOUNT = 'DU1234567';
export const AAPL = 265598;

export interface ScenarioOrder {
  id: string; state: string; quantity: number; filledQuantity: number; avgFillPrice: number | null; commission: number | null;
  signalId: string; expiresAt: string;
  ib: { clientId: number | null; orderId: number | null; permId: number | null; status: string | null; sentOnAttempt: number | null };
  lastError: { code: number; message: string } | null;
  fills: Array<{ execId: string; shares: number; price: number; commission: number | null }>;
  steps: Array<{ kind: string; event: string | null; from: string | null; to: string | null; detail: Record<string, unknown> }>;
}

export interface ExecutionScenario {
  readonly gateway: Gateway;
  readonly kairox: Kairox;
  readonly owner: SignedInClient;
  readonly connectionId: string;
  readonly intake: IntakeDriver;
  readonly clientId: number;
  order(id: string): Promise<ScenarioOrder>;
  untilOrder(id: string, check: (o: ScenarioOrder) => void): Promise<ScenarioOrder>;
  /** Every order the simulator received with this orderRef (refused ones included). */
  atSimulator(orderRef: string): ReceivedOrder[];
  /** Posts a signal that must be prepared and handed to execution; returns its Kairox order id. */
  submit(body: Record<string, unknown>): Promise<string>;
  /** The connection attempt of Kairox's session now (a new one after every reconnect; 0 when none runs). */
  attempt(): number;
  /** Waits until Kairox's session is ready on an attempt later than `attempt` (after a drop, a restart). */
  untilReadyAfter(attempt: number): Promise<void>;
  /** Closes Kairox; `startAgain` opens a new one on the same database. */
  stopKairox(): Promise<void>;
  startAgain(): Promise<void>;
  close(): Promise<void>;
}

export const MARKET_BUY = { instrument: { symbol: 'AAPL' }, action: 'buy' } as const;

export async function startExecutionScenario(engine: EngineHarness, options: { clientId: number; execution?: boolean }): Promise<ExecutionScenario> {
  const gateway = await startGateway({ port: 0, accounts: [ACCOUNT], seed: 7, hours: 'always', clock: manualClock(TUESDAY_NOON_NEW_YORK) });
  let kairox = await startKairox(engine, {}, { worker: true, clock: gateway.clock });
  await kairox.worker?.start();
  let owner = await setUp(kairox);
  const connectionId = await readyConnection(owner, { hostPort: `127.0.0.1:${gateway.port}`, clientId: options.clientId, accountId: ACCOUNT });
  await approve(owner, connectionId, AAPL);
  let intake = intakeDriver(owner, connectionId, () => gateway.clock.now());
  await intake.setPolicy({ maxOrderQuantity: 1000, maxOrderNotional: 1_000_000, maxPositionQuantity: 10_000, maxPositionNotional: 10_000_000, maxGrossExposure: 100_000_000, maxOrdersPerMinute: 1000, maxOrdersPerDay: 1000, priceCollarPercent: 50 });
  if (options.execution !== false) {
    const enabled = await owner.request({ method: 'PUT', url: `/api/connections/${connectionId}/execution`, payload: { enabled: true } });
    expect(enabled.statusCode, enabled.body).toBe(200);
  }
  let stopped = false;
  // The notes keep signals distinct across Kairox restarts (the pinned clock gives them one signal time).
  let submitted = 0;

  const order = async (id: string): Promise<ScenarioOrder> => {
    const response = await owner.request({ url: `/api/orders/${id}` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { order: ScenarioOrder }).order;
  };
  const scenario: ExecutionScenario = {
    gateway,
    get kairox() { return kairox; },
    get owner() { return owner; },
    connectionId,
    get intake() { return intake; },
    clientId: options.clientId,
    order,
    async untilOrder(id, check) {
      let seen: ScenarioOrder | undefined;
      await vi.waitFor(async () => {
        seen = await order(id);
        check(seen);
      }, { timeout: 10_000, interval: 25 });
      if (!seen) throw new Error('unreachable: waitFor resolved without a read');
      return seen;
    },
    atSimulator: (orderRef) => gateway.orders().filter((o) => o.orderRef === orderRef),
    async submit(body) {
      const answer = await intake.submit({ note: `execution scenario signal ${++submitted}`, ...body });
      expectPrepared(answer);
      const signal = (await owner.request({ url: `/api/signals/${answer.signal.id}` })).json() as { signal: { kairoxOrderId: string } };
      return signal.signal.kairoxOrderId;
    },
    attempt: () => kairox.worker?.session(connectionId)?.attemptCount ?? 0,
    async untilReadyAfter(attempt) {
      await vi.waitFor(() => {
        const session = kairox.worker?.session(connectionId);
        expect(session?.attemptCount ?? 0).toBeGreaterThan(attempt);
        expect(session?.currentState).toBe('ready');
      }, { timeout: 15_000, interval: 25 });
    },
    async stopKairox() {
      stopped = true;
      await kairox.close();
    },
    async startAgain() {
      kairox = await createKairox(kairox.config, { worker: true, clock: gateway.clock });
      stopped = false;
      await kairox.worker?.start();
      owner = await logIn(kairox, OWNER.email, OWNER.password);
      intake = intakeDriver(owner, connectionId, () => gateway.clock.now());
    },
    async close() {
      if (!stopped) await kairox.close();
      await gateway.close();
    },
  };
  return scenario;
}
