// Modifying a working order (quantity, limit and stop prices). IB's modify is a placeOrder on the
// same order id, so it is treated like a new send: re-checked by the risk gate, journaled first
// (a `modify_requested` order event with the old and new values, and the new values in the order),
// committed, then sent in the connection's queue on a ready, reconciled attempt. The order keeps its
// state throughout (working / partially filled): a modification is recorded as order events, not a
// lifecycle transition. IB's answer settles it: an acknowledgement confirms it, an order error on
// its id (e.g. 104, 10148) refuses it and puts the old values back. Never re-sent by Kairox.
import type { Kysely } from 'kysely';
import { KeyedTurns, type Clock } from '../common/index.ts';
import { WorkspaceScope, type Database, type Db } from '../db/index.ts';
import type { ModificationStep, OrderIntent, OrderState, OrderTerms, OrderType, ProposedOrderChange } from '../domain/index.ts';
import type { OrderAuditSink } from './execution.ts';
import { journal, journalOf, type OrderRow } from './journal.ts';
import type { OrderSession } from './ports.ts';
import { ticketOf } from './ticket.ts';

export interface ModifyRequest {
  quantity?: number;
  limitPrice?: number;
  stopPrice?: number;
}

/** The modified order as the risk gate judges it (intake answers, main.ts wires it). */
export type ProposedModification = ProposedOrderChange;

export interface RecheckStep {
  step: string;
  outcome: string;
  code?: string;
  message?: string;
  values?: Record<string, unknown>;
}

export interface ModifyRecheck {
  /** Prices rounded to the instrument's grid, then the risk gate over the order as modified. */
  reassess(proposal: ProposedModification): Promise<
    { ok: true; limitPrice?: number; stopPrice?: number; steps: RecheckStep[] } | { ok: false; code: string; message: string; steps: RecheckStep[] }
  >;
}

/** Execution's queue for the connection, with the session it may send on now (ready, its attempt reconciled), or none. */
export interface ModifyTurns {
  inTurn<T>(connectionId: string, work: (session: OrderSession | undefined) => Promise<T>): Promise<T>;
}

export type ModifyAnswer =
  | { outcome: 'sent' }
  | { outcome: 'outcome_unknown'; why: string }
  | { outcome: 'not_found' }
  | { outcome: 'not_modifiable'; state: OrderState }
  | { outcome: 'invalid'; field: keyof ModifyRequest; message: string }
  | { outcome: 'denied'; code: string; message: string; steps: RecheckStep[] }
  | { outcome: 'not_ready'; why: string };

export interface OrderModificationsDeps {
  db: Db;
  clock: Clock;
  audit: OrderAuditSink;
  turns: ModifyTurns;
  recheck: ModifyRecheck;
  /**
   * The turns in which a connection's signals are decided (intake's): a modification is re-checked
   * and journaled in its connection's turn, so it and a signal of the same moment cannot both pass
   * a limit meant for one of them. Its own when not given.
   */
  decisionTurns?: KeyedTurns;
}

const MODIFIABLE: readonly OrderState[] = ['working', 'partially_filled'];
const MODIFY_KINDS: readonly string[] = ['modify_requested', 'modify_sent', 'modify_not_sent', 'modify_outcome_unknown', 'modify_acknowledged', 'modify_rejected', 'modify_not_applied'];
/** IB has not answered the last modification yet (requested: Kairox stopped before it could say whether it was sent). */
const AWAITING_IB: readonly string[] = ['modify_requested', 'modify_sent', 'modify_outcome_unknown'];
const SYSTEM = { type: 'system' as const, id: null };

interface Terms {
  quantity: number;
  limitPrice: number | null;
  stopPrice: number | null;
}

const termsOf = (intent: OrderIntent): Terms => ({ quantity: intent.quantity, limitPrice: intent.limitPrice ?? null, stopPrice: intent.stopPrice ?? null });

function withTerms(intent: OrderIntent, t: Terms): OrderIntent {
  const { limitPrice: _l, stopPrice: _s, ...rest } = intent;
  return { ...rest, quantity: t.quantity, ...(t.limitPrice !== null && { limitPrice: t.limitPrice }), ...(t.stopPrice !== null && { stopPrice: t.stopPrice }) };
}

/** Which price fields each order type has at IB. */
function priceProblem(orderType: OrderType, change: ModifyRequest): ModifyAnswer | undefined {
  if (change.limitPrice !== undefined && orderType !== 'LMT' && orderType !== 'STP LMT') {
    return { outcome: 'invalid', field: 'limitPrice', message: `limitPrice does not apply to this ${orderType} order (only LMT and STP LMT have one); remove it.` };
  }
  if (change.stopPrice !== undefined && orderType !== 'STP' && orderType !== 'STP LMT') {
    return { outcome: 'invalid', field: 'stopPrice', message: `stopPrice does not apply to this ${orderType} order (only STP and STP LMT have one); remove it.` };
  }
  return undefined;
}

export class OrderModifications {
  private readonly decisionTurns: KeyedTurns;

  constructor(private readonly deps: OrderModificationsDeps) {
    this.decisionTurns = deps.decisionTurns ?? new KeyedTurns();
  }

