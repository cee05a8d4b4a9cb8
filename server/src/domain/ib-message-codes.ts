// The one table of IB message codes: what kind of message it is, what the session does about
// it, and a sentence a user can act on. IB's own text is always kept next to it (verbatim), since
// it often names the exact setting or contract; this table adds the "so what do I do".

export type IbCodeCategory = 'connectivity' | 'order' | 'market_data' | 'pacing' | 'information' | 'request' | 'client';
export type IbSeverity = 'info' | 'warning' | 'error';

/**
 * What the session does:
 * - none: record only;
 * - degrade / restore / restore_resync: the 1100 → 1101/1102 cycle;
 * - reconnect: the socket is (or will be) gone, drop and retry with backoff;
 * - retry_later: connection refused for a reason that clears with time (326), back off;
 * - fail_request: the pending request with this id fails with the explanation;
 * - order_report: an order outcome, reported to the orders module (which decides its state);
 * - slow_down: pacing; our limiter should prevent it, so it is also a bug signal.
 */
export type IbAction = 'none' | 'degrade' | 'restore' | 'restore_resync' | 'reconnect' | 'retry_later' | 'fail_request' | 'order_report' | 'slow_down';

export interface IbCodeInfo {
  readonly code: number;
  readonly category: IbCodeCategory;
  readonly severity: IbSeverity;
  readonly action: IbAction;
  /** One or two sentences for the user. */
  readonly explanation: string;
}

type Row = [code: number, category: IbCodeCategory, severity: IbSeverity, action: IbAction, explanation: string];

/** The plain-words fixes for the two conditions that change what a session can do (see ibSessionCondition). */
const COMPETING_SESSION_FIX = 'Another login took over this IBKR session (TWS, Client Portal or the mobile app with the same username); use a dedicated API username.';
const READ_ONLY_FIX = 'The API is in Read-Only mode, so IB refuses every order: untick "Read-Only API" in TWS or IB Gateway (Configure → Settings → API → Settings).';

