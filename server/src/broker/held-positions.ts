// Each account's positions, held from one reqPositionsMulti(account, '') subscription, so a read
// (every signal intake decides reads them) costs no IB round trip once IB has told us:
// - the first read of an account opens the subscription and KEEPS it; IB sends the rows, the end,
//   then a positionMulti row for every change. Reads before the end wait for it (the session's
//   request time-out); afterwards they get the current rows at once. Rows are as current as IB's
//   last push: a fill is in them once IB's position row for it has arrived, not at its execDetails;
// - a refusal or a time-out of that first answer drops the hold (a timed-out one is cancelled at
//   IB): the next read asks again. So does an IB error on its id later;
// - a lost connection voids the rows and the id; after the next sync each account held is asked for
//   again under a new id of the session's one sequence. A re-sync on the same socket (1101: data
//   lost) reads it again too, the old id cancelled first, so IB never serves one account twice;
// - a position closed today stays listed with quantity 0, as IB lists it;
// - the session checks readiness and the account before a read; nothing else here sends unless the
//   session asks it to (resubscribe after a sync).
import type { Logger } from '../common/index.ts';
import { ibCodeInfo } from '../domain/index.ts';
import { DisconnectedError, RequestTimeoutError } from './errors.ts';
import type { ContractRef, PositionReport } from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

interface Hold {
  readonly account: string;
  /** The subscription's id on the current connection; undefined while not asked for on it. */
  reqId: number | undefined;
  /** By contract; undefined until IB's end on the current id. */
  rows: Map<string, PositionReport> | undefined;
  /** The first answer on the current id, while awaited. */
  loading: Promise<void> | undefined;
}

/** A row replaces the earlier row of the same contract. */
function contractKey(c: ContractRef): string {
  return c.conId !== undefined ? `#${c.conId}` : [c.symbol, c.secType, c.exchange, c.currency, c.localSymbol, c.expiry, c.strike, c.right].join('|');
}

export class HeldPositions {
  private readonly byAccount = new Map<string, Hold>();
  private readonly byReqId = new Map<number, Hold>();

  constructor(private readonly channel: SessionChannel, private readonly log: Logger) {}

  /** Accounts held (whether or not their rows are current). */
  get size(): number {
    return this.byAccount.size;
  }

  /** The account's positions; the session has checked that it is ready and offers the account. */
  async positions(account: string): Promise<PositionReport[]> {
    let hold = this.byAccount.get(account);
    if (!hold) {
      hold = { account, reqId: undefined, rows: undefined, loading: undefined };
      this.byAccount.set(account, hold);
    }
    if (!hold.rows) await (hold.loading ?? this.ask(hold));
    if (!hold.rows) throw new DisconnectedError('the positions subscription was renewed while being read');
    return [...hold.rows.values()];
  }

  /** A positionMulti row after the end (a change). Returns whether a held subscription took it. */
  changed(reqId: number, row: PositionReport): boolean {
    const hold = this.byReqId.get(reqId);
    if (!hold?.rows) return false;
    if (row.account === hold.account) hold.rows.set(contractKey(row.contract), row);
    return true;
  }

  /** IB answered a held id with an error (after its end: before it, the pending read gets it). Returns whether it was ours. */
  failed(reqId: number, code: number, message: string): boolean {
    const hold = this.byReqId.get(reqId);
    if (!hold || ibCodeInfo(code).severity !== 'error') return false;
    this.release(hold);
    this.log.warn({ code, reqId, account: hold.account }, `IB ended the positions subscription: ${message}`);
    return true;
  }

  /** The connection is gone: its ids mean nothing now, and rows are no longer followed. */
  connectionLost(): void {
    this.byReqId.clear();
    for (const hold of this.byAccount.values()) {
      hold.reqId = undefined;
      hold.rows = undefined;
    }
  }

  /** Synced: asks for every held account again (on a re-sync of the same socket, after cancelling the old id). */
  resubscribe(): void {
    for (const hold of this.byAccount.values()) {
      if (hold.loading) continue; // being asked for on this connection already
      const old = hold.reqId;
      if (old !== undefined) {
        this.byReqId.delete(old);
        this.channel.send('cancel', (api) => api.cancelPositionsMulti(old)).catch(() => undefined);
      }
      // Nobody awaits it yet; a failure has dropped the hold and the next read asks again.
      this.ask(hold).catch((error: unknown) => this.log.debug({ err: error, account: hold.account }, 'positions re-subscription failed'));
    }
  }

  /** The session stopped: nothing is held (its socket, and the subscriptions with it, are gone). */
  stopAll(): void {
    this.byAccount.clear();
    this.byReqId.clear();
  }

  private ask(hold: Hold): Promise<void> {
    const reqId = this.channel.takeId();
    const { account } = hold;
    hold.reqId = reqId;
    hold.rows = undefined;
    this.byReqId.set(reqId, hold);
    const loading = this.channel
      .request(reqId, `the positions of ${account}`, 'normal', (api) => api.reqPositionsMulti(reqId, account, ''))
      .then(
        (items) => {
          if (hold.reqId !== reqId) return; // renewed meanwhile (the caller finds no rows and says so)
          const rows = new Map<string, PositionReport>();
          for (const item of items as PositionReport[]) if (item.kind === 'position' && item.account === account) rows.set(contractKey(item.contract), item);
          hold.rows = rows;
        },
        (error: unknown) => {
          // A lost connection has already voided the id (connectionLost): that hold is asked for after the sync.
          if (hold.reqId === reqId) {
            this.release(hold);
            // IB may hold a subscription it did not answer in time (normal priority: never ahead of the request).
            if (error instanceof RequestTimeoutError) this.channel.send('normal', (api) => api.cancelPositionsMulti(reqId)).catch(() => undefined);
          }
          throw error;
        },
      )
      .finally(() => {
        if (hold.loading === loading) hold.loading = undefined;
      });
    hold.loading = loading;
    return loading;
  }

  private release(hold: Hold): void {
    if (this.byAccount.get(hold.account) === hold) this.byAccount.delete(hold.account);
    if (hold.reqId !== undefined) this.byReqId.delete(hold.reqId);
    hold.reqId = undefined;
    hold.rows = undefined;
  }
}
