// Contract resolution: a client's contract description → the catalogue entries it can mean.
import type { ContractQuery, Instrument } from './types.ts';

export interface ResolveIndex {
  list: readonly Instrument[];
  byConId: ReadonlyMap<number, Instrument>;
  bySymbol: ReadonlyMap<string, Instrument[]>;
}

/** TWS "unset": absent, empty, 0 or `?`. */
const given = (s: string | undefined): s is string => s !== undefined && s !== '' && s !== '?';
const upper = (s: string): string => s.trim().toUpperCase();
/** NASDAQ listings are called ISLAND by older clients. */
const primaryAlias = (s: string): string => (s === 'ISLAND' ? 'NASDAQ' : s);

function normalRight(r: string): string {
  const u = upper(r);
  return u === 'CALL' ? 'C' : u === 'PUT' ? 'P' : u;
}

function matches(i: Instrument, q: ContractQuery): boolean {
  if (given(q.secType) && upper(q.secType) !== i.secType) return false;
  if (given(q.exchange) && !i.validExchanges.includes(upper(q.exchange))) return false;
  if (given(q.primaryExchange) && primaryAlias(upper(q.primaryExchange)) !== i.primaryExchange) return false;
  if (given(q.currency) && upper(q.currency) !== i.currency) return false;
  if (given(q.localSymbol) && upper(q.localSymbol).replace(/\s+/g, ' ') !== i.localSymbol.toUpperCase().replace(/\s+/g, ' ')) return false;
  if (given(q.tradingClass) && upper(q.tradingClass) !== i.tradingClass.toUpperCase()) return false;
  if (given(q.multiplier) && Number(q.multiplier) !== Number(i.multiplier || '1')) return false;
  if (q.strike !== undefined && q.strike !== 0 && Math.abs(q.strike - i.strike) > 1e-9) return false;
  if (given(q.right) && normalRight(q.right) !== i.right) return false;
  if (given(q.lastTradeDateOrContractMonth)) {
    // YYYYMM names the contract month (CL's January contract stops trading in December); YYYYMMDD the last trade date.
    const d = q.lastTradeDateOrContractMonth.trim().slice(0, 8);
    if (d.length === 6 ? d !== i.contractMonth : d !== i.lastTradeDateOrContractMonth) return false;
  }
  return true;
}

export function resolveQuery(q: ContractQuery, index: ResolveIndex): Instrument[] {
  if (q.conId !== undefined && q.conId > 0) {
    const i = index.byConId.get(q.conId);
    // With a conId, TWS ignores the description except for a contradicting exchange.
    if (i === undefined || (given(q.exchange) && !i.validExchanges.includes(upper(q.exchange)))) return [];
    return [i];
  }
  if (given(q.secIdType) && given(q.secId)) {
    const tag = upper(q.secIdType);
    const value = upper(q.secId);
    return index.list.filter((i) => i.secIds.some((s) => s.tag === tag && s.value === value) && matches(i, { ...q, symbol: '' }));
  }
  if (given(q.symbol)) return (index.bySymbol.get(upper(q.symbol)) ?? []).filter((i) => matches(i, q));
  if (given(q.localSymbol)) return index.list.filter((i) => matches(i, q));
  return [];
}

/** reqMatchingSymbols: stock listings by symbol prefix first, then by words of the name; at most 16. */
export function searchSymbols(pattern: string, list: readonly Instrument[], limit = 16): Instrument[] {
  const p = upper(pattern);
  if (p === '') return [];
  const stocks = list.filter((i) => i.secType === 'STK');
  const exact = stocks.filter((i) => i.symbol === p);
  const prefix = stocks.filter((i) => i.symbol !== p && i.symbol.startsWith(p)).sort((a, b) => a.symbol.localeCompare(b.symbol));
  const byName = stocks.filter((i) => !i.symbol.startsWith(p) && i.longName.toUpperCase().split(/[^A-Z0-9&]+/).some((w) => w.startsWith(p)));
  return [...exact, ...prefix, ...byName].slice(0, limit);
}