  async modify(workspaceId: string, orderId: string, change: ModifyRequest): Promise<ModifyAnswer> {
    const found = await journal.inWorkspace(journalOf(this.deps.db), workspaceId, orderId);
    if (!found) return { outcome: 'not_found' };
    return this.decisionTurns.run(found.connection_id, () => this.modifyInTurn(workspaceId, orderId, change));
  }

  /** In the connection's decision turn: the order as it is now, re-checked, then journaled and sent in execution's queue. */
  private async modifyInTurn(workspaceId: string, orderId: string, change: ModifyRequest): Promise<ModifyAnswer> {
    const db = journalOf(this.deps.db);
    const order = await journal.inWorkspace(db, workspaceId, orderId);
    if (!order) return { outcome: 'not_found' };
    const checked = await this.checked(order, change);
    if ('outcome' in checked) return checked;
    return this.deps.turns.inTurn(order.connection_id, async (session) => {
      // Re-read at its turn: a fill or a cancel may have come meanwhile.
      const current = (await journal.byId(db, orderId)) ?? order;
      if (!MODIFIABLE.includes(current.state) || current.ib_order_id === null) return { outcome: 'not_modifiable', state: current.state };
      if (checked.to.quantity <= current.filled_quantity) return quantityBelowFilled(checked.to.quantity, current.filled_quantity);
      if (!session) return { outcome: 'not_ready', why: 'its connection has no ready IB session whose journal is reconciled in this Kairox process' };
      return this.journalThenSend(current, session, checked.to);
    });
  }

  /** The request against the order, then the risk gate over the order as it would be. */
  private async checked(order: OrderRow, change: ModifyRequest): Promise<ModifyAnswer | { to: Terms }> {
    if (!MODIFIABLE.includes(order.state) || order.ib_order_id === null) return { outcome: 'not_modifiable', state: order.state };
    if (change.quantity !== undefined && change.quantity !== order.quantity && order.bracket_role !== null) {
      return { outcome: 'invalid', field: 'quantity', message: 'a bracket\'s quantity cannot be modified (its parent and children hold one quantity together); change its prices, or cancel the bracket and send a new signal.' };
    }
    const intent = JSON.parse(order.intent) as OrderIntent;
    const problem = priceProblem(intent.orderType, change);
    if (problem) return problem;
    const quantity = change.quantity ?? order.quantity;
    if (quantity <= order.filled_quantity) return quantityBelowFilled(quantity, order.filled_quantity);
    const limitPrice = change.limitPrice ?? intent.limitPrice;
    const stopPrice = change.stopPrice ?? intent.stopPrice;
    const recheck = await this.deps.recheck.reassess({
      workspaceId: order.workspace_id, connectionId: order.connection_id, account: order.account, conId: order.con_id,
      side: intent.side, orderType: intent.orderType, quantity, tif: intent.tif, outsideRth: intent.outsideRth, reduceOnly: intent.reduceOnly, replaces: order.id,
      ...(limitPrice !== undefined && { limitPrice }), ...(stopPrice !== undefined && { stopPrice }),
    });
    if (!recheck.ok) {
      if (recheck.code === 'connection_not_ready') return { outcome: 'not_ready', why: recheck.message };
      return { outcome: 'denied', code: recheck.code, message: recheck.message, steps: recheck.steps };
    }
    return { to: { quantity, limitPrice: recheck.limitPrice ?? null, stopPrice: recheck.stopPrice ?? null } };
  }

  private async journalThenSend(order: OrderRow, session: OrderSession, to: Terms): Promise<ModifyAnswer> {
    const intent = JSON.parse(order.intent) as OrderIntent;
    const from = termsOf(intent);
    const modified = withTerms(intent, to);
    const ticket = ticketOf(modified);
    if (!ticket.ok) return { outcome: 'invalid', field: 'quantity', message: ticket.reason };
    const ibOrderId = order.ib_order_id as number;
    // A bracket child is modified as a child: IB keeps it attached to its parent.
    const parent = order.parent_order_id === null ? undefined : await journal.byId(journalOf(this.deps.db), order.parent_order_id);
    const onWire = parent?.ib_order_id != null ? { ...ticket.ticket, parentId: parent.ib_order_id } : ticket.ticket;
    // Committed before the placeOrder leaves: a crash after this line leaves the modification on record.
    await this.inTransaction(async (trx) => {
      await journal.update(journalOf(trx), order.id, { quantity: to.quantity, intent: JSON.stringify(modified), updated_at: this.deps.clock.now() });
      await this.record(trx, order, 'modify_requested', { from, to, ibOrderId, attempt: session.attempt });
    });
    let sent;
    try {
      sent = await session.modify(ibOrderId, onWire);
    } catch (error) {
      sent = { outcome: 'unknown' as const, reason: error instanceof Error ? error.message : String(error) };
    }
    if (sent.outcome === 'sent') {
      await this.inTransaction((trx) => this.record(trx, order, 'modify_sent', { attempt: sent.attempt }));
      return { outcome: 'sent' };
    }
    if (sent.outcome === 'not_sent') {
      // Provably never left: the order is as it was.
      await this.inTransaction(async (trx) => {
        await restore(trx, order.id, from, this.deps.clock.now());
        await this.record(trx, order, 'modify_not_sent', { why: sent.reason, restored: from });
      });
      return { outcome: 'not_ready', why: sent.reason };
    }
    await this.inTransaction((trx) => this.record(trx, order, 'modify_outcome_unknown', { why: sent.reason }));
    return { outcome: 'outcome_unknown', why: sent.reason };
  }

