// The conformance suite's harness: an in-process simulated gateway on an OS-chosen loopback port
// and @stoqey/ib's IBApi as an independent client, connected at a chosen server version.
// Every event the client emits is recorded in order; tests await events with timeouts instead of
// sleeping, and move simulated time through the gateway's clock and fault hooks.
import { EventName, IBApi } from '@stoqey/ib';
import type {
  CommissionReport, Contract, ContractDetails, Execution, ExecutionFilter, Order, OrderState,
} from '@stoqey/ib';
import type { ManualClock } from '../../../src/engine/index.ts';
import type { Gateway, GatewayOptions } from '../../../src/server/index.ts';
import { TEST_START_MS, testGateway } from '../../support/gateway.ts';
import { startVersionCapProxy } from './version-cap-proxy.ts';
import type { VersionCapProxy } from './version-cap-proxy.ts';

/** The server versions the simulator supports; every flow runs at each. */
export const VERSIONS = [176, 177, 178] as const;
export type Version = (typeof VERSIONS)[number];

export { TEST_START_MS };
export const ACCOUNT = 'DU1234567';

/** Arguments of the IBApi events the suite listens to (the real ones: see design.md for `error`). */
export interface EventArgs {
  connected: [];
  disconnected: [];
  server: [serverVersion: number, connectionTime: string];
  error: [err: Error, code: number, reqId: number, advancedOrderReject?: unknown];
  info: [message: string, code: number];
  nextValidId: [orderId: number];
  managedAccounts: [accounts: string];
  contractDetails: [reqId: number, details: ContractDetails];
  contractDetailsEnd: [reqId: number];
  marketDataType: [reqId: number, marketDataType: number];
  tickReqParams: [reqId: number, minTick: number, bboExchange: string, snapshotPermissions: number];
  tickPrice: [reqId: number, tickType: number, price: number, attribs: unknown];
  tickSize: [reqId: number, tickType: number, size: number];
  tickString: [reqId: number, tickType: number, value: string];
  tickGeneric: [reqId: number, tickType: number, value: number];
  tickSnapshotEnd: [reqId: number];
  openOrder: [orderId: number, contract: Contract, order: Order, state: OrderState];
  openOrderEnd: [];
  orderStatus: [
    orderId: number, status: string, filled: number, remaining: number, avgFillPrice: number, permId: number,
    parentId: number, lastFillPrice: number, clientId: number, whyHeld: string, mktCapPrice: number,
  ];
  completedOrder: [contract: Contract, order: Order, state: OrderState];
  completedOrdersEnd: [];
  execDetails: [reqId: number, contract: Contract, execution: Execution];
  execDetailsEnd: [reqId: number];
  commissionReport: [report: CommissionReport];
  position: [account: string, contract: Contract, pos: number, avgCost: number];
  positionEnd: [];
  accountSummary: [reqId: number, account: string, tag: string, value: string, currency: string];
  accountSummaryEnd: [reqId: number];
  currentTime: [time: number];
  updateAccountValue: [key: string, value: string, currency: string, account: string];
  updatePortfolio: [
    contract: Contract, position: number, marketPrice: number, marketValue: number, averageCost: number,
    unrealizedPnl: number, realizedPnl: number, account: string,
  ];
  updateAccountTime: [timeStamp: string];
  accountDownloadEnd: [account: string];
  accountUpdateMulti: [reqId: number, account: string, modelCode: string, key: string, value: string, currency: string];
  /** @stoqey/ib 1.6.10 reads this reqId with readStr: it arrives as a string despite its typings. */
  accountUpdateMultiEnd: [reqId: number | string];
  marketRule: [marketRuleId: number, priceIncrements: { lowEdge: number; increment: number }[]];
  symbolSamples: [reqId: number, descriptions: { contract: Contract & { description?: string }; derivativeSecTypes: string[] }[]];
  /** One bar; the end of the answer is one more with date `finished-<start>-<end>` and -1 prices. */
  historicalData: [
    reqId: number, date: string, open: number, high: number, low: number, close: number, volume: number, barCount: number,
    wap: number, hasGaps: boolean | undefined,
  ];
  historicalDataUpdate: [
    reqId: number, date: string, open: number, high: number, low: number, close: number, volume: number, barCount: number, wap: number,
  ];
  headTimestamp: [reqId: number, headTimestamp: string];
  /** The "unset" double sentinel arrives as undefined (@stoqey/ib's readDouble). */
  pnl: [reqId: number, dailyPnL: number, unrealizedPnL: number | undefined, realizedPnL: number | undefined];
  pnlSingle: [
    reqId: number, pos: number, dailyPnL: number, unrealizedPnL: number | undefined, realizedPnL: number | undefined, value: number,
  ];
  positionMulti: [reqId: number, account: string, modelCode: string, contract: Contract, pos: number, avgCost: number];
  positionMultiEnd: [reqId: number];
  userInfo: [reqId: number, whiteBrandingId: string];
}
export type EventKey = keyof EventArgs;

