// The usage shown next to a connection's limits (GET /api/connections/:id/risk): what Kairox knows
// now, read from the IB session this process runs for the connection. A value Kairox does not know
// is null with a stable reason code and a sentence, never a guess: order counts wait for execution
// (issue 9), and IB's values need the connection's session running here and ready.
import type { AccountPnlReport, PnlSubscription, PositionPnlReport, PositionReport, SessionStatus } from '../broker/index.ts';
import type { AccountSnapshot } from '../domain/index.ts';
import { MONEY_UNIT, type RiskPolicy } from '../risk/index.ts';

/** The reads the usage needs from a running IB session; IbSession has them. */
export interface RunningAccountReads {
  status(): SessionStatus;
  accountPnl(account: string, timeoutMs: number): Promise<AccountPnlReport>;
  accountSnapshot(account: string): Promise<AccountSnapshot>;
  positions(account: string): Promise<PositionReport[]>;
  subscribePositionPnl(account: string, conId: number): Promise<PnlSubscription<PositionPnlReport>>;
}

/** The sessions this process runs (the broker worker); main.ts plugs it in. */
export interface AccountReadsSource {
  /** Undefined when this process runs no session for the connection. */
  session(connectionId: string): RunningAccountReads | undefined;
}

export const USAGE_UNAVAILABLE_CODES = [
  'counted_once_execution_lands', 'no_worker_here', 'connection_not_running', 'connection_not_ready', 'account_not_chosen', 'ib_read_failed',
] as const;
export type UsageUnavailable = (typeof USAGE_UNAVAILABLE_CODES)[number];

export interface UsageItem {
  /** The connection-level limit (a market or symbol override may set another one for its orders). */
  limit: number;
  /** The current value in `unit`; null when Kairox does not know it (see `unavailable`). */
  value: number | null;
  unit: string;
  unavailable?: { code: UsageUnavailable; message: string };
}

export interface DailyLossItem extends UsageItem {
  /** IB's P&L of the day: the loss is -(realized + unrealized), 0 when that is a gain. */
  realized?: number;
  unrealized?: number;
}

export interface RiskUsageView {
  /** The IB account the values are for; null when none was read. */
  account: string | null;
  ordersToday: UsageItem;
  ordersLastMinute: UsageItem;
  dailyLoss: DailyLossItem;
  openPositions: UsageItem;
  grossExposure: UsageItem;
}

/** How long one IB read may take before its value is shown as unavailable. */
export const USAGE_READ_TIMEOUT_MS = 3_000;

const EXECUTION_NOTE = 'Counted once execution lands: Kairox sends no orders yet, so it has none to count.';

type Unavailable = NonNullable<UsageItem['unavailable']>;

