// Scenario (issue 9, exactly-once): Kairox crashed after committing orders' reserved IB ids and
// before sending them, so the journal holds them journaled. (The test writes that state itself:
// three signals prepared while execution was off, then, with Kairox closed, their orders journaled
// under reserved ids as the crash left them.) One of them did reach IB — it is placed at the
// simulator under Kairox's client id with its orderRef. Kairox starts again on the same database:
// every journaled order is unknown until the reconciliation; then the one IB has is followed and
// never sent again, the ones IB lists nowhere are sent once under a new id while their time-to-live
// holds, or end expired_unsent when it has passed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { until } from '../../src/broker/test-support.ts';
import { createKairox } from '../../src/main.ts';
import { journal, journalOf } from '../../src/orders/index.ts';
import type { OrderIntent } from '../../src/domain/index.ts';
import { describeEachEngine } from '../support/engines.ts';
import { expectPrepared } from '../support/intake.ts';
import { AAPL, ACCOUNT, MARKET_BUY, startExecutionScenario, type ExecutionScenario, type ScenarioOrder } from '../support/execution-scenario.ts';

const CLIENT_ID = 69;

describeEachEngine('execution after a Kairox restart with journaled orders', (engine) => {
  let s: ExecutionScenario;
  beforeAll(async () => {
    s = await startExecutionScenario(engine, { clientId: CLIENT_ID, execution: false });
  });
  afterAll(async () => {
    await s?.close();
  });

  const transitions = (o: ScenarioOrder) => o.steps.filter((st) => st.kind === 'transition').map((st) => `${st.event}:${st.to}`);

  it('reconciles before sending: follows the one IB has, sends the absent one once, expires the one past its time-to-live', async () => {
    let n = 0;
    const signal = async (body: Record<string, unknown>): Promise<OrderIntent> => {
      const answer = await s.intake.submit({ note: `journaled order ${++n}`, ...body });
      expectPrepared(answer);
      const read = (await s.owner.request({ url: `/api/signals/${answer.signal.id}` })).json() as { signal: { intent: OrderIntent | null } };
      if (!read.signal.intent) throw new Error(`signal ${answer.signal.id} has no intent`);
      return read.signal.intent;
    };
    const absent = await signal({ ...MARKET_BUY, size: { qty: 2 }, ttlSeconds: 600 });
    const stale = await signal({ ...MARKET_BUY, size: { qty: 3 }, ttlSeconds: 30 });
    const atIb = await signal({ ...MARKET_BUY, size: { qty: 4 }, ttlSeconds: 600 });
    const enabled = await s.owner.request({ method: 'PUT', url: `/api/connections/${s.connectionId}/execution`, payload: { enabled: true } });
    expect(enabled.statusCode, enabled.body).toBe(200);
    await s.stopKairox();

    // The crash's journal: each intent accepted and its IB id reserved (floor raised), nothing marked sent.
    const offline = await createKairox(s.kairox.config, { clock: s.gateway.clock });
    const db = journalOf(offline.db);
    const now = s.gateway.clock.now();
    const floor = await journal.floor(db, s.connectionId, CLIENT_ID);
    const reserved = new Map<string, number>();
    for (const [i, intent] of [absent, stale, atIb].entries()) {
      const ibOrderId = floor + 1 + i;
      reserved.set(intent.kairoxOrderId, ibOrderId);
      await journal.insert(db, {
        id: intent.kairoxOrderId, workspace_id: intent.workspaceId, connection_id: intent.connectionId, signal_id: intent.signalId,
        account: intent.account, con_id: intent.instrument.conId, symbol: intent.instrument.symbol, side: intent.side,
        quantity: intent.quantity, order_type: intent.orderType, intent: JSON.stringify(intent), state: 'journaled',
        ib_client_id: CLIENT_ID, ib_order_id: ibOrderId, perm_id: null, sent_attempt: null, ib_status: null,
        filled_quantity: 0, avg_fill_price: null, commission: null, last_error: null,
        expires_at: intent.expiresAt, created_at: now, updated_at: now,
      });
      await journal.addEvent(db, { id: intent.kairoxOrderId, workspace_id: intent.workspaceId }, { at: now, kind: 'transition', event: 'accept', from_state: null, to_state: 'accepted', detail: {} });
      await journal.addEvent(db, { id: intent.kairoxOrderId, workspace_id: intent.workspaceId }, { at: now, kind: 'transition', event: 'id_reserved', from_state: 'accepted', to_state: 'journaled', detail: { ibOrderId, clientId: CLIENT_ID } });
      await journal.raiseFloor(db, s.connectionId, CLIENT_ID, ibOrderId);
    }
    await offline.close();

    // The send of one of them did happen before the crash: IB has it under Kairox's client id and its orderRef.
    const atIbId = reserved.get(atIb.kairoxOrderId) ?? 0;
    expect(s.gateway.engine.placeOrder(CLIENT_ID, atIbId, { conId: AAPL, exchange: 'SMART' }, { action: 'BUY', totalQuantity: 4, orderType: 'MKT', account: ACCOUNT, orderRef: atIb.kairoxOrderId, tif: 'DAY' })).toMatchObject({ kind: 'accepted' });
    await until(() => s.atSimulator(atIb.kairoxOrderId)[0]?.status === 'Filled', 5_000);
    // The stale one's time-to-live (30 s) passes while Kairox is down; the others' (600 s) holds.
    s.gateway.advanceClock(31_000);

    await s.startAgain();
    await s.untilReadyAfter(0);

    const followed = await s.untilOrder(atIb.kairoxOrderId, (o) => expect(o.state).toBe('filled'));
    const resent = await s.untilOrder(absent.kairoxOrderId, (o) => expect(o.state).toBe('filled'));
    const expired = await s.untilOrder(stale.kairoxOrderId, (o) => expect(o.state).toBe('expired_unsent'));

    for (const o of [followed, resent, expired]) {
      // Unknown first: after the restart nothing says whether the send happened until IB answers.
      expect(transitions(o)).toContain('send_outcome_unknown:unknown');
      expect(o.steps.filter((st) => st.kind === 'impossible')).toEqual([]);
    }
    expect(followed).toMatchObject({ filledQuantity: 4, ib: { orderId: atIbId } });
    expect(transitions(followed)).not.toContain('resend:accepted');
    expect(transitions(followed)).not.toContain('send_succeeded:sent');
    expect(s.atSimulator(atIb.kairoxOrderId)).toHaveLength(1);

    expect(resent.filledQuantity).toBe(2);
    expect(transitions(resent).filter((t) => t === 'resend:accepted')).toHaveLength(1);
    expect(resent.ib.orderId).toBeGreaterThan(floor + 3);
    const resentRows = s.atSimulator(absent.kairoxOrderId);
    expect(resentRows).toHaveLength(1);
    expect(resentRows[0]).toMatchObject({ clientId: CLIENT_ID, orderId: resent.ib.orderId, status: 'Filled' });

    expect(transitions(expired)).not.toContain('send_succeeded:sent');
    expect(s.atSimulator(stale.kairoxOrderId)).toEqual([]);
  });
});