export interface Recorded {
  name: string;
  args: unknown[];
}

/** An error or notice as the client reported it (`error` and `info` events alike). */
export interface ReportedError {
  code: number;
  reqId: number;
  message: string;
}

const DEFAULT_TIMEOUT_MS = 3000;

export interface ConnectOptions {
  /** @stoqey/ib's own client-side rate limit; the suite defaults to 1,000/s so tests are not slowed. */
  maxReqPerSec?: number;
  /** Wait for nextValidId (default) or only for the server hello. */
  ready?: boolean;
}

/** One IBApi connected to the simulator; its events recorded in arrival order. */
export class IbSession {
  readonly events: Recorded[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    readonly api: IBApi,
    readonly clientId: number,
    private readonly proxy: VersionCapProxy | undefined,
  ) {
    api.on(EventName.all, (name: string, args: unknown[]) => {
      this.events.push({ name, args: [...args] });
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    });
    // Without an error listener some emitters throw; every error is in `events` anyway.
    api.on(EventName.error, () => undefined);
  }

  /**
   * Connects at `version` (176/177 through the version-capping proxy) and waits for nextValidId,
   * unless `ready: false` (for connections the gateway is expected to refuse).
   */
  static async open(gw: Gateway, clientId: number, version: Version, options: ConnectOptions = {}): Promise<IbSession> {
    const proxy = version < 178 ? await startVersionCapProxy({ host: gw.host, port: gw.port }, version) : undefined;
    const api = new IBApi({ host: '127.0.0.1', port: proxy?.port ?? gw.port, maxReqPerSec: options.maxReqPerSec ?? 1000 });
    const s = new IbSession(api, clientId, proxy);
    api.connect(clientId);
    if (options.ready !== false) await s.waitFor('nextValidId');
    else await s.waitFor('server');
    return s;
  }

  get serverVersion(): number {
    return this.api.serverVersion;
  }

  /** The nextValidId of the bootstrap. */
  get firstOrderId(): number {
    const e = this.events.find((x) => x.name === 'nextValidId');
    if (!e) throw new Error('no nextValidId yet');
    return e.args[0] as number;
  }

  /** Position in the event log, for `since` / `waitFor(…, from)`. */
  mark(): number {
    return this.events.length;
  }

  /** Recorded events of one kind from `from` on. */
  all<E extends EventKey>(name: E, from = 0): EventArgs[E][] {
    return this.events.slice(from).filter((e) => e.name === name).map((e) => e.args as EventArgs[E]);
  }

  /** Event names from `from` on, filtered to `names` when given (for order-of-messages assertions). */
  names(from = 0, names?: readonly EventKey[]): string[] {
    return this.events.slice(from).map((e) => e.name).filter((n) => !names || (names as readonly string[]).includes(n));
  }

  /**
   * Raw frames with message id `msgId` as the client received them (its `received` event), as
   * field arrays: for checking what was on the wire where the client's decoder is at fault.
   */
  raw(msgId: string, from = 0): string[][] {
    return this.events.slice(from).flatMap((e) => {
      if (e.name !== 'received' || typeof e.args[1] !== 'string') return [];
      const fields = e.args[1].split('\0');
      if (fields.at(-1) === '') fields.pop();
      return fields[0] === msgId ? [fields] : [];
    });
  }

  /** Every error and notice from `from` on, in order. */
  errors(from = 0): ReportedError[] {
    return this.events.slice(from).flatMap((e): ReportedError[] => {
      if (e.name === 'error') {
        const [err, code, reqId] = e.args as EventArgs['error'];
        return [{ code, reqId, message: err.message }];
      }
      if (e.name === 'info') {
        const [message, code] = e.args as EventArgs['info'];
        return [{ code, reqId: -1, message }];
      }
      return [];
    });
  }

