// Every order placeOrder received, in arrival order, for the admin `GET /orders`: a test counts the
// orders that reached "IB" from here, independently of the client that sent them. Orders the engine
// booked are read live from their records (status, fills, modified terms); orders refused at entry
// keep what the request said and the refusal. Bounded: the oldest rows go first.
import type { ContractQuery } from '../market/types.ts';
import type { OrderRecord } from './state.ts';
import type { OrderInput, OrderStatus } from './types.ts';

/** How many orders the log keeps; beyond it the oldest are dropped. */
export const MAX_RECEIVED_ORDERS = 100_000;

/** One order as the simulator received it. */
export interface ReceivedOrder {
  clientId: number;
  orderId: number;
  /** 0 for an order refused at entry (it never got one). */
  permId: number;
  orderRef: string;
  account: string;
  /** 0 when a refused order named no conId and was not resolved. */
  conId: number;
  symbol: string;
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice?: number;
  auxPrice?: number;
  /** A TRAIL given as a percentage of the price. */
  trailingPercent?: number;
  parentId: number;
  /** The transmit flag as the order arrived (false: held until an order of its bracket transmits); true for a refused order. */
  transmit: boolean;
  /** The engine's current status; `Refused` for an order refused at entry (never booked). */
  status: OrderStatus | 'Refused';
  filled: number;
  remaining: number;
  /** The simulated clock when the order arrived. */
  receivedAtMs: number;
  /** Accepted modifications (placeOrder again with the same id). */
  modifiedTimes: number;
  /** Why an order was refused at entry: IB's code and text, as sent to the client. */
  error?: { code: number; message: string };
}

type Row =
  | { kind: 'booked'; record: OrderRecord; symbol: string; receivedAtMs: number; modifiedTimes: number; transmit: boolean }
  | { kind: 'refused'; order: ReceivedOrder };

export class OrderLog {
  private readonly rows: (Row | undefined)[];
  private start = 0;
  private size = 0;
  private readonly byPermId = new Map<number, Row & { kind: 'booked' }>();

  constructor(private readonly capacity = MAX_RECEIVED_ORDERS) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError('OrderLog capacity must be a positive integer');
    this.rows = new Array<Row | undefined>(capacity);
  }

  booked(record: OrderRecord, symbol: string, receivedAtMs: number): void {
    // Taken now: the record's own flag turns true when its group is transmitted later.
    const row = { kind: 'booked' as const, record, symbol, receivedAtMs, modifiedTimes: 0, transmit: record.transmit };
    this.push(row);
    this.byPermId.set(record.permId, row);
  }

  modified(record: OrderRecord): void {
    const row = this.byPermId.get(record.permId);
    if (row !== undefined) row.modifiedTimes += 1;
  }

  refused(clientId: number, orderId: number, contract: ContractQuery, input: OrderInput, receivedAtMs: number, error: { code: number; message: string }): void {
    this.push({
      kind: 'refused',
      order: {
        clientId, orderId, permId: 0, orderRef: input.orderRef ?? '', account: input.account ?? '', conId: contract.conId ?? 0,
        symbol: contract.symbol || contract.localSymbol || '', action: input.action.toUpperCase(), totalQuantity: input.totalQuantity,
        orderType: input.orderType.toUpperCase(), ...prices(input.lmtPrice, input.auxPrice), ...trailing(input.trailingPercent), parentId: input.parentId ?? 0, transmit: input.transmit ?? true,
        status: 'Refused', filled: 0, remaining: input.totalQuantity, receivedAtMs, modifiedTimes: 0, error: { ...error },
      },
    });
  }

  /** Oldest first, as plain copies. */
  list(): ReceivedOrder[] {
    const out: ReceivedOrder[] = [];
    for (let i = 0; i < this.size; i++) {
      const row = this.rows[(this.start + i) % this.capacity];
      if (row !== undefined) out.push(row.kind === 'refused' ? { ...row.order } : bookedView(row));
    }
    return out;
  }

  private push(row: Row): void {
    if (this.size === this.capacity) {
      const evicted = this.rows[this.start];
      if (evicted?.kind === 'booked') this.byPermId.delete(evicted.record.permId);
      this.rows[this.start] = row;
      this.start = (this.start + 1) % this.capacity;
      return;
    }
    this.rows[(this.start + this.size) % this.capacity] = row;
    this.size += 1;
  }
}

function prices(lmtPrice: number | undefined, auxPrice: number | undefined): { lmtPrice?: number; auxPrice?: number } {
  return { ...(lmtPrice !== undefined ? { lmtPrice } : {}), ...(auxPrice !== undefined ? { auxPrice } : {}) };
}

function trailing(trailingPercent: number | undefined): { trailingPercent?: number } {
  return trailingPercent !== undefined ? { trailingPercent } : {};
}

function bookedView(row: Row & { kind: 'booked' }): ReceivedOrder {
  const o = row.record;
  return {
    clientId: o.clientId, orderId: o.orderId, permId: o.permId, orderRef: o.orderRef, account: o.account, conId: o.conId,
    symbol: row.symbol, action: o.action, totalQuantity: o.totalQuantity, orderType: o.orderType, ...prices(o.lmtPrice, o.auxPrice), ...trailing(o.trailingPercent),
    parentId: o.parentId, transmit: row.transmit, status: o.status, filled: o.filled, remaining: o.remaining, receivedAtMs: row.receivedAtMs,
    modifiedTimes: row.modifiedTimes,
  };
}