const ROWS: Row[] = [
  // Pacing
  [100, 'pacing', 'error', 'slow_down', 'Kairox sent IB more than 50 messages in one second and IB refused some. Kairox paces itself below that limit; if this repeats, lower the pacing rate and report it.'],
  [101, 'market_data', 'error', 'fail_request', 'The maximum number of market-data lines for this login is reached. Cancel other subscriptions or buy more lines (quote booster packs) from IBKR.'],
  [162, 'pacing', 'error', 'fail_request', 'IB refused a historical-data request: its pacing rules (the same request within 15 s, more than 60 in 10 minutes), no data for the window, or missing permissions; its reason is shown verbatim.'],
  [366, 'request', 'error', 'none', 'IB has no historical-data request with this id to cancel; it had already ended or was refused.'],
  [10314, 'request', 'error', 'fail_request', 'IB could not read the end date and time of a historical-data request; send yyyymmdd hh:mm:ss with a time zone, or yyyymmdd-hh:mm:ss in UTC.'],
  [420, 'pacing', 'error', 'fail_request', 'IB refused a market-data request because of pacing rules or missing permissions.'],
  // Requests and order ids
  [102, 'request', 'error', 'fail_request', 'A market-data request reused a ticker id that is still active. This is a Kairox bug; the request was refused.'],
  [103, 'order', 'error', 'order_report', 'IB refused an order id it has already seen (duplicate order id). Kairox takes ids from IB\'s nextValidId; the order was not placed.'],
  [104, 'order', 'error', 'order_report', 'The order is already filled and cannot be modified.'],
  [105, 'order', 'error', 'order_report', 'A modification changed something IB does not allow to change (contract or side). Cancel and place a new order instead.'],
  [110, 'order', 'error', 'order_report', 'The price is not on the contract\'s price grid (its market rule: the increment can depend on the price band and the exchange). Round the price to that increment and try again.'],
  [135, 'order', 'error', 'order_report', 'IB cannot find the order with this id (it may already be finished or belong to another client id).'],
  [161, 'order', 'warning', 'order_report', 'The order is no longer in a state that can be cancelled (it was probably filled or cancelled already).'],
  [200, 'request', 'error', 'fail_request', 'IB has no contract matching this description, or the description matches several contracts. Check the symbol, exchange, currency and, for derivatives, expiry, strike and multiplier.'],
  [201, 'order', 'error', 'order_report', 'IB rejected the order; its reason is shown verbatim. Common causes: trading permissions, precautionary settings, margin.'],
  [202, 'order', 'info', 'order_report', 'The order was cancelled.'],
  [203, 'order', 'error', 'order_report', 'This security is not available or not allowed for this account (permissions or restrictions in IBKR Account Management).'],
  [300, 'market_data', 'warning', 'fail_request', 'A market-data cancel named a subscription IB no longer has (snapshots end on their own).'],
  [309, 'market_data', 'error', 'fail_request', 'The limit of 3 simultaneous market-depth subscriptions is reached.'],
  [321, 'request', 'error', 'fail_request', `IB refused the request as invalid; its reason is shown verbatim. If it says Read-Only: ${READ_ONLY_FIX}`],
  [322, 'request', 'error', 'fail_request', 'IB could not process the request; its reason is shown verbatim (for example, too many account-summary subscriptions).'],
  [326, 'connectivity', 'error', 'retry_later', 'Another API client is already connected with this client ID (or the gateway still holds it after a crash). Kairox will retry; if it persists, stop the other program or choose another client ID.'],
  [327, 'request', 'error', 'fail_request', 'Only client ID 0 can bind orders entered manually in TWS.'],
  [354, 'market_data', 'error', 'fail_request', 'This login has no market-data subscription for the instrument. Subscribe in IBKR Account Management → Market Data Subscriptions, or allow delayed data.'],
  [399, 'order', 'warning', 'order_report', 'IB accepted the order with a warning; its text is shown verbatim.'],
  [404, 'order', 'warning', 'order_report', 'Shares for this short sale are not immediately available to borrow; the order is held until they are.'],
  [414, 'market_data', 'error', 'fail_request', 'Snapshot market data cannot be combined with generic tick types.'],
  [451, 'order', 'error', 'order_report', 'IB refused the order because of the account\'s precautionary settings (size or value limits). Adjust them in TWS: Global Configuration → Presets → Precautionary Settings.'],
  // Connectivity between the gateway and IB
  [1100, 'connectivity', 'warning', 'degrade', 'The gateway lost its connection to IB\'s servers. Orders cannot be sent until it is restored; Kairox waits and does not reconnect the API socket.'],
  [1101, 'connectivity', 'info', 'restore_resync', 'The gateway reconnected to IB but market-data subscriptions were lost; Kairox re-reads its state and resubscribes.'],
  [1102, 'connectivity', 'info', 'restore', 'The gateway reconnected to IB with all data kept.'],
  [1300, 'connectivity', 'warning', 'reconnect', 'The API socket port was changed in TWS and this connection was dropped. Update IB Gateway Host:Port to the new port.'],
  [2100, 'information', 'info', 'none', 'Notice from the gateway.'],
  [2103, 'connectivity', 'warning', 'none', 'A market-data farm connection is broken; quotes may be missing until IB restores it.'],
  [2104, 'information', 'info', 'none', 'Market-data farm connection is OK.'],
  [2105, 'connectivity', 'warning', 'none', 'A historical-data farm connection is broken.'],
  [2106, 'information', 'info', 'none', 'Historical-data farm connection is OK.'],
  [2107, 'information', 'info', 'none', 'Historical-data farm is inactive but available on demand.'],
  [2108, 'information', 'info', 'none', 'Market-data farm is inactive but available on demand.'],
  [2109, 'order', 'warning', 'order_report', 'The order\'s "outside regular trading hours" flag was ignored for this order type or exchange.'],
  [2110, 'connectivity', 'warning', 'none', 'The connection between TWS and IB\'s servers is broken; IB says it will be restored automatically.'],
  [2119, 'information', 'info', 'none', 'Market-data farm is connecting.'],
  [2137, 'order', 'warning', 'order_report', 'IB warns that this order would cross an existing order of the account on the other side.'],
  [2157, 'connectivity', 'warning', 'none', 'The security-definition farm connection is broken; contract look-ups may fail until IB restores it.'],
  [2158, 'information', 'info', 'none', 'Security-definition farm connection is OK.'],
  // Market-data permissions
  [10089, 'market_data', 'error', 'fail_request', 'This instrument needs an additional market-data subscription for API use. Subscribe in IBKR Account Management, or use delayed data.'],
  [10090, 'market_data', 'warning', 'none', 'Part of the requested market data is not subscribed; some fields will be missing.'],
  [10091, 'market_data', 'warning', 'none', 'Part of the requested market data needs an additional subscription for API use.'],
  [10167, 'market_data', 'warning', 'none', 'No live market-data subscription: IB is showing delayed data instead.'],
  [10168, 'market_data', 'error', 'fail_request', 'No live market-data subscription and delayed data is not enabled for API use.'],
  [10197, 'market_data', 'warning', 'none', COMPETING_SESSION_FIX],
  // Cancels and presets
  [10147, 'order', 'warning', 'order_report', 'The order to cancel was not found at IB (already finished, or never reached IB).'],
  [10148, 'order', 'warning', 'order_report', 'The order can no longer be cancelled; its final state is shown.'],
  [10349, 'order', 'warning', 'order_report', 'An order preset in TWS changed the order\'s time in force. Check Global Configuration → Presets.'],
  // Raised inside the client library, never sent by a gateway
  [501, 'client', 'error', 'none', 'The API client was already connected.'],
  [502, 'connectivity', 'error', 'reconnect', 'Nothing is listening at this address. Is TWS or IB Gateway running, with Enable ActiveX and Socket Clients ticked? Paper TWS listens on 7497, live on 7496; IB Gateway on 4002 and 4001.'],
  [503, 'connectivity', 'error', 'reconnect', 'TWS or IB Gateway is too old for the API; update it.'],
  [504, 'connectivity', 'error', 'reconnect', 'Not connected to the gateway.'],
  [505, 'client', 'error', 'none', 'A message from the gateway could not be decoded; it was skipped.'],
  [507, 'connectivity', 'error', 'reconnect', 'The gateway sent a malformed message length; the connection was dropped.'],
  [509, 'connectivity', 'error', 'reconnect', 'The connection failed with an exception.'],
  [520, 'client', 'error', 'none', 'The client library could not decode a message (unknown id); it was skipped.'],
];

