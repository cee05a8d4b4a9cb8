// The order-entry calls of the API: placeOrder (new, staged, whatIf or a modification) and the
// cancels. Each checks what TWS checks, in TWS's order, then hands the order to its lifecycle.
import type { Catalogue } from '../market/catalogue.ts';
import type { ContractQuery, Instrument } from '../market/types.ts';
import type { AccountBook } from './account-book.ts';
import { ERR } from './errors.ts';
import type { Emit } from './events.ts';
import type { Faults } from './faults.ts';
import type { OrderLifecycle } from './lifecycle.ts';
import type { OrderBook } from './order-book.ts';
import type { OrderGroups } from './order-groups.ts';
import type { OrderIds } from './order-ids.ts';
import type { OrderLog } from './order-log.ts';
import { applyModification, isTerminal, newOrderRecord } from './order-record.ts';
import { orderIdProblem, orderPriceProblem, orderRequestProblem } from './order-validation.ts';
import type { PreTrade } from './pre-trade.ts';
import type { OrderRecord } from './state.ts';
import type { CancelOutcome, OrderInput, PlaceOutcome } from './types.ts';
import type { WireViews } from './wire-views.ts';

export interface OrderEntryDeps {
  now(): number;
  catalogue: Catalogue;
  ids: OrderIds;
  book: OrderBook;
  /** Every order received, for the admin API (what-ifs are not orders and stay out). */
  log: OrderLog;
  accounts: AccountBook;
  faults: Faults;
  lifecycle: OrderLifecycle;
  groups: OrderGroups;
  preTrade: PreTrade;
  views: WireViews;
  emit: Emit;
  work(o: OrderRecord, now: number): void;
}

export class OrderEntry {
  constructor(private readonly d: OrderEntryDeps) {}

  placeOrder(clientId: number, orderId: number, contract: ContractQuery, input: OrderInput): PlaceOutcome {
    const existing = this.d.book.get(clientId, orderId);
    const receivedAt = this.d.now();
    const outcome = this.enter(clientId, orderId, contract, input, existing);
    const booked = this.d.book.get(clientId, orderId);
    if (outcome.kind === 'whatIf') return outcome;
    if (booked !== undefined && booked !== existing) {
      this.d.log.booked(booked, this.d.catalogue.byConId(booked.conId)?.symbol ?? '', receivedAt);
    } else if (outcome.kind === 'rejected') {
      this.d.log.refused(clientId, orderId, contract, input, receivedAt, { code: outcome.code, message: outcome.message });
    } else if (existing !== undefined) {
      this.d.log.modified(existing);
    }
    return outcome;
  }

