// The instrument catalogue: built from the shipped data (catalogue-data.ts) for a simulation date,
// validated on load, indexed by conId and symbol for contract resolution.
import { FUTURES, FX, OPTION_CHAINS, STOCKS } from './catalogue-data.ts';
import type { FutureRoot, OptionChainRow, StockRow } from './catalogue-data.ts';
import { ianaZone, localTime, yyyymmdd } from './hours.ts';
import { MARKET_RULES, RULE, futureRuleFor, fxRuleFor, optionRuleFor } from './market-rules.ts';
import { hashString } from './prng.ts';
import { resolveQuery, searchSymbols } from './resolve.ts';
import type { ContractQuery, Instrument, SessionRule } from './types.ts';

export interface Catalogue {
  readonly instruments: readonly Instrument[];
  byConId(conId: number): Instrument | undefined;
  /** All instruments matching the query (0 = unknown → 200, >1 = ambiguous). */
  resolve(query: ContractQuery): Instrument[];
  matchingSymbols(pattern: string): Instrument[];
  derivativeSecTypes(conId: number): string[];
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const US_STOCK_TRADING: SessionRule = { open: '0400', close: '2000', overnight: false, days: WEEKDAYS };
const US_STOCK_LIQUID: SessionRule = { open: '0930', close: '1600', overnight: false, days: WEEKDAYS };
const TSX_SESSION: SessionRule = { open: '0930', close: '1600', overnight: false, days: WEEKDAYS };
const XETRA_SESSION: SessionRule = { open: '0900', close: '1730', overnight: false, days: WEEKDAYS };
const GLOBEX_TRADING: SessionRule = { open: '1700', close: '1600', overnight: true, days: WEEKDAYS };
const GLOBEX_LIQUID: SessionRule = { open: '0830', close: '1500', overnight: false, days: WEEKDAYS };
const IDEALPRO_SESSION: SessionRule = { open: '1715', close: '1700', overnight: true, days: WEEKDAYS };

const STOCK_ORDER_TYPES = ['ACTIVETIM', 'AD', 'ADJUST', 'ALERT', 'ALLOC', 'AVGCOST', 'BASKET', 'COND', 'CONDORDER', 'DAY', 'DEACT', 'DEACTDIS', 'GAT', 'GTC', 'GTD', 'GTT', 'HID', 'IOC', 'LIT', 'LMT', 'MIT', 'MKT', 'NONALGO', 'OCA', 'POSTONLY', 'STP', 'STPLMT', 'TRAIL', 'TRAILLIT', 'TRAILLMT', 'TRAILMIT', 'WHATIF'];
const FUT_ORDER_TYPES = ['ACTIVETIM', 'AD', 'ADJUST', 'ALERT', 'ALLOC', 'DAY', 'GAT', 'GTC', 'GTD', 'IOC', 'LIT', 'LMT', 'MIT', 'MKT', 'OCA', 'STP', 'STPLMT', 'TRAIL', 'TRAILLMT', 'WHATIF'];
const US_EXCHANGES = ['SMART', 'AMEX', 'NYSE', 'CBOE', 'PHLX', 'ISE', 'CHX', 'ARCA', 'ISLAND', 'DRCTEDGE', 'BEX', 'BATS', 'EDGEA', 'BYX', 'IEX', 'MEMX', 'PEARL', 'NYSENAT', 'LTSE', 'TPLUS1', 'IBEOS', 'OVERNIGHT'];
const OPT_EXCHANGES = ['SMART', 'AMEX', 'CBOE', 'PHLX', 'PSE', 'ISE', 'BOX', 'BATS', 'NASDAQOM', 'CBOE2', 'NASDAQBX', 'MIAX', 'GEMINI', 'EDGX', 'MERCURY', 'PEARL', 'EMERALD', 'MEMX', 'IBUSOPT'];

const base = {
  lastTradeDateOrContractMonth: '',
  lastTradeTime: '',
  contractMonth: '',
  strike: 0,
  right: '' as const,
  multiplier: '',
  priceMagnifier: 1,
  underConId: 0,
  underSymbol: '',
  underSecType: '',
  aggGroup: 1,
  realExpirationDate: '',
};

function stock(row: StockRow): Instrument {
  const venue = row.venue ?? 'US';
  const exchanges = venue === 'US' ? US_EXCHANGES : venue === 'TSX' ? ['SMART', 'TSE', 'ALPHA', 'OMEGA', 'CHIXCA', 'PURE'] : ['SMART', 'IBIS', 'GETTEX', 'TGATE', 'SWB', 'FWB'];
  return {
    ...base,
    conId: row.conId,
    symbol: row.symbol,
    secType: 'STK',
    exchange: 'SMART',
    primaryExchange: row.primaryExchange,
    currency: row.currency ?? 'USD',
    localSymbol: row.symbol,
    tradingClass: venue === 'US' ? (row.primaryExchange === 'NASDAQ' ? 'NMS' : row.symbol) : row.symbol,
    marketName: venue === 'US' ? (row.primaryExchange === 'NASDAQ' ? 'NMS' : row.symbol) : row.symbol,
    minTick: 0.01,
    longName: row.longName,
    industry: row.industry,
    category: row.category,
    subcategory: row.subcategory,
    timeZoneId: venue === 'US' ? 'US/Eastern' : venue === 'TSX' ? 'America/Toronto' : 'MET',
    validExchanges: exchanges,
    orderTypes: STOCK_ORDER_TYPES,
    secIds: [{ tag: 'ISIN', value: row.isin }],
    stockType: row.stockType,
    minSize: '0.0001',
    sizeIncrement: '0.0001',
    suggestedSizeIncrement: '100',
    marketRuleIds: exchanges.map(() => (venue === 'US' ? RULE.usStock : venue === 'TSX' ? RULE.tsxStock : RULE.ibisStock)).join(','),
    marketData: row.marketData ?? 'realtime',
    tradingSession: venue === 'US' ? US_STOCK_TRADING : venue === 'TSX' ? TSX_SESSION : XETRA_SESSION,
    liquidSession: venue === 'US' ? US_STOCK_LIQUID : venue === 'TSX' ? TSX_SESSION : XETRA_SESSION,
    refPrice: row.refPrice,
    volatility: row.volatility ?? 0.3,
  };
}

const MONTH_CODES = 'FGHJKMNQUVXZ';

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function dateAdd(d: Ymd, days: number): Ymd & { weekday: number } {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), weekday: t.getUTCDay() };
}

