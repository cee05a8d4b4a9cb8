// Scenario (issue 9, exactly-once across crashes): Kairox runs as its own process with one fault
// point armed, takes a market signal and dies by SIGKILL exactly there — after the journal commit
// and before the send; after the send and before the journal records it; inside the fill's
// transaction. Started again on the same data dir without the fault point, it reconciles with the
// simulator and ends with exactly one order at "IB" for the signal, filled, its fills counted once,
// and an audit chain that verifies, and its signal marked routed.
//
// Both engines: the child runs on its data dir's SQLite file, or on a fresh database of the
// test's throwaway PostgreSQL server (DATABASE_URL), where the killed client's open transaction is
// rolled back by the server instead of by SQLite's recovery.
import { expect, it, vi } from 'vitest';
import type { FaultPointName } from '../../src/orders/fault-points.ts';
import { describeEachEngineForAChild } from '../support/engines.ts';
import { ownerWithToken, type KairoxHttp } from '../support/kairox-process.ts';
import { armedAt, crashOf, postSignalThatMayDie, tradingConnection, useCrashTestResources } from '../support/kairox-crash.ts';

const OWNER = { email: 'ada@example.test', password: 'correct horse battery staple' };
const ACCOUNT = 'DU1234567';
const AAPL = 265598;
const QUANTITY = 5;

interface Order {
  id: string; signalId: string; state: string; quantity: number; filledQuantity: number;
  ib: { orderId: number | null; permId: number | null };
  fills: Array<{ execId: string; shares: number }>;
  steps: Array<{ kind: string; event: string | null; from: string | null; to: string | null }>;
}

const crashTest = useCrashTestResources();

const orderAt = async (api: KairoxHttp, id: string) => (await api.request('GET', `/api/orders/${id}`)).json<{ order: Order }>().order;
const events = (o: Order) => o.steps.filter((s) => s.kind === 'transition').map((s) => s.event);

interface Case {
  point: FaultPointName;
  /** What the simulator holds for the signal at the moment of the crash. */
  atIbAtCrash: number;
  /** How the restart settles the order, read from its transitions. */
  settles(order: Order): void;
}

const CASES: Case[] = [
  {
    point: 'after_journal_commit',
    atIbAtCrash: 0,
    settles: (o) => {
      // Journaled at the crash, unknown at the restart, absent at IB: sent again (its TTL holds) under a new id.
      expect(events(o).slice(0, 6)).toEqual(['accept', 'id_reserved', 'send_outcome_unknown', 'resend', 'id_reserved', 'send_succeeded']);
      expect(events(o)).toContain('filled');
    },
  },
  {
    point: 'after_send_before_ack',
    atIbAtCrash: 1,
    settles: (o) => {
      // Journaled at the crash, unknown at the restart; IB's executions settle it: never sent again.
      expect(events(o).slice(0, 3)).toEqual(['accept', 'id_reserved', 'send_outcome_unknown']);
      expect(events(o)).not.toContain('resend');
      expect(events(o).filter((e) => e === 'id_reserved')).toHaveLength(1);
      expect(events(o)).toContain('filled');
    },
  },
  {
    point: 'during_fill_record',
    atIbAtCrash: 1,
    settles: (o) => {
      // Sent before the crash. The send is recorded with IB's first answers (a 3 ms window): when
      // the fill came in that window, its transaction died with the send's record, so the order was
      // journaled and unknown at the restart; when it came later, the send was recorded alone
      // first. Either way IB's executions settle it: found, never sent again, the execution once.
      expect([['accept', 'id_reserved', 'send_outcome_unknown'], ['accept', 'id_reserved', 'send_succeeded']]).toContainEqual(events(o).slice(0, 3));
      expect(events(o)).not.toContain('resend');
      expect(events(o).filter((e) => e === 'id_reserved')).toHaveLength(1);
      expect(events(o).filter((e) => e === 'filled' || e === 'partially_filled')).toHaveLength(o.fills.length);
    },
  },
];

/** The crash scenarios on one storage engine; `storage` gives the child's database settings (a fresh database each time). */
function crashScenarios(storage: () => Promise<Record<string, string>>): void {
  it.each(CASES)('a crash at $point leaves one order at IB for the signal, filled once, after the restart', async ({ point, atIbAtCrash, settles }) => {
    const gw = await crashTest.simulator({ accounts: [ACCOUNT] });
    const dataDir = crashTest.dataDir(`kairox-crash-${point}-`);
    const database = await storage();
    const armed = await crashTest.start(dataDir, { ...database, ...armedAt(`${point}:1`) });
    const first = await ownerWithToken(armed.url, OWNER);
    // A policy that lets a 5-share AAPL market order through.
    const connectionId = await tradingConnection(first, { port: gw.port, clientId: 61, accountId: ACCOUNT, conId: AAPL });

    const posted = await postSignalThatMayDie(first, {
      connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: QUANTITY }, ttlSeconds: 600, note: `crash at ${point}`,
    });
    expect(await crashOf(armed, posted)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(armed.stderr()).toContain(`fault point ${point} reached`);
    await vi.waitFor(() => expect(gw.orders()).toHaveLength(atIbAtCrash), { timeout: 5_000, interval: 20 });

    const restarted = await crashTest.start(dataDir, database);
    const api = first.at(restarted.url);
    const listed = (await api.request('GET', '/api/orders')).json<{ orders: Array<{ id: string }> }>().orders;
    expect(listed).toHaveLength(1);
    const id = listed[0]?.id ?? '';
    await vi.waitFor(async () => expect((await orderAt(api, id)).state).toBe('filled'), { timeout: 30_000, interval: 50 });

    const order = await orderAt(api, id);
    const atIb = gw.orders().filter((o) => o.orderRef === id);
    expect(atIb).toHaveLength(1);
    expect(gw.orders()).toHaveLength(1);
    expect(atIb[0]).toMatchObject({ orderId: order.ib.orderId, permId: order.ib.permId, filled: QUANTITY, status: 'Filled' });
    expect(order.filledQuantity).toBe(QUANTITY);
    expect(order.fills.reduce((n, f) => n + f.shares, 0)).toBe(QUANTITY);
    expect(new Set(order.fills.map((f) => f.execId)).size).toBe(order.fills.length);
    settles(order);
    const signal = (await api.request('GET', `/api/signals/${order.signalId}`)).json<{ signal: { status: string } }>().signal;
    expect(signal.status).toBe('routed');

    const verdict = (await api.request('GET', '/api/audit/verify')).json<{ ok: boolean }>();
    expect(verdict).toMatchObject({ ok: true });
  }, 120_000);
}

describeEachEngineForAChild('crash at each fault point', crashScenarios);