  private enter(clientId: number, orderId: number, contract: ContractQuery, input: OrderInput, existing: OrderRecord | undefined): PlaceOutcome {
    const { book, ids, lifecycle } = this.d;
    const idProblem = orderIdProblem(existing, orderId, ids.highestUsed(clientId));
    if (idProblem !== undefined) return lifecycle.refuse(clientId, orderId, idProblem.code, idProblem.message);

    const requestProblem = orderRequestProblem(contract, input);
    if (requestProblem !== undefined) return lifecycle.refuse(clientId, orderId, requestProblem.code, requestProblem.message);

    const matches = this.d.catalogue.resolve(contract);
    const instrument = matches[0];
    if (instrument === undefined) return lifecycle.refuse(clientId, orderId, ERR.noSecurity.code, ERR.noSecurity.text());
    if (matches.length > 1) return lifecycle.refuse(clientId, orderId, ERR.ambiguous.code, ERR.ambiguous.text(contract.symbol ?? contract.localSymbol ?? ''));

    const invalid = orderPriceProblem(instrument, contract.exchange, input);
    if (invalid !== undefined) return lifecycle.refuse(clientId, orderId, invalid.code, invalid.message);
    const account = input.account === undefined || input.account === '' ? this.d.accounts.ids[0]! : input.account;
    if (!this.d.accounts.has(account)) return lifecycle.refuse(clientId, orderId, ERR.rejected.code, ERR.rejected.text(`Invalid account code ${account}`));

    if (existing !== undefined) return this.modify(existing, instrument, input);

    ids.markUsed(clientId, orderId);
    const injected = this.d.faults.takeRejection();
    if (injected !== undefined) {
      if (injected.code !== ERR.rejected.code) return lifecycle.refuse(clientId, orderId, injected.code, injected.message);
      // An injected 201 rejects a real order: it is recorded Inactive, as a margin rejection is.
      const o = this.newRecord(clientId, orderId, instrument, account, input);
      book.add(o);
      return lifecycle.reject(o, injected.message.replace(/^Order rejected - reason:/, ''));
    }

    if (input.whatIf === true) {
      const o = this.newRecord(clientId, orderId, instrument, account, input);
      const result = this.d.preTrade.whatIf(o, instrument);
      // The answer echoes whatIf=1: clients (ib_async, the official samples) route it by that flag.
      this.d.emit({ type: 'openOrder', clientId, order: { ...this.d.views.order({ ...o, status: 'PreSubmitted' }), whatIf: true }, whatIf: result });
      return { kind: 'whatIf', result };
    }

    const o = this.newRecord(clientId, orderId, instrument, account, input);
    book.add(o);
    if (!o.transmit) return { kind: 'staged' };
    this.d.groups.transmit(o);
    if (o.status === 'Inactive') return { kind: 'rejected', code: ERR.rejected.code, message: o.completedStatus };
    return { kind: 'accepted', permId: o.permId };
  }

  /** Any client may cancel any order by id: the caller's own order first, else a live one of another client. */
  cancelOrder(clientId: number, orderId: number): CancelOutcome {
    let o = this.d.book.get(clientId, orderId);
    if (o === undefined || o.staged) {
      for (const other of this.d.book.withOrderId(orderId)) {
        if (!other.staged && !isTerminal(other)) o = other;
      }
    }
    if (o === undefined || o.staged) return this.d.lifecycle.refuse(clientId, orderId, ERR.cancelNotFound.code, ERR.cancelNotFound.text(orderId));
    if (isTerminal(o) || o.status === 'PendingCancel') {
      return this.d.lifecycle.refuse(clientId, orderId, ERR.cancelNotCancellable.code, ERR.cancelNotCancellable.text(orderId, o.status));
    }
    this.d.lifecycle.userCancel(o);
    return { kind: 'cancelled' };
  }

  /** reqGlobalCancel: every open order of every client. */
  globalCancel(): void {
    for (const o of this.d.book.working()) {
      if (!isTerminal(o) && o.status !== 'PendingCancel') this.d.lifecycle.userCancel(o);
    }
  }

  private newRecord(clientId: number, orderId: number, instrument: Instrument, account: string, input: OrderInput): OrderRecord {
    return newOrderRecord({ clientId, orderId, permId: this.d.ids.nextPermId(), instrument, account, placedAt: this.d.now() }, input);
  }

  /** Same contract and action only (105); a staged order stays staged unless this one transmits. */
  private modify(o: OrderRecord, i: Instrument, input: OrderInput): PlaceOutcome {
    if (i.conId !== o.conId || input.action.toUpperCase() !== o.action) {
      return this.d.lifecycle.refuse(o.clientId, o.orderId, ERR.modifyMismatch.code, ERR.modifyMismatch.text());
    }
    applyModification(o, input);
    if (o.staged) {
      if (input.transmit ?? true) this.d.groups.transmit(o);
      return { kind: 'staged' };
    }
    this.d.lifecycle.emitOpenOrder(o);
    this.d.lifecycle.emitStatus(o);
    if (o.remaining <= 0) this.d.lifecycle.complete(o, 'Filled', 'Filled');
    else this.d.work(o, this.d.now());
    return { kind: 'modified', permId: o.permId };
  }
}
