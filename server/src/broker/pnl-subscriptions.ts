// P&L subscriptions (reqPnL / reqPnLSingle): IB pushes an account's or a position's P&L while it
// changes, until cancelled. The session keeps the subscriptions, not the connection:
// - every value is published as a report (live, with its connection attempt: the session's publisher);
// - a drop voids the connection's request ids (and fails a first value still awaited, at once);
//   after the next sync every subscription still held is asked for again under a new id of the
//   session's one sequence — once, so a 1101 re-sync on the same socket doubles nothing;
// - an IB error on a subscription's id (321 unknown account, 200 unknown contract) ends it for good,
//   reported once;
// - accountPnl (the risk gate's and intake's read of an account's P&L, once per signal) holds one
//   reqPnL subscription per account after its first call, and answers the value of the current
//   connection at once; before one arrived it waits for the next (bounded by its time-out, which
//   ends the subscription at IB, as does a refusal: the next call subscribes again);
// - nothing is sent unless the session is ready.
import type { Logger } from '../common/index.ts';
import { ibCodeInfo } from '../domain/index.ts';
import { BrokerError, DisconnectedError, IbRequestError, InvalidRequestError, RequestTimeoutError } from './errors.ts';
import type { PnlAmounts, PositionPnlAmounts } from './ib-mapping.ts';
import type { AccountPnlReport, BrokerReport, PositionPnlReport } from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

export type PnlReport = AccountPnlReport | PositionPnlReport;

export interface PnlSubscription<R extends PnlReport> {
  /**
   * IB's first value (the current P&L). Rejects with IbRequestError when IB refuses the
   * subscription, DisconnectedError when the connection drops before it, and BrokerError
   * `STOPPED` when unsubscribed (or the session stopped) before it.
   */
  readonly first: Promise<R>;
  /** The newest value; undefined before the first. */
  readonly latest: R | undefined;
  /** False once unsubscribed, refused by IB, or the session stopped. */
  readonly active: boolean;
  /** Stops the updates (cancelPnL / cancelPnLSingle on the current connection, if there is one). Idempotent. */
  unsubscribe(): Promise<void>;
}

type Target =
  | { kind: 'accountPnl'; account: string; modelCode?: string }
  | { kind: 'positionPnl'; account: string; conId: number };

const SAFE_TEXT = /^[\x20-\x7e]{1,32}$/;

function checkAccount(account: string): void {
  // It goes on the wire as a field: a NUL byte would inject fields.
  if (typeof account !== 'string' || !SAFE_TEXT.test(account)) throw new InvalidRequestError('account must be 1 to 32 printable ASCII characters (an IB account id, or "All")');
}

class Subscription {
  /** Its id on the current connection; undefined while not asked for on it. */
  reqId: number | undefined;
  /** That request's way to the socket (it may wait in the pacing queue). */
  sending: Promise<void> | undefined;
  latest: PnlReport | undefined;
  /** The newest value sent on the current connection (a held read answers only this one). */
  current: PnlReport | undefined;
  active = true;
  readonly first: Promise<PnlReport>;
  private awaiting: { resolve: (r: PnlReport) => void; reject: (e: Error) => void } | undefined;
  /** Held reads waiting for a value of the current connection. */
  private readonly waiting = new Set<{ resolve: (r: PnlReport) => void; reject: (e: Error) => void }>();

  constructor(readonly target: Target) {
    this.first = new Promise((resolve, reject) => {
      this.awaiting = { resolve, reject };
    });
    // A caller that follows the reports only never awaits it; its rejection is not a crash.
    this.first.catch(() => undefined);
  }

  value(report: PnlReport): void {
    this.latest = report;
    this.current = report;
    this.awaiting?.resolve(report);
    this.awaiting = undefined;
    for (const w of this.waiting) w.resolve(report);
    this.waiting.clear();
  }

  /** The next value IB sends. */
  next(): Promise<PnlReport> {
    return new Promise((resolve, reject) => this.waiting.add({ resolve, reject }));
  }

  /** Fails the first value if still awaited, and every held read waiting for a value. */
  failFirst(error: Error): void {
    this.awaiting?.reject(error);
    this.awaiting = undefined;
    for (const w of this.waiting) w.reject(error);
    this.waiting.clear();
  }
}