  private inTransaction(work: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
    return this.deps.db.kysely.transaction().execute(work);
  }

  private record(trx: Kysely<Database>, order: OrderRow, kind: ModificationStep, detail: Record<string, unknown>): Promise<void> {
    return recordModification(trx, this.deps.audit, this.deps.db.kind, order, kind, detail, this.deps.clock.now());
  }
}

function quantityBelowFilled(quantity: number, filled: number): ModifyAnswer {
  return { outcome: 'invalid', field: 'quantity', message: `quantity ${quantity} is not above the ${filled} already filled; to stop what is left, cancel the order.` };
}

async function restore(trx: Kysely<Database>, orderId: string, terms: Terms, now: number): Promise<void> {
  const j = journalOf(trx);
  const order = await journal.byId(j, orderId);
  if (!order) return;
  await journal.update(j, orderId, { quantity: terms.quantity, intent: JSON.stringify(withTerms(JSON.parse(order.intent) as OrderIntent, terms)), updated_at: now });
}

async function recordModification(
  trx: Kysely<Database>, audit: OrderAuditSink, kind: Db['kind'], order: OrderRow, event: ModificationStep, detail: Record<string, unknown>, now: number,
): Promise<void> {
  await journal.addEvent(journalOf(trx), order, { at: now, kind: event, event: null, from_state: null, to_state: null, detail });
  await audit.appendMany(new WorkspaceScope(order.workspace_id, trx, kind), [{
    action: `order.${event}`, actor: SYSTEM, target: { type: 'order', id: order.id }, data: { connectionId: order.connection_id, state: order.state, ...detail },
  }]);
}

/** The last modification of the order, while IB has not answered it: its request's old and new terms. */
async function awaitingIb(trx: Kysely<Database>, orderId: string): Promise<{ from: Terms; to: Terms } | undefined> {
  const events = (await journal.events(journalOf(trx), orderId)).filter((e) => MODIFY_KINDS.includes(e.kind));
  const last = events.at(-1);
  if (!last || !AWAITING_IB.includes(last.kind)) return undefined;
  const requested = events.findLast((e) => e.kind === 'modify_requested');
  return requested ? (JSON.parse(requested.detail) as { from: Terms; to: Terms }) : undefined;
}

const same = (a: number | undefined, b: number): boolean => a !== undefined && Math.abs(a - b) < 1e-9;

/** Whether IB's terms are the modification's new ones (only the fields it set are compared). */
function hasTerms(ib: OrderTerms, to: Terms): boolean {
  return same(ib.quantity, to.quantity) && (to.limitPrice === null || same(ib.limitPrice, to.limitPrice)) && (to.stopPrice === null || same(ib.auxPrice, to.stopPrice));
}

/**
 * In the caller's report transaction (execution.ts): IB's news about an order whose modification it
 * has not answered yet. An acknowledgement confirms it; an order error refuses it — the old values
 * come back, the order keeps working — and true says the error was the modification's.
 */
export const modificationAnswers = {
  /**
   * IB's openOrder for it. With the new terms it confirms the modification. In IB's picture after a
   * (re)connect (replay) other terms settle a modification whose outcome was not known: it did not
   * take; the order keeps IB's terms, and it is not sent again. A live openOrder with other terms may
   * predate the modification: it settles nothing.
   */
  async answered(trx: Kysely<Database>, audit: OrderAuditSink, kind: Db['kind'], order: OrderRow, ib: OrderTerms | undefined, origin: 'live' | 'replay', now: number): Promise<void> {
    if (ib === undefined || ib.quantity === undefined) return;
    const pending = await awaitingIb(trx, order.id);
    if (!pending) return;
    if (hasTerms(ib, pending.to)) {
      await recordModification(trx, audit, kind, order, 'modify_acknowledged', { ib }, now);
      return;
    }
    if (origin !== 'replay') return;
    await restore(trx, order.id, pending.from, now);
    await recordModification(trx, audit, kind, order, 'modify_not_applied', { ib, restored: pending.from, why: 'after the reconnect IB\'s open order does not show the modification\'s terms: it did not take, and it is not sent again' }, now);
  },

  async refused(trx: Kysely<Database>, audit: OrderAuditSink, kind: Db['kind'], order: OrderRow, error: { code: number; message: string }, now: number): Promise<boolean> {
    const from = (await awaitingIb(trx, order.id))?.from;
    if (!from) return false;
    await restore(trx, order.id, from, now);
    await recordModification(trx, audit, kind, order, 'modify_rejected', { ...error, restored: from, why: 'IB refused the modification; the order keeps working with its previous values' }, now);
    return true;
  },
};
