// The one table of error codes the simulator sends, with TWS's canonical texts
// (tws-protocol.md §6.11, §6.12). Texts that take a detail end where the detail goes.
// 5xx codes are client-internal and deliberately absent: a server never sends them.

export const ERROR_CODES = {
  100: 'Max rate of messages per second has been exceeded:',
  102: 'Duplicate ticker ID.',
  103: 'Duplicate order id',
  104: "Can't modify a filled order.",
  105: 'Order being modified does not match original order.',
  110: 'The price does not conform to the minimum price variation for this contract.',
  135: "Can't find order with ID =",
  161: 'Cancel attempted when order is not in a cancellable state. Order permId =',
  162: 'Historical Market Data Service error message:',
  200: 'No security definition has been found for the request',
  201: 'Order rejected - reason:',
  202: 'Order Canceled - reason:',
  203: 'The security is not available or allowed for this account.',
  300: "Can't find EId with tickerId:",
  321: 'Error validating request.-',
  322: 'Error processing request.-',
  326: 'Unable to connect as the client id is already in use. Retry with a unique client id.',
  327: 'Only API connections with clientId set to 0 can set the auto bind TWS orders property.',
  354: 'Requested market data is not subscribed. Check API status by selecting the Account menu then under Management choose Market Data Subscription Manager and/or availability of delayed data.',
  366: 'No historical data query found for ticker id:',
  1100: 'Connectivity between IB and Trader Workstation has been lost.',
  1101: 'Connectivity between IB and Trader Workstation has been restored - data lost.',
  1102: 'Connectivity between IB and Trader Workstation has been restored - data maintained.',
  /** Simulator-specific notice in the informational 2xxx range (live-mode reminder). */
  2100: 'This is a SIMULATED IB Gateway (Kairox gateway-sim) in live-account mode: no order reaches Interactive Brokers.',
  2104: 'Market data farm connection is OK:',
  2106: 'HMDS data farm connection is OK:',
  2158: 'Sec-def data farm connection is OK:',
  10089: "Requested market data requires additional subscription for API. See link in 'Market Data Connections' dialog for more details.Delayed market data is available.",
  10147: 'OrderId {id} that needs to be cancelled is not found.',
  10148: 'OrderId {id} that needs to be cancelled can not be cancelled, state: {state}.',
  10167: 'Requested market data is not subscribed. Displaying delayed market data.',
  10168: 'Requested market data is not subscribed. Delayed market data is not enabled',
  10197: 'No market data during competing live session',
  10314: 'End Date/Time: The date, time, or time-zone entered is invalid. The correct format is yyyymmdd hh:mm:ss xx/xxxx where yyyymmdd and xx/xxxx are optional. E.g.: 20031126 15:59:00 US/Eastern  Note that there is a space between the date and time, and between the time and time-zone.  If no date is specified, current date is assumed. If no time-zone is specified, local time-zone is assumed(deprecated).  You can also provide yyyymmddd-hh:mm:ss time is in UTC. Note that there is a dash between the date and time in UTC notation.',
} as const satisfies Record<number, string>;

export type SimErrorCode = keyof typeof ERROR_CODES;

/** Canonical text, with `{name}` placeholders filled and `detail` appended after it. */
export function errorText(code: SimErrorCode, detail = '', params: Record<string, string | number> = {}): string {
  const base = ERROR_CODES[code].replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? ''));
  return base + detail;
}

/** `Max rate of messages per second has been exceeded:max=50 rec=<n> (<k>)`. */
export function pacingText(max: number, received: number, violation: number): string {
  return errorText(100, `max=${max} rec=${received} (${violation})`);
}

/** 321 in TWS's shape: `Error validating request.-'bN' : cause - <cause>`. */
export function validationText(cause: string, tag = 'bN'): string {
  return errorText(321, `'${tag}' : cause - ${cause}`);
}

export const READ_ONLY_CAUSE = 'The API interface is currently in Read-Only mode.';