export class PnlSubscriptions {
  private readonly held = new Set<Subscription>();
  private readonly byReqId = new Map<number, Subscription>();
  /** accountPnl's subscription per account (among `held`). */
  private readonly accountHolds = new Map<string, Subscription>();
  /** Counts connections lost: a request id belongs to the connection it was sent on. */
  private connection = 0;

  constructor(
    private readonly channel: SessionChannel,
    /** The session's publisher, with the current attempt as the origin (live). */
    private readonly publish: (report: BrokerReport) => void,
    private readonly log: Logger,
  ) {}

  /** Subscriptions held (active), whether or not asked for on the current connection. */
  get size(): number {
    return this.held.size;
  }

  /** The account's P&L (reqPnL). `account` may be "All" (every account of the login). */
  async subscribeAccount(account: string, modelCode?: string): Promise<PnlSubscription<AccountPnlReport>> {
    this.channel.assertReady();
    checkAccount(account);
    if (modelCode !== undefined && !SAFE_TEXT.test(modelCode)) throw new InvalidRequestError('modelCode must be 1 to 32 printable ASCII characters');
    return (await this.subscribe({ kind: 'accountPnl', account, ...(modelCode !== undefined ? { modelCode } : {}) })) as PnlSubscription<AccountPnlReport>;
  }

  /** One position's P&L (reqPnLSingle). */
  async subscribePosition(account: string, conId: number): Promise<PnlSubscription<PositionPnlReport>> {
    this.channel.assertReady();
    checkAccount(account);
    if (!Number.isInteger(conId) || conId <= 0) throw new InvalidRequestError('conId must be a positive integer');
    return (await this.subscribe({ kind: 'positionPnl', account, conId })) as PnlSubscription<PositionPnlReport>;
  }