function unknown(limit: number, unit: string, unavailable: Unavailable): UsageItem {
  return { limit, value: null, unit, unavailable };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readFailed(what: string, error: unknown): Unavailable {
  return { code: 'ib_read_failed', message: `IB did not answer the ${what} read: ${messageOf(error)}` };
}

/** Resolves within `ms` or rejects saying so; the timer never keeps the process up. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer for ${what} within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Why IB's values cannot be read for this connection, or the session and account to read them from. */
function readable(source: AccountReadsSource | undefined, connectionId: string, enabled: boolean): { session: RunningAccountReads; account: string } | Unavailable {
  if (!source) {
    return { code: 'no_worker_here', message: 'This Kairox process runs no broker worker (`kairox api`), so it cannot read IB; ask a process started with `kairox start`.' };
  }
  const session = source.session(connectionId);
  if (!session) {
    return {
      code: 'connection_not_running',
      message: enabled
        ? 'No IB session runs for this connection in this process yet; its status (GET /api/connections/:id) says why.'
        : 'The connection is disabled, so no IB session runs for it; enable it (PATCH /api/connections/:id {"enabled":true}).',
    };
  }
  const status = session.status();
  if (status.state !== 'ready') {
    return { code: 'connection_not_ready', message: `The connection's IB session is ${status.state.replaceAll('_', ' ')}, not ready; its timeline says why.` };
  }
  if (status.account === null) {
    return {
      code: 'account_not_chosen',
      message: `The IB login offers several accounts (${status.accounts.join(', ')}); set the connection's IB Account ID to the one Kairox trades.`,
    };
  }
  return { session, account: status.account };
}

/** Σ |market value| of the open positions, from IB's P&L of each (reqPnLSingle's value, base currency). */
async function grossExposureOf(session: RunningAccountReads, account: string, open: readonly PositionReport[]): Promise<number> {
  const values = await Promise.all(open.map(async (p) => {
    const conId = p.contract.conId;
    if (conId === undefined) throw new Error(`IB listed a position in ${p.contract.symbol ?? 'a contract'} without its conId`);
    const subscription = await session.subscribePositionPnl(account, conId);
    try {
      const first = await within(subscription.first, USAGE_READ_TIMEOUT_MS, `the market value of conId ${conId}`);
      if (first.value === undefined) throw new Error(`IB gave no market value for conId ${conId}`);
      return Math.abs(first.value);
    } finally {
      await subscription.unsubscribe();
    }
  }));
  return values.reduce((sum, v) => sum + v, 0);
}

/** The usage next to the connection's own limits; reads IB in parallel, each value on its own. */
export async function readRiskUsage(
  source: AccountReadsSource | undefined,
  connection: { id: string; enabled: boolean },
  policy: RiskPolicy,
): Promise<RiskUsageView> {
  const execution: Unavailable = { code: 'counted_once_execution_lands', message: EXECUTION_NOTE };
  const orders = {
    ordersToday: unknown(policy.maxOrdersPerDay, 'orders', execution),
    ordersLastMinute: unknown(policy.maxOrdersPerMinute, 'orders', execution),
  };
  const target = readable(source, connection.id, connection.enabled);
  if (!('session' in target)) {
    return {
      account: null, ...orders,
      dailyLoss: unknown(policy.maxDailyLoss, MONEY_UNIT, target),
      openPositions: unknown(policy.maxOpenPositions, 'positions', target),
      grossExposure: unknown(policy.maxGrossExposure, MONEY_UNIT, target),
    };
  }
  const { session, account } = target;
  const [pnl, snapshot, positions] = await Promise.allSettled([
    session.accountPnl(account, USAGE_READ_TIMEOUT_MS),
    within(session.accountSnapshot(account), USAGE_READ_TIMEOUT_MS, 'the account values'),
    within(session.positions(account), USAGE_READ_TIMEOUT_MS, 'the positions'),
  ]);
  // IB reports P&L and market values in the account's base currency; its name comes with the account values.
  const money = snapshot.status === 'fulfilled' ? snapshot.value.currency : MONEY_UNIT;

  let dailyLoss: DailyLossItem;
  if (pnl.status === 'rejected') dailyLoss = unknown(policy.maxDailyLoss, money, readFailed("account's P&L", pnl.reason));
  else {
    const { realized, unrealized } = pnl.value;
    dailyLoss = realized === undefined || unrealized === undefined
      ? unknown(policy.maxDailyLoss, money, { code: 'ib_read_failed', message: "IB's P&L of the account has no realized or unrealized value yet." })
      : { limit: policy.maxDailyLoss, value: Math.max(0, -(realized + unrealized)), unit: money, realized, unrealized };
  }

  let openPositions: UsageItem;
  let grossExposure: UsageItem;
  if (positions.status === 'rejected') {
    const why = readFailed('positions', positions.reason);
    openPositions = unknown(policy.maxOpenPositions, 'positions', why);
    grossExposure = unknown(policy.maxGrossExposure, money, why);
  } else {
    // IB may list a position closed today with quantity 0.
    const open = positions.value.filter((p) => p.position !== 0);
    openPositions = { limit: policy.maxOpenPositions, value: open.length, unit: 'positions' };
    try {
      grossExposure = { limit: policy.maxGrossExposure, value: await grossExposureOf(session, account, open), unit: money };
    } catch (error) {
      grossExposure = unknown(policy.maxGrossExposure, money, readFailed('market values of the positions', error));
    }
  }
  return { account, ...orders, dailyLoss, openPositions, grossExposure };
}
