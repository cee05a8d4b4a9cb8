// The account values sizing and the risk gate need (net liquidation, available funds, buying
// power); the positions are held by held-positions.ts.
// - accountSnapshot: IB's account summary (reqAccountSummary on its own id, cancelled once the end
//   arrived: IB allows only two at a time). Values younger than `maxAgeMs` are answered without
//   asking again: the ones the sync (or a reconciliation) read, or the last read. A fill or a
//   commission makes them stale at once (the session calls `invalidate`); a lost connection
//   forgets them. Concurrent callers share one read in flight, unless a fill came after it started.
//   A caller that can live with the last values while new ones are read (`staleWhileRefreshing`:
//   intake, deciding a signal, where IB's own values lag a fill by seconds anyway) gets them at once
//   if they are under STALE_VALUES_LIMIT_MS old, and the read runs in the background;
// - refused unless ready, and for an account the login does not offer (checkAccount, which the
//   positions read uses too).
import type { Clock } from '../common/index.ts';
import type { AccountSnapshot } from '../domain/index.ts';
import { AccountError, BrokerError, InvalidRequestError } from './errors.ts';
import type { AccountValueReport } from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

/** How old account values may be before they are read again, unless the caller says otherwise. */
export const ACCOUNT_VALUES_MAX_AGE_MS = 5_000;
/** The oldest values a `staleWhileRefreshing` caller is answered with while new ones are read. */
export const STALE_VALUES_LIMIT_MS = 60_000;

const SUMMARY_TAGS = 'NetLiquidation,AvailableFunds,BuyingPower';
const SAFE_ACCOUNT = /^[\x20-\x7e]{1,32}$/;

export interface AccountSnapshotOptions {
  /** Values read less than this long ago are good enough (0: always ask IB). Default ACCOUNT_VALUES_MAX_AGE_MS. */
  maxAgeMs?: number;
  /** Answer the last values (stale, or older than maxAgeMs, but under STALE_VALUES_LIMIT_MS) at once and read new ones in the background. Default false. */
  staleWhileRefreshing?: boolean;
}

/** The values of every account in the rows, by account; an account missing a tag is left out (with why). */
export function accountSnapshots(rows: readonly AccountValueReport[], at: number): Map<string, AccountSnapshot | string> {
  const byAccount = new Map<string, Map<string, AccountValueReport>>();
  for (const r of rows) {
    const tags = byAccount.get(r.account) ?? new Map<string, AccountValueReport>();
    tags.set(r.tag, r);
    byAccount.set(r.account, tags);
  }
  const out = new Map<string, AccountSnapshot | string>();
  for (const [account, tags] of byAccount) {
    const value = (tag: string): number | undefined => {
      const raw = tags.get(tag)?.value;
      const n = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
      return Number.isFinite(n) ? n : undefined;
    };
    const [netLiquidation, availableFunds, buyingPower] = [value('NetLiquidation'), value('AvailableFunds'), value('BuyingPower')];
    const currency = tags.get('NetLiquidation')?.currency;
    if (netLiquidation === undefined || availableFunds === undefined || buyingPower === undefined || !currency) {
      const missing = ['NetLiquidation', 'AvailableFunds', 'BuyingPower'].filter((t) => value(t) === undefined);
      out.set(account, `IB's account summary for ${account} has no usable ${missing.length > 0 ? missing.join(', ') : 'currency'}.`);
      continue;
    }
    out.set(account, { account, netLiquidation, availableFunds, buyingPower, currency, at });
  }
  return out;
}

interface Read { generation: number; done: Promise<Map<string, AccountSnapshot | string>> }

export class AccountReads {
  private readonly latest = new Map<string, AccountSnapshot>();
  /** Accounts whose values a fill or a commission made stale (kept for staleWhileRefreshing callers). */
  private readonly stale = new Set<string>();
  private reading: Read | undefined;
  /** Counts what made known values stale (fills, commissions, drops). */
  private generation = 0;

  constructor(
    private readonly channel: SessionChannel,
    /** The login's managed accounts. */
    private readonly accounts: () => readonly string[],
    private readonly clock: Clock,
  ) {}

  async accountSnapshot(account: string, options: AccountSnapshotOptions = {}): Promise<AccountSnapshot> {
    this.channel.assertReady();
    this.checkAccount(account);
    const maxAgeMs = options.maxAgeMs ?? ACCOUNT_VALUES_MAX_AGE_MS;
    if (!(Number.isFinite(maxAgeMs) && maxAgeMs >= 0)) throw new InvalidRequestError('maxAgeMs must be 0 or more milliseconds');
    const known = this.latest.get(account);
    const age = known ? this.clock.now() - known.at : Number.POSITIVE_INFINITY;
    if (known && !this.stale.has(account) && age < maxAgeMs) return known;
    if (known && options.staleWhileRefreshing === true && maxAgeMs > 0 && age < STALE_VALUES_LIMIT_MS) {
      this.read().catch(() => undefined);
      return known;
    }
    const found = (await this.read()).get(account);
    if (found === undefined) throw new BrokerError('IB_ERROR', `IB's account summary lists no values for ${account}.`);
    if (typeof found === 'string') throw new BrokerError('IB_ERROR', found);
    return found;
  }

  /** Values IB gave another read (the sync, a reconciliation), as fresh as that read. */
  remember(rows: readonly AccountValueReport[], at: number): void {
    for (const [account, snapshot] of accountSnapshots(rows, at)) if (typeof snapshot !== 'string') this.keep(account, snapshot);
  }

  /** A fill or a commission changed cash and positions: values read before it are stale. */
  invalidate(): void {
    this.generation += 1;
    for (const account of this.latest.keys()) this.stale.add(account);
  }

  connectionLost(): void {
    this.generation += 1;
    this.latest.clear();
    this.stale.clear();
  }

  private keep(account: string, snapshot: AccountSnapshot): void {
    this.latest.set(account, snapshot);
    this.stale.delete(account);
  }

  /** Throws unless `account` is a well-formed id the login offers. */
  checkAccount(account: string): void {
    // It goes on the wire as a field: a NUL byte would inject fields.
    if (typeof account !== 'string' || !SAFE_ACCOUNT.test(account)) throw new InvalidRequestError('account must be an IB account id (1 to 32 printable ASCII characters)');
    const offered = this.accounts();
    if (!offered.includes(account)) {
      throw new AccountError('ACCOUNT_UNKNOWN', `Account ${account} is not one of the accounts this login offers: ${offered.join(', ') || 'none'}.`, offered);
    }
  }

  /** One summary read for every account, shared while in flight unless values went stale since it started. */
  private read(): Promise<Map<string, AccountSnapshot | string>> {
    if (this.reading?.generation === this.generation) return this.reading.done;
    const generation = this.generation;
    const reqId = this.channel.takeId();
    const done = this.channel
      .request(reqId, 'the account summary', 'normal', (api) => api.reqAccountSummary(reqId, 'All', SUMMARY_TAGS))
      .then((items) => {
        const values = accountSnapshots(items.filter((i): i is AccountValueReport => (i as AccountValueReport).kind === 'accountValue'), this.clock.now());
        // A fill during the read may or may not be in these values: answer them, keep them not.
        if (this.generation === generation) for (const [account, s] of values) if (typeof s !== 'string') this.keep(account, s);
        return values;
      })
      .finally(() => {
        // Answered, refused or timed out: IB may hold the subscription until it is cancelled.
        this.channel.send('normal', (api) => api.cancelAccountSummary(reqId)).catch(() => undefined);
        if (this.reading?.done === done) this.reading = undefined;
      });
    this.reading = { generation, done };
    return done;
  }
}
