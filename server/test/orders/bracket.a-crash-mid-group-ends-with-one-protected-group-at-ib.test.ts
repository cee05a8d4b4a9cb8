// Scenario (issue 9, brackets across crashes): Kairox runs as its own process with a fault point
// armed, takes a market buy with a take-profit and a stop-loss, and dies by SIGKILL in the middle
// of sending the group — before the first send, after the parent (transmit=false), after the
// take-profit (transmit=false), after the stop-loss that transmits the group. Started again on the
// same data dir, the rule holds: IB activates a group only on its last row's transmit, so either the
// whole group is active at IB and the reconciliation follows it (nothing re-sent), or none of it is
// and the whole group is sent again under new ids. What was sent untransmitted stays inert at IB
// (never activated; its ids never used again). At the end the simulator holds exactly one active
// group — the parent filled, both children working and naming it — never a parent without its
// protection, and the audit chain verifies. Both engines (a fresh database for each child).
import { expect, it, vi } from 'vitest';
import type { ReceivedOrder } from '@kairox/gateway-sim';
import { describeEachEngineForAChild } from '../support/engines.ts';
import { ownerWithToken, type KairoxHttp } from '../support/kairox-process.ts';
import { armedAt, crashOf, postSignalThatMayDie, tradingConnection, useCrashTestResources } from '../support/kairox-crash.ts';

const OWNER = { email: 'ada@example.test', password: 'correct horse battery staple' };
const ACCOUNT = 'DU1234567';
const AAPL = 265598;
const QUANTITY = 4;

interface Order {
  id: string; state: string; parentOrderId: string | null; bracketRole: string | null; filledQuantity: number;
  ib: { orderId: number | null };
  steps: Array<{ kind: string; event: string | null }>;
}

const crashTest = useCrashTestResources();

const orderAt = async (api: KairoxHttp, id: string) => (await api.request('GET', `/api/orders/${id}`)).json<{ order: Order }>().order;
const transmitted = (o: ReceivedOrder) => o.status !== 'PendingSubmit';

interface Case {
  /** The fault point and its passage: each row's send passes after_send_before_ack once (parent, take-profit, stop-loss). */
  fault: string;
  /** Rows at the simulator when Kairox died, and whether the group was active then. */
  atIbAtCrash: number;
  activeAtCrash: boolean;
}

const CASES: Case[] = [
  { fault: 'after_journal_commit:1', atIbAtCrash: 0, activeAtCrash: false },
  { fault: 'after_send_before_ack:1', atIbAtCrash: 1, activeAtCrash: false },
  { fault: 'after_send_before_ack:2', atIbAtCrash: 2, activeAtCrash: false },
  { fault: 'after_send_before_ack:3', atIbAtCrash: 3, activeAtCrash: true },
];

function crashScenarios(storage: () => Promise<Record<string, string>>): void {
  it.each(CASES)('a crash at $fault ends with exactly one protected group at IB', async ({ fault, atIbAtCrash, activeAtCrash }) => {
    const gw = await crashTest.simulator({ accounts: [ACCOUNT] });
    const dataDir = crashTest.dataDir('kairox-bracket-crash-');
    const database = await storage();
    const armed = await crashTest.start(dataDir, { ...database, ...armedAt(fault) });
    const first = await ownerWithToken(armed.url, OWNER);
    const connectionId = await tradingConnection(first, { port: gw.port, clientId: 66, accountId: ACCOUNT, conId: AAPL });
    const q = gw.engine.quote(AAPL);
    if (!q) throw new Error('the simulator has no AAPL quote');
    const takeProfit = Math.round(q.ask + 10);
    const stopLoss = Math.round(q.bid - 10);

    const posted = await postSignalThatMayDie(first, {
      connectionId, instrument: { symbol: 'AAPL' }, action: 'buy', size: { qty: QUANTITY }, ttlSeconds: 600, note: `bracket crash at ${fault}`,
      bracket: { takeProfit: { limitPrice: takeProfit }, stopLoss: { stopPrice: stopLoss } },
    });
    expect(await crashOf(armed, posted)).toEqual({ code: null, signal: 'SIGKILL' });
    await vi.waitFor(() => expect(gw.orders()).toHaveLength(atIbAtCrash), { timeout: 5_000, interval: 20 });
    expect(gw.orders().some(transmitted)).toBe(activeAtCrash);
    const staleAtCrash = activeAtCrash ? [] : gw.orders().map((o) => o.orderId);

    const restarted = await crashTest.start(dataDir, database);
    const api = first.at(restarted.url);
    const listed = (await api.request('GET', '/api/orders')).json<{ orders: Order[] }>().orders;
    expect(listed).toHaveLength(3);
    const parentId = listed.find((o) => o.bracketRole === 'parent')?.id ?? '';
    await vi.waitFor(async () => {
      const states = await Promise.all(listed.map(async (o) => [(await orderAt(api, o.id)).bracketRole, (await orderAt(api, o.id)).state]));
      expect(Object.fromEntries(states)).toEqual({ parent: 'filled', take_profit: 'working', stop_loss: 'working' });
    }, { timeout: 30_000, interval: 50 });

    const parent = await orderAt(api, parentId);
    const kids = await Promise.all(listed.filter((o) => o.id !== parentId).map((o) => orderAt(api, o.id)));
    expect(parent.filledQuantity).toBe(QUANTITY);
    expect(kids.every((k) => k.parentOrderId === parentId)).toBe(true);

    // Counted at "IB": one active group, its children naming its parent; anything else was never transmitted.
    const active = gw.orders().filter(transmitted);
    expect(active.map((o) => o.orderRef).sort()).toEqual([parentId, ...kids.map((k) => k.id)].sort());
    const activeParent = active.find((o) => o.orderRef === parentId);
    expect(activeParent).toMatchObject({ orderId: parent.ib.orderId, parentId: 0, status: 'Filled', filled: QUANTITY });
    expect(active.filter((o) => o.parentId === activeParent?.orderId)).toHaveLength(2);
    expect(gw.orders().filter((o) => !transmitted(o)).map((o) => o.orderId)).toEqual(staleAtCrash);
    // The group was sent again only when none of it had been active at IB.
    const resent = parent.steps.filter((s) => s.kind === 'transition' && s.event === 'resend').length;
    expect(resent).toBe(activeAtCrash ? 0 : 1);
    expect(gw.engine.positions().find((p) => p.instrument.conId === AAPL)?.position).toBe(QUANTITY);

    const verdict = (await api.request('GET', '/api/audit/verify')).json<{ ok: boolean }>();
    expect(verdict).toMatchObject({ ok: true });
  }, 120_000);
}

describeEachEngineForAChild('a bracket crash mid-group', crashScenarios);