export const IB_MESSAGE_CODES: ReadonlyMap<number, IbCodeInfo> = new Map(
  ROWS.map(([code, category, severity, action, explanation]) => [code, Object.freeze({ code, category, severity, action, explanation })]),
);

/** The table row for `code`, or a classification by IB's ranges for codes not listed. */
export function ibCodeInfo(code: number): IbCodeInfo {
  const known = IB_MESSAGE_CODES.get(code);
  if (known) return known;
  if (code >= 2100 && code < 2200) return { code, category: 'information', severity: 'warning', action: 'none', explanation: 'Warning from the gateway; its text is shown verbatim.' };
  if (code >= 500 && code < 600) return { code, category: 'client', severity: 'error', action: 'none', explanation: 'The client library reported a problem; its text is shown verbatim.' };
  return { code, category: 'request', severity: 'error', action: 'fail_request', explanation: 'IB reported an error; its text is shown verbatim.' };
}

/** Codes whose arrival with id -1 is about the connection as a whole. */
export function isConnectivityCode(code: number): boolean {
  return ibCodeInfo(code).category === 'connectivity';
}

/**
 * Conditions IB reports once and that hold until something changes: another login took over the
 * session (10197), or the API is in Read-Only mode (321 whose text says so). The session shows
 * each as a warning with its fix; read-only also means it cannot trade.
 */
export type IbSessionCondition = 'competing_session' | 'read_only';

