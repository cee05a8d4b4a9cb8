import { describe, expect, it } from 'vitest';
import { OrderBook } from './order-book.ts';
import type { OrderRecord } from './state.ts';

function order(clientId: number, orderId: number, extra: Partial<OrderRecord> = {}): OrderRecord {
  return {
    orderId, clientId, permId: 1000 + orderId, parentId: 0, account: 'DU1', conId: 1, action: 'BUY', totalQuantity: 1,
    orderType: 'LMT', lmtPrice: 1, auxPrice: undefined, tif: 'DAY', ocaGroup: '', ocaType: 0, orderRef: '', transmit: true,
    outsideRth: false, hidden: false, displaySize: undefined, trailingPercent: undefined, trailStopPrice: undefined,
    goodTillDate: '', passthrough: {}, status: 'Submitted', filled: 0, remaining: 1, avgFillPrice: 0, lastFillPrice: 0,
    filledValueUsd: 0, commission: undefined, warningText: '', completedTime: '', completedStatus: '', placedAt: 0,
    staged: false, triggered: false, nextFillAt: 0, expiresAt: undefined, completedAt: undefined, ...extra,
  };
}

describe('order book', () => {
  it('indexes a restored order by its state: working, staged/pending (not working) or completed', () => {
    const book = new OrderBook();
    const live = order(1, 1);
    book.add(live);
    book.add(order(1, 2, { staged: true }));
    book.add(order(1, 3, { status: 'PendingSubmit' }));
    const done = order(1, 4, { status: 'Filled' });
    book.add(done);
    expect(book.working()).toEqual([live]);
    expect(book.completedInOrder()).toEqual([done]);
    expect(book.get(1, 2)?.staged).toBe(true);
    expect(book.get(2, 1)).toBeUndefined();
  });

  it('finds bracket children whether they arrive before or after their parent', () => {
    const book = new OrderBook();
    const child = order(1, 11, { parentId: 10 });
    book.add(child);
    const parent = order(1, 10);
    book.add(parent);
    expect([...book.childrenOf(parent)]).toEqual([child]);
    expect(book.parentOf(child)).toBe(parent);
    // Another client's order 10 is not the parent.
    expect([...book.childrenOf(order(2, 10))]).toEqual([]);
  });

  it('OCA peers: same group in the same account, plus the other children of a bracket parent, never the order itself', () => {
    const book = new OrderBook();
    const a = order(1, 1, { ocaGroup: 'g' });
    const b = order(2, 2, { ocaGroup: 'g' });
    const otherAccount = order(1, 3, { ocaGroup: 'g', account: 'DU2' });
    const takeProfit = order(1, 5, { parentId: 4 });
    const stopLoss = order(1, 6, { parentId: 4, ocaGroup: 'g' });
    for (const o of [a, b, otherAccount, takeProfit, stopLoss]) book.add(o);
    expect([...book.ocaPeers(a)]).toEqual([b, stopLoss]);
    expect([...book.ocaPeers(stopLoss)]).toEqual([a, b, takeProfit]);
    expect([...book.ocaPeers(otherAccount)]).toEqual([]);
  });

  it('walks each conId as it stood when reached: orders completing or arriving meanwhile do not disturb it', () => {
    const book = new OrderBook();
    for (const o of [order(1, 1), order(1, 2), order(1, 3, { conId: 2 })]) book.add(o);
    const walked: number[] = [];
    for (const o of book.walkWorking()) {
      walked.push(o.orderId);
      book.markCompleted(o);
      // Placed while conId 1 is walked: its own conId waits for the next walk, a new conId is reached in this one.
      if (o.orderId === 1) {
        book.add(order(1, 4));
        book.add(order(1, 5, { conId: 3 }));
      }
    }
    expect(walked).toEqual([1, 2, 3, 5]);
    expect(book.working().map((o) => o.orderId)).toEqual([4]);
    expect(book.completedInOrder().map((o) => o.orderId)).toEqual([1, 2, 3, 5]);
  });

  it('finds every client’s order carrying an order id', () => {
    const book = new OrderBook();
    book.add(order(1, 7));
    book.add(order(2, 7));
    book.add(order(2, 8));
    expect([...book.withOrderId(7)].map((o) => o.clientId)).toEqual([1, 2]);
  });
});