function thirdFriday(year: number, month: number): Ymd {
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const firstFriday = 1 + ((5 - firstWeekday + 7) % 7);
  return { year, month, day: firstFriday + 14 };
}

/** CL-style: three business days before the 25th of the month before the contract month (earlier if the 25th is not a business day). */
function energyLastTrade(year: number, month: number): Ymd {
  let d = dateAdd({ year, month, day: 1 }, -1); // last day of the previous month
  d = dateAdd({ year: d.year, month: d.month, day: 25 }, 0);
  while (d.weekday === 0 || d.weekday === 6) d = dateAdd(d, -1);
  let n = 3;
  while (n > 0) {
    d = dateAdd(d, -1);
    if (d.weekday !== 0 && d.weekday !== 6) n--;
  }
  return d;
}

const cmp = (a: Ymd, b: Ymd): number => (a.year - b.year) * 10_000 + (a.month - b.month) * 100 + (a.day - b.day);

/** A stable conId in [lo, lo+span) derived from a name, so futures/options keep their ids across runs. */
function derivedConId(name: string, lo: number, span: number): number {
  return lo + (hashString(name) % span);
}

function futures(root: FutureRoot, today: Ymd): Instrument[] {
  const out: Instrument[] = [];
  let year = today.year;
  let month = today.month;
  for (let guard = 0; out.length < root.count && guard < 48; guard++) {
    const listed = root.cycle === 'monthly' || month % 3 === 0;
    if (listed) {
      const last = root.cycle === 'quarterly' ? thirdFriday(year, month) : energyLastTrade(year, month);
      if (cmp(last, today) >= 0) {
        const localSymbol = `${root.symbol}${MONTH_CODES[month - 1]}${year % 10}`;
        const ymd = yyyymmdd(last);
        out.push({
          ...base,
          conId: derivedConId(`FUT:${root.exchange}:${root.symbol}:${year}${month}`, 500_000_000, 200_000_000),
          symbol: root.symbol,
          secType: 'FUT',
          lastTradeDateOrContractMonth: ymd,
          lastTradeTime: root.lastTradeTime,
          contractMonth: `${year}${String(month).padStart(2, '0')}`,
          realExpirationDate: ymd,
          multiplier: String(root.multiplier),
          exchange: root.exchange,
          primaryExchange: '',
          currency: 'USD',
          localSymbol,
          tradingClass: root.symbol,
          marketName: root.symbol,
          minTick: root.minTick,
          longName: root.longName,
          industry: '',
          category: '',
          subcategory: '',
          timeZoneId: 'US/Central',
          validExchanges: [root.exchange, 'QBALGO'],
          orderTypes: FUT_ORDER_TYPES,
          secIds: [],
          stockType: '',
          minSize: '1',
          sizeIncrement: '1',
          suggestedSizeIncrement: '1',
          marketRuleIds: [root.exchange, 'QBALGO'].map(() => futureRuleFor(root.minTick)).join(','),
          underSymbol: root.symbol,
          underSecType: 'IND',
          marketData: root.marketData ?? 'realtime',
          tradingSession: GLOBEX_TRADING,
          liquidSession: GLOBEX_LIQUID,
          refPrice: root.refPrice,
          volatility: root.volatility,
        });
      }
    }
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return out;
}

function fx(row: (typeof FX)[number]): Instrument {
  const pair = `${row.base}.${row.quote}`;
  return {
    ...base,
    conId: row.conId,
    symbol: row.base,
    secType: 'CASH',
    exchange: 'IDEALPRO',
    primaryExchange: '',
    currency: row.quote,
    localSymbol: pair,
    tradingClass: pair,
    marketName: pair,
    minTick: row.minTick,
    longName: row.longName,
    industry: '',
    category: '',
    subcategory: '',
    timeZoneId: 'US/Eastern',
    validExchanges: ['IDEALPRO'],
    orderTypes: ['ACTIVETIM', 'AD', 'ADJUST', 'ALERT', 'ALLOC', 'AVGCOST', 'CASHQTY', 'DAY', 'GTC', 'GTD', 'IOC', 'LMT', 'MKT', 'OCA', 'STP', 'STPLMT', 'TRAIL', 'WHATIF'],
    secIds: [],
    stockType: '',
    minSize: '1',
    sizeIncrement: '1',
    suggestedSizeIncrement: '1',
    marketRuleIds: String(fxRuleFor(row.quote)),
    marketData: 'realtime',
    tradingSession: IDEALPRO_SESSION,
    liquidSession: IDEALPRO_SESSION,
    refPrice: row.refPrice,
    volatility: 0.08,
  };
}

function optionExpiries(row: OptionChainRow, today: Ymd): Ymd[] {
  const set = new Map<string, Ymd>();
  let d = dateAdd(today, 0);
  while (d.weekday !== 5) d = dateAdd(d, 1);
  for (let i = 0; i < row.weeklies; i++) {
    const w = dateAdd(d, 7 * i);
    set.set(yyyymmdd(w), { year: w.year, month: w.month, day: w.day });
  }
  let year = today.year;
  let month = today.month;
  let monthlies = 0;
  while (monthlies < row.monthlies) {
    const tf = thirdFriday(year, month);
    if (cmp(tf, today) >= 0 && !set.has(yyyymmdd(tf))) {
      set.set(yyyymmdd(tf), tf);
      monthlies++;
    }
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return [...set.values()].sort(cmp);
}

function options(row: OptionChainRow, under: Instrument, today: Ymd): Instrument[] {
  const out: Instrument[] = [];
  const atm = Math.round(under.refPrice / row.strikeStep) * row.strikeStep;
  for (const exp of optionExpiries(row, today)) {
    const ymd = yyyymmdd(exp);
    for (let i = -row.strikesEachSide; i <= row.strikesEachSide; i++) {
      const strike = atm + i * row.strikeStep;
      if (strike <= 0) continue;
      for (const right of ['C', 'P'] as const) {
        const occ = `${under.symbol.padEnd(6, ' ')}${ymd.slice(2)}${right}${String(Math.round(strike * 1000)).padStart(8, '0')}`;
        out.push({
          ...base,
          conId: derivedConId(`OPT:${occ}`, 700_000_000, 300_000_000),
          symbol: under.symbol,
          secType: 'OPT',
          lastTradeDateOrContractMonth: ymd,
          lastTradeTime: '16:00',
          contractMonth: ymd.slice(0, 6),
          realExpirationDate: ymd,
          strike,
          right,
          multiplier: '100',
          exchange: 'SMART',
          primaryExchange: '',
          currency: 'USD',
          localSymbol: occ,
          tradingClass: under.symbol,
          marketName: under.symbol,
          minTick: 0.01,
          underConId: under.conId,
          underSymbol: under.symbol,
          underSecType: 'STK',
          longName: under.longName,
          industry: under.industry,
          category: under.category,
          subcategory: under.subcategory,
          timeZoneId: 'US/Eastern',
          validExchanges: OPT_EXCHANGES,
          orderTypes: STOCK_ORDER_TYPES,
          secIds: [],
          stockType: '',
          minSize: '1',
          sizeIncrement: '1',
          suggestedSizeIncrement: '1',
          marketRuleIds: OPT_EXCHANGES.map(optionRuleFor).join(','),
          marketData: 'realtime',
          tradingSession: US_STOCK_LIQUID,
          liquidSession: US_STOCK_LIQUID,
          refPrice: under.refPrice,
          volatility: under.volatility,
        });
      }
    }
  }
  return out;
}

/** Builds the shipped catalogue for the simulation date at `asOfMs` (US/Eastern calendar date). */
export function buildCatalogue(asOfMs: number): Catalogue {
  const t = localTime('America/New_York', asOfMs);
  const today: Ymd = { year: t.year, month: t.month, day: t.day };
  const stocks = STOCKS.map(stock);
  const list: Instrument[] = [...stocks, ...FUTURES.flatMap((f) => futures(f, today)), ...FX.map(fx)];
  for (const chain of OPTION_CHAINS) {
    const under = stocks.find((s) => s.symbol === chain.underlying && s.currency === 'USD');
    if (under === undefined) throw new CatalogueError([`option chain on unknown underlying ${chain.underlying}`]);
    list.push(...options(chain, under, today));
  }
  return catalogueFrom(list);
}

/**
 * One session a day from midnight to midnight, every day: spelled like IB's overnight sessions
 * (`20261122:0000-20261123:0000`), so contract details say honestly that the market never closes.
 */
const ROUND_THE_CLOCK: SessionRule = { open: '0000', close: '0000', overnight: true, days: [0, 1, 2, 3, 4, 5, 6] };

/** The same instruments trading around the clock: demos and hand checks fill market orders at any hour. */
export function roundTheClock(catalogue: Catalogue): Catalogue {
  return catalogueFrom(catalogue.instruments.map((i) => ({ ...i, tradingSession: ROUND_THE_CLOCK, liquidSession: ROUND_THE_CLOCK })));
}

export class CatalogueError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid instrument catalogue: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (+${problems.length - 10} more)` : ''}`);
    this.name = 'CatalogueError';
  }
}

