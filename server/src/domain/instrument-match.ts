// Which approved instrument a signal means. A signal names its instrument by conId, or by symbol
// with secType / exchange / currency to tell listings apart (SHOP trades in USD and in CAD); only
// instruments the workspace approved on that connection can match. Pure.
import type { ApprovedInstrument, SecType } from './trading.ts';

/** How a signal names its instrument. */
export type InstrumentRef =
  | { conId: number }
  | { symbol: string; secType?: SecType; exchange?: string; currency?: string };

export type InstrumentMatchCode = 'instrument_not_qualified' | 'instrument_ambiguous';

export type InstrumentMatch<T extends ApprovedInstrument = ApprovedInstrument> =
  | { ok: true; instrument: T }
  | {
      ok: false;
      code: InstrumentMatchCode;
      /** Says how to approve it (not qualified) or how to name one (ambiguous). */
      message: string;
      /** Ambiguous: the approved instruments the reference fits. */
      candidates?: Array<Pick<ApprovedInstrument, 'id' | 'conId' | 'symbol' | 'secType' | 'exchange' | 'primaryExchange' | 'currency' | 'localSymbol'>>;
    };

const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toUpperCase() === b.toUpperCase();

function fits(i: ApprovedInstrument, ref: Exclude<InstrumentRef, { conId: number }>): boolean {
  if (!same(i.symbol, ref.symbol) && !same(i.localSymbol, ref.symbol)) return false;
  if (ref.secType !== undefined && i.secType !== ref.secType) return false;
  // NASDAQ:AAPL names the listing; SMART is where it is routed. Either fits.
  if (ref.exchange !== undefined && !same(i.exchange, ref.exchange) && !same(i.primaryExchange, ref.exchange)) return false;
  if (ref.currency !== undefined && !same(i.currency, ref.currency)) return false;
  return true;
}

function describe(ref: InstrumentRef): string {
  if ('conId' in ref) return `conId ${ref.conId}`;
  return [ref.symbol, ref.secType, ref.exchange, ref.currency].filter(Boolean).join(' ');
}

function howToApprove(ref: InstrumentRef, connectionId: string): string {
  const approve = `POST /api/instruments {"connectionId":"${connectionId}","conId":…}`;
  if ('conId' in ref) return `approve it with POST /api/instruments {"connectionId":"${connectionId}","conId":${ref.conId}}`;
  const search = JSON.stringify({ symbol: ref.symbol, secType: ref.secType ?? 'STK', ...(ref.exchange && { exchange: ref.exchange }), ...(ref.currency && { currency: ref.currency }) });
  return `find its conId with POST /api/connections/${connectionId}/instruments/search ${search}, then approve it with ${approve}`;
}

/** `approved`: the connection's active (not revoked) instruments. */
export function matchApproved<T extends ApprovedInstrument>(approved: readonly T[], ref: InstrumentRef, connectionId: string): InstrumentMatch<T> {
  const found = 'conId' in ref ? approved.filter((i) => i.conId === ref.conId) : approved.filter((i) => fits(i, ref));
  const [only] = found;
  if (found.length === 1 && only) return { ok: true, instrument: only };
  if (found.length === 0) {
    return {
      ok: false, code: 'instrument_not_qualified',
      message: `${describe(ref)} is not an approved instrument of connection ${connectionId}: Kairox automates only contracts the workspace approved; ${howToApprove(ref, connectionId)}.`,
    };
  }
  return {
    ok: false, code: 'instrument_ambiguous',
    message: `${describe(ref)} fits ${found.length} approved instruments of connection ${connectionId} (${found.map((i) => `conId ${i.conId}: ${i.localSymbol ?? i.symbol} ${i.secType} ${i.primaryExchange ?? i.exchange} ${i.currency}`).join('; ')}); name the conId, or add the currency, exchange or secType that tells them apart.`,
    candidates: found.map((i) => ({ id: i.id, conId: i.conId, symbol: i.symbol, secType: i.secType, exchange: i.exchange, primaryExchange: i.primaryExchange, currency: i.currency, localSymbol: i.localSymbol })),
  };
}