export interface IbSessionConditionInfo {
  readonly condition: IbSessionCondition;
  readonly code: number;
  /** The warning shown while it holds: what happened and what to change. */
  readonly warning: string;
  /** Said on the timeline when it stops holding. */
  readonly cleared: string;
  /** True when no order can succeed while it holds. */
  readonly blocksTrading: boolean;
}

export const IB_SESSION_CONDITIONS: Readonly<Record<IbSessionCondition, IbSessionConditionInfo>> = {
  competing_session: {
    condition: 'competing_session', code: 10197, warning: COMPETING_SESSION_FIX, blocksTrading: false,
    // IB never says when the other login leaves; it sends 10197 again on a new connection if it is still there.
    cleared: 'A new connection to the gateway started; IB sends 10197 again if the other login is still active.',
  },
  read_only: {
    condition: 'read_only', code: 321, warning: READ_ONLY_FIX, blocksTrading: true,
    cleared: 'The API is no longer in Read-Only mode: orders can be sent again.',
  },
};

/** The condition an IB message reports, if any. 321 is also IB's generic "invalid request": only its read-only text counts. */
export function ibSessionCondition(code: number, message: string): IbSessionConditionInfo | undefined {
  if (code === 10197) return IB_SESSION_CONDITIONS.competing_session;
  if (code === 321 && /read-only/i.test(message)) return IB_SESSION_CONDITIONS.read_only;
  return undefined;
}

/**
 * IB's refusals of a market-data request that mean "this login may not see this instrument's
 * prices" (354, 10089, 10168, 10197, and 10167 when delayed data was not allowed): what is missing,
 * in plain words, and whether delayed data would be served instead.
 */
export interface MarketDataRefusal {
  readonly code: number;
  /** What is missing, naming the instrument (and the market-data line when IB names it). */
  readonly missing: string;
  /** What the user can do about it. */
  readonly fix: string;
  /** IB would show delayed data for it (allowing delayed data would give a price). */
  readonly delayedAvailable: boolean;
}

const SUBSCRIPTIONS_PAGE = 'IBKR Account Management (Settings → Market Data Subscriptions)';

/** 10089's text ends with the market-data line it needs, e.g. "…Delayed market data is available.SAP IBIS/TOP/ALL". */
function namedLine(ibMessage: string): string | undefined {
  const tail = /available\.\s*(\S.*\/TOP\/\S*)\s*$/.exec(ibMessage)?.[1];
  return tail && /^[\x20-\x7e]{1,80}$/.test(tail) ? tail : undefined;
}

/** For a market-data request that IB refused (or answered with delayed data only): what is missing. Undefined for any other code. */
export function marketDataRefusal(code: number, ibMessage: string, instrument: string): MarketDataRefusal | undefined {
  switch (code) {
    case 354:
      return { code, missing: `This login has no market-data subscription that covers ${instrument}, live or delayed.`, fix: `Subscribe to its exchange's data in ${SUBSCRIPTIONS_PAGE}.`, delayedAvailable: false };
    case 10089: {
      const line = namedLine(ibMessage);
      return {
        code, delayedAvailable: true,
        missing: `${instrument} needs an additional market-data subscription for API use${line ? ` (IB names the line: ${line})` : ''}.`,
        fix: `Add that subscription in ${SUBSCRIPTIONS_PAGE}, or allow delayed data for it in the connection's risk policy.`,
      };
    }
    case 10167:
      return { code, missing: `This login has no live market-data subscription for ${instrument}; IB offers delayed data only.`, fix: `Allow delayed data for it in the connection's risk policy, or subscribe to its exchange's data in ${SUBSCRIPTIONS_PAGE} for live prices.`, delayedAvailable: true };
    case 10168:
      return { code, missing: `This login has no live market-data subscription for ${instrument}, and delayed data is not enabled for API use.`, fix: `Subscribe to its exchange's data in ${SUBSCRIPTIONS_PAGE}, or enable delayed data for the API there.`, delayedAvailable: false };
    case 10197:
      return { code, missing: `IB sends no market data for ${instrument} while another login holds the live session.`, fix: COMPETING_SESSION_FIX, delayedAvailable: false };
    default:
      return undefined;
  }
}
