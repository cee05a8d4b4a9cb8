// Scenario: a program follows GET /api/events?types=order,signal over loopback while a market
// signal goes to the simulator and fills. Its signal steps and its order's state changes arrive
// live, in seq order, exactly as the audit trail has them (the filled event with execId, shares
// and price). The program disconnects, a second signal fills meanwhile, and it reconnects with
// Last-Event-ID: it gets exactly the events it missed — none twice, none lost — and then live ones.
import { afterEach, expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.ts';
import { listenOnLoopback, openEventStream, type EventStreamReader, type StreamEvent } from '../support/event-stream.ts';
import { MARKET_BUY, startExecutionScenario, type ExecutionScenario } from '../support/execution-scenario.ts';

const FAMILIES = new Set(['order', 'signal']);

describeEachEngine('events stream with execution', (engine) => {
  let scenario: ExecutionScenario | undefined;
  const readers: EventStreamReader[] = [];
  afterEach(async () => {
    for (const reader of readers.splice(0)) reader.close();
    await scenario?.close();
    scenario = undefined;
  });

  /** The trail's order and signal events with seq in (after, through], oldest first. */
  async function trailBetween(s: ExecutionScenario, after: number, through: number): Promise<StreamEvent['data'][]> {
    const page = (await s.owner.request({ url: '/api/audit?limit=200' })).json() as { events: StreamEvent['data'][] };
    return page.events.filter((e) => e.seq > after && e.seq <= through && FAMILIES.has(e.action.split('.')[0]!)).reverse();
  }

  const filledEvent = (orderId: string) => (e: StreamEvent) => e.data.action === 'order.filled' && e.data.target?.id === orderId;

  it('streams a signal and its order live, then resumes after Last-Event-ID with exactly the missed events', async () => {
    scenario = await startExecutionScenario(engine, { clientId: 73 });
    const s = scenario;
    const base = await listenOnLoopback(s.kairox);
    const headers = { cookie: s.owner.cookie };
    const head = ((await s.owner.request({ url: '/api/audit?limit=1' })).json() as { events: Array<{ seq: number }> }).events[0]?.seq ?? 0;

    const live = await openEventStream(base, headers, '?types=order,signal');
    readers.push(live);
    const first = await s.submit({ ...MARKET_BUY, size: { qty: 3 } });
    const filled = await live.untilEvent(filledEvent(first), 'order.filled of the first order');
    expect(filled.event).toBe('order');
    expect(filled.data.data).toMatchObject({ execId: expect.any(String), shares: 3, price: expect.any(Number) });
    // Up to the fill: the order's commission entry may already follow it.
    const seen = live.events.map((e) => e.data).filter((e) => e.seq <= filled.data.seq);
    expect(seen.map((e) => e.action)).toEqual(expect.arrayContaining(['signal.received', 'signal.prepared', 'order.filled']));
    expect(seen).toEqual(await trailBetween(s, head, filled.data.seq));
    expect(live.events.map((e) => e.id).slice(0, seen.length)).toEqual(seen.map((e) => String(e.seq)));
    live.close();
    const lastSeen = live.events.at(-1)!.data.seq;

    // Missed while disconnected.
    const second = await s.submit({ ...MARKET_BUY, size: { qty: 2 } });
    await s.untilOrder(second, (o) => expect(o.state).toBe('filled'));

    const resumed = await openEventStream(base, { ...headers, 'last-event-id': String(lastSeen) }, '?types=order,signal');
    readers.push(resumed);
    const secondFilled = await resumed.untilEvent(filledEvent(second), 'order.filled of the second order');
    const missed = await trailBetween(s, lastSeen, secondFilled.data.seq);
    expect(missed.length).toBeGreaterThan(2);
    expect(resumed.events.map((e) => e.data).slice(0, missed.length)).toEqual(missed);

    // And it goes on live from there.
    const third = await s.submit({ ...MARKET_BUY, size: { qty: 1 } });
    const thirdFilled = await resumed.untilEvent(filledEvent(third), 'order.filled of the third order');
    expect(resumed.events.map((e) => e.data).filter((e) => e.seq <= thirdFilled.data.seq)).toEqual(await trailBetween(s, lastSeen, thirdFilled.data.seq));
  });
});
