// Every order the engine knows, with the indexes it looks them up by: (client, order id); order id
// alone (any client may cancel by id); bracket parent → children; OCA group per account; working
// orders by conId (what advance() walks); and the order in which orders completed.
import { isTerminal } from './order-record.ts';
import type { OrderRecord } from './state.ts';

const keyOf = (clientId: number, orderId: number): string => `${clientId}:${orderId}`;

function addTo<K>(index: Map<K, Set<string>>, k: K, key: string): void {
  let set = index.get(k);
  if (set === undefined) index.set(k, (set = new Set()));
  set.add(key);
}

export class OrderBook {
  private readonly orders = new Map<string, OrderRecord>();
  private readonly byOrderId = new Map<number, Set<string>>();
  /** By the parent's key: a child may arrive before its parent. */
  private readonly children = new Map<string, Set<string>>();
  private readonly ocaGroups = new Map<string, Set<string>>();
  /** Transmitted, non-terminal orders by conId. */
  private readonly workingByConId = new Map<number, Set<string>>();
  private readonly completed: string[] = [];

  /** Records an order (new, or restored from a snapshot) in every index its state calls for. */
  add(o: OrderRecord): void {
    const key = keyOf(o.clientId, o.orderId);
    this.orders.set(key, o);
    addTo(this.byOrderId, o.orderId, key);
    if (o.parentId > 0) addTo(this.children, keyOf(o.clientId, o.parentId), key);
    if (o.ocaGroup !== '') addTo(this.ocaGroups, `${o.account}|${o.ocaGroup}`, key);
    if (isTerminal(o)) this.completed.push(key);
    else if (!o.staged && o.status !== 'PendingSubmit') this.startWorking(o);
  }

  get(clientId: number, orderId: number): OrderRecord | undefined {
    return this.orders.get(keyOf(clientId, orderId));
  }

  parentOf(o: OrderRecord): OrderRecord | undefined {
    return o.parentId > 0 ? this.orders.get(keyOf(o.clientId, o.parentId)) : undefined;
  }

  /** Bracket children of `o`, looked up as the caller walks them (cancelling one may touch the next). */
  childrenOf(o: OrderRecord): Iterable<OrderRecord> {
    return this.records(this.children.get(keyOf(o.clientId, o.orderId)));
  }

  /** Orders of o's OCA group and, for a bracket child, the other children of its parent; without `o`. */
  ocaPeers(o: OrderRecord): Set<OrderRecord> {
    const peers = new Set<OrderRecord>();
    if (o.ocaGroup !== '') for (const p of this.records(this.ocaGroups.get(`${o.account}|${o.ocaGroup}`))) peers.add(p);
    if (o.parentId > 0) for (const p of this.records(this.children.get(keyOf(o.clientId, o.parentId)))) peers.add(p);
    peers.delete(o);
    return peers;
  }

  /** Orders of every client that carry this order id. */
  withOrderId(orderId: number): Iterable<OrderRecord> {
    return this.records(this.byOrderId.get(orderId));
  }

  startWorking(o: OrderRecord): void {
    addTo(this.workingByConId, o.conId, keyOf(o.clientId, o.orderId));
  }

  /** Terminal transition: the order leaves the working set and joins the completed list. */
  markCompleted(o: OrderRecord): void {
    const key = keyOf(o.clientId, o.orderId);
    const set = this.workingByConId.get(o.conId);
    if (set !== undefined) {
      set.delete(key);
      if (set.size === 0) this.workingByConId.delete(o.conId);
    }
    this.completed.push(key);
  }

  /**
   * Working orders for advance(), per conId in a copy of that conId's set taken when it is reached:
   * orders completing while one conId is worked do not disturb the walk.
   */
  *walkWorking(): Generator<OrderRecord> {
    for (const [, keys] of this.workingByConId) yield* this.records([...keys]);
  }

  working(): OrderRecord[] {
    return [...this.records([...this.workingByConId.values()].flatMap((s) => [...s]))];
  }

  completedInOrder(): OrderRecord[] {
    return [...this.records(this.completed)];
  }

  all(): OrderRecord[] {
    return [...this.orders.values()];
  }

  private *records(keys: Iterable<string> | undefined): Generator<OrderRecord> {
    for (const k of keys ?? []) {
      const o = this.orders.get(k);
      if (o !== undefined) yield o;
    }
  }
}
