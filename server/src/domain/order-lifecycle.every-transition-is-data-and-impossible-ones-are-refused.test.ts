import { describe, expect, it } from 'vitest';
import { applyOrderEvent, isTerminalOrderState, ORDER_EVENTS, ORDER_STATES, ORDER_TRANSITIONS, type OrderEvent, type OrderState } from './order-lifecycle.ts';

const walk = (events: OrderEvent[], from: OrderState = 'accepted'): OrderState =>
  events.reduce<OrderState>((state, event) => {
    const r = applyOrderEvent(state, event);
    if (!r.ok) throw new Error(r.message);
    return r.state;
  }, from);

describe('the order lifecycle', () => {
  it('lists every state, and only known states as targets', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATES].sort());
    for (const moves of Object.values(ORDER_TRANSITIONS)) {
      for (const [event, to] of Object.entries(moves)) {
        expect(ORDER_EVENTS).toContain(event);
        expect(ORDER_STATES).toContain(to);
      }
    }
  });

  it('follows the paths IB orders take', () => {
    expect(walk(['id_reserved', 'send_succeeded', 'acknowledged', 'partially_filled', 'filled'])).toBe('filled');
    expect(walk(['id_reserved', 'send_succeeded', 'acknowledged', 'partially_filled', 'cancel_requested', 'cancelled'])).toBe('cancelled');
    expect(walk(['id_reserved', 'send_succeeded', 'rejected'])).toBe('rejected');
    // Fills come from executions: no status needs to have been seen before them.
    expect(walk(['id_reserved', 'send_succeeded', 'filled'])).toBe('filled');
    // IB's answers are the first news after a crash between the send and marking it sent.
    expect(walk(['id_reserved', 'acknowledged'])).toBe('working');
    // Halted before its turn: it is withheld, never sent.
    expect(walk(['withhold'])).toBe('withheld');
    expect(walk(['id_reserved', 'withhold'])).toBe('withheld');
  });

  it('settles an unknown send only by evidence: found at IB, or absent and then re-sent or expired', () => {
    expect(walk(['id_reserved', 'send_outcome_unknown', 'acknowledged'])).toBe('working');
    expect(walk(['id_reserved', 'send_outcome_unknown', 'resend', 'id_reserved', 'send_succeeded'])).toBe('sent');
    expect(walk(['id_reserved', 'send_outcome_unknown', 'expire_unsent'])).toBe('expired_unsent');
    expect(walk(['id_reserved', 'send_not_sent', 'resend'])).toBe('accepted');
    // An unknown send is never withheld: it may be at IB.
    expect(applyOrderEvent('unknown', 'withhold').ok).toBe(false);
    // Something that reached IB is never re-sent nor expired.
    for (const from of ['sent', 'working', 'partially_filled', 'cancelling'] as const) {
      expect(applyOrderEvent(from, 'resend').ok).toBe(false);
      expect(applyOrderEvent(from, 'expire_unsent').ok).toBe(false);
      expect(applyOrderEvent(from, 'withhold').ok).toBe(false);
    }
  });

  it('lets executions win the race with a cancel', () => {
    expect(walk(['id_reserved', 'send_succeeded', 'acknowledged', 'cancel_requested', 'partially_filled'])).toBe('cancelling');
    expect(walk(['id_reserved', 'send_succeeded', 'acknowledged', 'cancel_requested', 'filled'])).toBe('filled');
    expect(walk(['id_reserved', 'send_succeeded', 'acknowledged', 'cancelled', 'partially_filled'])).toBe('cancelled');
    expect(walk(['id_reserved', 'send_succeeded', 'acknowledged', 'cancelled', 'filled'])).toBe('filled');
  });

  it('refuses impossible transitions with a message and leaves the state', () => {
    const refused = applyOrderEvent('filled', 'cancelled');
    expect(refused).toEqual({ ok: false, state: 'filled', message: 'an order that is filled cannot take "cancelled"; the event is recorded and the order left filled' });
    expect(applyOrderEvent('expired_unsent', 'acknowledged').ok).toBe(false);
    expect(applyOrderEvent('rejected', 'filled').ok).toBe(false);
    expect(applyOrderEvent('not_sent', 'acknowledged').ok).toBe(false);
  });

  it('says which repeats change nothing, and which states are final', () => {
    expect(applyOrderEvent('working', 'acknowledged')).toEqual({ ok: true, state: 'working', changed: false });
    expect(applyOrderEvent('filled', 'filled')).toEqual({ ok: true, state: 'filled', changed: false });
    expect(ORDER_STATES.filter(isTerminalOrderState)).toEqual(['filled', 'cancelled', 'rejected', 'expired_unsent', 'withheld']);
    // A final state leads nowhere else except a cancel overtaken by its executions.
    for (const state of ORDER_STATES.filter(isTerminalOrderState)) {
      const elsewhere = Object.values(ORDER_TRANSITIONS[state]).filter((to) => to !== state);
      expect(elsewhere).toEqual(state === 'cancelled' ? ['filled'] : []);
    }
  });
});