  /** The first `name` event at index ≥ `from` matching `pred`; rejects after `timeoutMs`. */
  async waitFor<E extends EventKey>(
    name: E,
    pred: (...args: EventArgs[E]) => boolean = () => true,
    from = 0,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<EventArgs[E]> {
    const deadline = Date.now() + timeoutMs;
    let cursor = from;
    for (;;) {
      for (; cursor < this.events.length; cursor++) {
        const e = this.events[cursor];
        if (e?.name === name && pred(...(e.args as EventArgs[E]))) return e.args as EventArgs[E];
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const tail = this.events.slice(-15).map((x) => `${x.name}(${summarise(x.args)})`).join(', ');
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${name}; last events: ${tail}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for error/notice `code` (optionally for one request id) at index ≥ `from`. */
  async waitForError(code: number, reqId?: number, from = 0, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ReportedError> {
    const matches = (c: number, id: number): boolean => c === code && (reqId === undefined || id === reqId);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.errors(from).find((e) => matches(e.code, e.reqId));
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for error ${code}; errors seen: ${JSON.stringify(this.errors(from))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for the end event, then returns every `name` event between `from` and it. */
  async collect<E extends EventKey, End extends EventKey>(
    name: E,
    end: End,
    endPred: (...args: EventArgs[End]) => boolean = () => true,
    from = 0,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<EventArgs[E][]> {
    await this.waitFor(end, endPred, from, timeoutMs);
    const endIndex = this.events.findIndex((e, i) => i >= from && e.name === end && endPred(...(e.args as EventArgs[End])));
    return this.events.slice(from, endIndex).filter((e) => e.name === name).map((e) => e.args as EventArgs[E]);
  }

  /**
   * A request round trip (reqCurrentTime): the gateway answers requests in order and writes an engine
   * step's pushes before it reads the next request, so once this resolves nothing sent earlier is still
   * on its way. For asserting that something did not arrive, without sleeping.
   */
  async roundTrip(): Promise<void> {
    const m = this.mark();
    this.api.reqCurrentTime();
    await this.waitFor('currentTime', () => true, m);
  }

  /** Statuses reported for one order id from `from` on, in order. */
  statuses(orderId: number, from = 0): string[] {
    return this.all('orderStatus', from).filter((a) => a[0] === orderId).map((a) => a[1]);
  }

  /** Status changes of one order: consecutive repeats (reqOpenOrders echoes, TWS re-sends) collapsed. */
  transitions(orderId: number, from = 0): string[] {
    return this.statuses(orderId, from).filter((st, i, all) => i === 0 || all[i - 1] !== st);
  }

  /** Waits until `orderId` reports `status`; returns that orderStatus. */
  orderStatus(orderId: number, status: string, from = 0, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<EventArgs['orderStatus']> {
    return this.waitFor('orderStatus', (id, st) => id === orderId && st === status, from, timeoutMs);
  }

  async close(): Promise<void> {
    if (this.api.isConnected) {
      const gone = this.waitFor('disconnected', () => true, this.mark(), 2000).catch(() => undefined);
      this.api.disconnect();
      await gone;
    }
    await this.proxy?.close();
  }
}

function summarise(args: unknown[]): string {
  return args
    .map((a) => (a instanceof Error ? a.message : typeof a === 'object' ? JSON.stringify(a)?.slice(0, 60) : String(a)))
    .join(', ')
    .slice(0, 160);
}

/** A gateway pinned to Monday 23 Nov 2026 10:00 New York (RTH), seed 7, account DU1234567. */
export interface Sim {
  gw: Gateway & { clock: ManualClock };
  sessions: IbSession[];
  connect(clientId: number, options?: ConnectOptions): Promise<IbSession>;
  close(): Promise<void>;
}

export async function startSim(version: Version, options: Partial<GatewayOptions> = {}): Promise<Sim> {
  const gw = await testGateway(options);
  const sessions: IbSession[] = [];
  return {
    gw,
    sessions,
    async connect(clientId, opts) {
      const s = await IbSession.open(gw, clientId, version, opts);
      sessions.push(s);
      return s;
    },
    async close() {
      await Promise.all(sessions.map((s) => s.close()));
      await gw.close();
    },
  };
}

// --- contracts and orders as a client writes them -------------------------------------------------

/** A contract as a client describes it; string literals instead of the library's enums. */
export function contract(fields: Omit<Contract, 'secType' | 'right'> & { secType?: 'STK' | 'FUT' | 'OPT' | 'CASH'; right?: 'C' | 'P' }): Contract {
  return fields as Contract;
}

export const AAPL = contract({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
export const AAPL_CON_ID = 265598;

export type OrderInput = Omit<Partial<Order>, 'action' | 'orderType' | 'tif'> & {
  action: 'BUY' | 'SELL';
  orderType: 'MKT' | 'LMT' | 'STP' | 'STP LMT' | 'TRAIL';
  totalQuantity: number;
  tif?: 'DAY' | 'GTC' | 'IOC' | 'FOK';
};

/** A plain order with transmit explicit (@stoqey/ib would otherwise leave it to its defaults). */
export function order(fields: OrderInput): Order {
  return { transmit: true, tif: 'DAY', ...fields } as Order;
}

export type { CommissionReport, Contract, ContractDetails, Execution, ExecutionFilter, Order, OrderState };