  /**
   * The account's current P&L from the account's held subscription (subscribed on the first call):
   * the current connection's latest value at once, otherwise the next within `timeoutMs`.
   */
  async accountPnl(account: string, timeoutMs: number): Promise<AccountPnlReport> {
    this.channel.assertReady();
    checkAccount(account);
    let sub = this.accountHolds.get(account);
    if (!sub) {
      const opened = new Subscription({ kind: 'accountPnl', account });
      // Held before it is sent, so concurrent first calls share one request.
      this.held.add(opened);
      this.accountHolds.set(account, opened);
      this.ask(opened).catch((error: unknown) => {
        this.forget(opened);
        opened.failFirst(error as Error);
      });
      sub = opened;
    }
    if (sub.current) return sub.current as AccountPnlReport;
    const held = sub;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = new RequestTimeoutError(`the P&L of account ${account}`, timeoutMs);
        reject(error);
        // No value in time: not held any longer (the next call subscribes again), cancelled at IB.
        if (held.active && !held.current) {
          held.failFirst(error);
          void this.unsubscribe(held);
        }
      }, timeoutMs);
    });
    try {
      return (await Promise.race([held.next(), timeout])) as AccountPnlReport;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether `reqId` is one of the current connection's P&L subscriptions. */
  owns(reqId: number): boolean {
    return this.byReqId.has(reqId);
  }

  accountValues(reqId: number, amounts: PnlAmounts): void {
    const sub = this.byReqId.get(reqId);
    if (sub?.target.kind !== 'accountPnl') return; // cancelled meanwhile: IB may still send one
    const { account, modelCode } = sub.target;
    this.deliver(sub, { kind: 'accountPnl', account, ...(modelCode !== undefined ? { modelCode } : {}), ...amounts });
  }

  positionValues(reqId: number, { position, ...amounts }: PositionPnlAmounts): void {
    const sub = this.byReqId.get(reqId);
    if (sub?.target.kind !== 'positionPnl') return;
    if (position === undefined) {
      // Not a value anyone could act on (a flat position is sent as 0): skipped, not guessed.
      this.log.warn({ reqId }, 'pnlSingle without a position; skipped');
      return;
    }
    const { account, conId } = sub.target;
    this.deliver(sub, { kind: 'positionPnl', account, conId, position, ...amounts });
  }

  /** IB answered the subscription's id with an error. A warning changes nothing; an error ends it. Returns whether it was ours. */
  failed(reqId: number, code: number, message: string): boolean {
    const sub = this.byReqId.get(reqId);
    if (!sub) return false;
    const info = ibCodeInfo(code);
    if (info.severity !== 'error') return false;
    this.forget(sub);
    sub.failFirst(new IbRequestError(code, message));
    const t = sub.target;
    this.log.warn({ code, reqId, subscription: t.kind, account: t.account }, `IB ended a P&L subscription: ${message}`);
    this.publish({
      kind: 'pnlSubscriptionFailed', subscription: t.kind, account: t.account,
      ...(t.kind === 'accountPnl' ? (t.modelCode !== undefined ? { modelCode: t.modelCode } : {}) : { conId: t.conId }),
      code, message, info,
    });
    return true;
  }

  /** The connection is gone: its request ids mean nothing now; a first value still awaited fails at once. */
  connectionLost(reason: string): void {
    this.connection += 1;
    this.byReqId.clear();
    for (const sub of this.held) {
      sub.reqId = undefined;
      sub.sending = undefined;
      sub.current = undefined;
      sub.failFirst(new DisconnectedError(reason));
    }
  }

  /** Synced: asks again for every subscription not yet asked for on this connection. */
  resubscribe(): void {
    for (const sub of this.held) {
      if (sub.reqId !== undefined) continue;
      // A failed send means the connection went again: the next sync asks again.
      this.ask(sub).catch((error: unknown) => this.log.debug({ err: error }, 'P&L re-subscription not sent'));
    }
  }

  /** The session stopped for good: every subscription ends. */
  stopAll(reason: string): void {
    for (const sub of [...this.held]) {
      this.forget(sub);
      sub.failFirst(new BrokerError('STOPPED', `The P&L subscription ended before IB's first value: ${reason}.`));
    }
  }

  private async subscribe(target: Target): Promise<PnlSubscription<PnlReport>> {
    const sub = new Subscription(target);
    this.held.add(sub);
    try {
      await this.ask(sub);
    } catch (error) {
      // The caller gets the error and no handle: nothing is kept for later.
      this.forget(sub);
      sub.failFirst(error as Error);
      throw error;
    }
    return {
      first: sub.first,
      get latest() {
        return sub.latest;
      },
      get active() {
        return sub.active;
      },
      unsubscribe: () => this.unsubscribe(sub),
    };
  }

  /** Sends the request under a new id of the session's one sequence. */
  private ask(sub: Subscription): Promise<void> {
    const reqId = this.channel.takeId();
    sub.reqId = reqId;
    this.byReqId.set(reqId, sub);
    const t = sub.target;
    sub.sending = this.channel.send('normal', (api) => {
      if (t.kind === 'accountPnl') api.reqPnL(reqId, t.account, t.modelCode ?? '');
      else api.reqPnLSingle(reqId, t.account, '', t.conId);
    });
    return sub.sending;
  }

  private async unsubscribe(sub: Subscription): Promise<void> {
    if (!sub.active) return;
    const { reqId, sending } = sub;
    const connection = this.connection;
    this.forget(sub);
    sub.failFirst(new BrokerError('STOPPED', 'The P&L subscription was cancelled before IB sent a first value.'));
    if (reqId === undefined) return; // not asked for on this connection: nothing to cancel
    // A request still in the pacing queue would be overtaken by its cancel (cancels go first).
    await sending?.catch(() => undefined);
    if (this.connection !== connection) return; // that connection is gone, and its subscriptions with it
    const kind = sub.target.kind;
    try {
      await this.channel.send('cancel', (api) => (kind === 'accountPnl' ? api.cancelPnL(reqId) : api.cancelPnLSingle(reqId)));
    } catch (error) {
      // Only a lost connection fails a send, and its subscriptions went with it.
      this.log.debug({ err: error, reqId }, 'P&L cancel not sent: the connection is gone');
    }
  }

  private deliver(sub: Subscription, report: PnlReport): void {
    sub.value(report);
    this.publish(report);
  }

  private forget(sub: Subscription): void {
    sub.active = false;
    this.held.delete(sub);
    if (this.accountHolds.get(sub.target.account) === sub) this.accountHolds.delete(sub.target.account);
    if (sub.reqId !== undefined) this.byReqId.delete(sub.reqId);
    sub.reqId = undefined;
    sub.sending = undefined;
  }
}
