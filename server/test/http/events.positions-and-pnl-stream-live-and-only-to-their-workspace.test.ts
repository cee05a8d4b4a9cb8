// Scenario (issue 9, live events): a trader's dashboard follows GET /api/events over loopback while
// market signals fill at the simulator. IB's position rows reach the stream live as `position`
// events with the new quantity (and the account's P&L as `pnl` events), without an id line: they
// are not resumable, so the stream's resumable ids stay the audit trail's. The owner of another
// workspace, streaming at the same time from the same Kairox, gets none of it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addUser } from '../../src/main.ts';
import type { LiveUpdate } from '../../src/sessions/index.ts';
import { describeEachEngine } from '../support/engines.ts';
import { listenOnLoopback, openEventStream, type EventStreamReader, type StreamEvent } from '../support/event-stream.ts';
import { AAPL, ACCOUNT, MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';
import { logIn } from '../support/kairox.ts';

const OTHER = { email: 'bob@example.test', password: 'bob has a long password' };

const live = (e: StreamEvent) => e.data as unknown as LiveUpdate;
const holds = (quantity: number) => (e: StreamEvent) =>
  e.event === 'position' && live(e).type === 'position' && live(e).account === ACCOUNT && (live(e) as Extract<LiveUpdate, { type: 'position' }>).positions.some((p) => p.conId === AAPL && p.position === quantity);

describeEachEngine('live positions and P&L on the event stream', (engine) => {
  let s: ExecutionScenario;
  const readers: EventStreamReader[] = [];
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: 84 });
  });
  afterAll(async () => {
    for (const reader of readers.splice(0)) reader.close();
    await s?.close();
  });

  it('streams each fill\'s new position and the P&L to the workspace, and nothing to another', async () => {
    await addUser(s.kairox.config, { ...OTHER, newWorkspace: true });
    const other = await logIn(s.kairox, OTHER.email, OTHER.password);
    const base = await listenOnLoopback(s.kairox);
    const mine = await openEventStream(base, { cookie: s.owner.cookie });
    const theirs = await openEventStream(base, { cookie: other.cookie });
    readers.push(mine, theirs);

    const first = await s.submit({ ...MARKET_BUY, size: { qty: 5 } });
    const five = await mine.untilEvent(holds(5), 'a position event holding 5 AAPL');
    expect(five.id).toBeNull();
    expect(live(five)).toMatchObject({ type: 'position', connectionId: s.connectionId, account: ACCOUNT, at: expect.any(String) });
    // The resumable events around it still carry their seq.
    const fill = await mine.untilEvent((e) => e.data.action === 'order.fill' && e.data.target?.id === first, 'the order.fill of the first order');
    expect(fill.id).toBe(String(fill.data.seq));

    await s.submit({ ...MARKET_BUY, size: { qty: 3 } });
    await mine.untilEvent(holds(8), 'a position event holding 8 AAPL');
    // Kairox holds the account's P&L subscription (its risk usage read it); IB pushes a changed value at most once a (simulated) second.
    s.gateway.advanceClock(1_000);
    const pnl = await mine.untilEvent((e) => e.event === 'pnl', 'a pnl event');
    expect(pnl.id).toBeNull();
    expect(live(pnl)).toMatchObject({ type: 'pnl', connectionId: s.connectionId, account: ACCOUNT });

    // The other workspace's stream flows (its own event arrives) and carried none of it.
    expect((await other.request({ method: 'POST', url: '/api/tokens', payload: { name: 'B bot' } })).statusCode).toBe(201);
    await theirs.untilEvent((e) => e.data.action === 'token.created', 'token.created in the other workspace');
    expect(theirs.events.map((e) => e.event)).toEqual(['token']);
  });
});