/** ISIN check digit (Luhn over the letters-as-numbers expansion). */
export function isinValid(isin: string): boolean {
  if (!/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/.test(isin)) return false;
  const digits = [...isin.slice(0, 11)].map((c) => (c >= '0' && c <= '9' ? c : String(c.charCodeAt(0) - 55))).join('');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return (10 - (sum % 10)) % 10 === Number(isin[11]);
}

const HHMM = /^([01]\d|2[0-3])[0-5]\d$/;

/** Every problem with the instrument list, empty when it is valid. */
export function validateInstruments(list: readonly Instrument[]): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  const keys = new Set<string>();
  for (const i of list) {
    const name = `${i.secType} ${i.localSymbol || i.symbol} (${i.conId})`;
    if (!Number.isInteger(i.conId) || i.conId <= 0 || i.conId > 2_147_483_647) problems.push(`${name}: conId must be a positive int32`);
    if (seen.has(i.conId)) problems.push(`${name}: duplicate conId`);
    seen.add(i.conId);
    const key = `${i.secType}|${i.localSymbol}|${i.exchange}|${i.currency}|${i.primaryExchange}`;
    if (keys.has(key)) problems.push(`${name}: duplicate listing ${key}`);
    keys.add(key);
    if (!(i.minTick > 0)) problems.push(`${name}: minTick must be > 0`);
    if (!(i.refPrice > 0)) problems.push(`${name}: refPrice must be > 0`);
    if (!/^[A-Z]{3}$/.test(i.currency)) problems.push(`${name}: currency must be a 3-letter code`);
    if (i.symbol === '' || i.localSymbol === '') problems.push(`${name}: symbol and localSymbol are required`);
    if (!i.validExchanges.includes(i.exchange)) problems.push(`${name}: exchange ${i.exchange} not among validExchanges`);
    const ruleIds = i.marketRuleIds.split(',');
    if (ruleIds.length !== i.validExchanges.length) problems.push(`${name}: one market rule id per valid exchange`);
    for (const id of ruleIds) if (!MARKET_RULES.has(Number(id))) problems.push(`${name}: market rule ${id} is not defined`);
    for (const s of i.secIds) if (s.tag === 'ISIN' && !isinValid(s.value)) problems.push(`${name}: ISIN ${s.value} has a bad check digit`);
    try {
      ianaZone(i.timeZoneId);
    } catch {
      problems.push(`${name}: unknown time zone ${i.timeZoneId}`);
    }
    for (const rule of [i.tradingSession, i.liquidSession]) {
      if (!HHMM.test(rule.open) || !HHMM.test(rule.close)) problems.push(`${name}: session times must be HHmm`);
      if (rule.days.length === 0) problems.push(`${name}: session has no days`);
    }
    if (i.secType === 'FUT' || i.secType === 'OPT') {
      if (!(Number(i.multiplier) > 0)) problems.push(`${name}: derivatives need a multiplier`);
      if (!/^\d{8}$/.test(i.lastTradeDateOrContractMonth)) problems.push(`${name}: derivatives need a YYYYMMDD last trade date`);
    }
    if (i.secType === 'OPT') {
      if (i.right !== 'C' && i.right !== 'P') problems.push(`${name}: option right must be C or P`);
      if (!(i.strike > 0)) problems.push(`${name}: option strike must be > 0`);
      if (!seen.has(i.underConId) && !list.some((u) => u.conId === i.underConId)) problems.push(`${name}: unknown underlying ${i.underConId}`);
    }
  }
  return problems;
}

/** Validates and indexes an instrument list (the shipped one or a test's own). */
export function catalogueFrom(list: readonly Instrument[]): Catalogue {
  const problems = validateInstruments(list);
  if (problems.length > 0) throw new CatalogueError(problems);
  const byConId = new Map(list.map((i) => [i.conId, i] as const));
  const bySymbol = new Map<string, Instrument[]>();
  for (const i of list) {
    const k = i.symbol.toUpperCase();
    const arr = bySymbol.get(k) ?? [];
    arr.push(i);
    bySymbol.set(k, arr);
  }
  const derivatives = new Map<number, Set<string>>();
  for (const i of list) {
    if (i.underConId === 0) continue;
    const s = derivatives.get(i.underConId) ?? new Set<string>();
    s.add(i.secType);
    derivatives.set(i.underConId, s);
  }
  return {
    instruments: list,
    byConId: (conId) => byConId.get(conId),
    resolve: (query) => resolveQuery(query, { list, byConId, bySymbol }),
    matchingSymbols: (pattern) => searchSymbols(pattern, list),
    derivativeSecTypes: (conId) => [...(derivatives.get(conId) ?? [])],
  };
}
