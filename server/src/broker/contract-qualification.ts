// Turns a contract description into IB's one contract (with its conId), or says it is ambiguous
// (with the candidates) or unknown. The description is checked before anything is sent.
import { IbRequestError } from './errors.ts';
import { fromIbContract, toIbContract, validateContractRef } from './ib-mapping.ts';
import type { Collected } from './pending-requests.ts';
import type { ContractCandidate, ContractRef, ContractSearchResult, QualifiedDetails, QualifyResult } from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

/** IB's "No security definition has been found for the request". */
const NOT_FOUND = 200;

interface Details {
  contract?: unknown; longName?: string; minTick?: number; marketName?: string; validExchanges?: string; marketRuleIds?: string;
  minSize?: number; sizeIncrement?: number; realExpirationDate?: string; tradingHours?: string; liquidHours?: string; timeZoneId?: string;
}

/**
 * IB's marketRuleIds list pairs with validExchanges by position ("SMART,NYSE" with "26,26"). Lists
 * that do not pair up, or an id that is not a positive integer, give nothing rather than a guess.
 */
export function marketRuleIdsByExchange(validExchanges: string | undefined, marketRuleIds: string | undefined): Record<string, number> | undefined {
  if (!validExchanges || !marketRuleIds) return undefined;
  const exchanges = validExchanges.split(',').map((e) => e.trim());
  const ids = marketRuleIds.split(',').map((id) => Number(id.trim()));
  if (exchanges.length !== ids.length || ids.some((id) => !Number.isInteger(id) || id <= 0) || exchanges.some((e) => e === '')) return undefined;
  return Object.fromEntries(exchanges.map((e, k) => [e, ids[k] as number]));
}

function qualifiedDetails(d: Details | undefined): QualifiedDetails {
  const marketRuleIds = marketRuleIdsByExchange(d?.validExchanges, d?.marketRuleIds);
  return { longName: d?.longName, minTick: d?.minTick, marketName: d?.marketName, validExchanges: d?.validExchanges, ...(marketRuleIds ? { marketRuleIds } : {}) };
}

/** IB's details for a description: the list (empty never), or IB's not-found text. */
async function readDetails(channel: SessionChannel, spec: ContractRef): Promise<Details[] | { notFound: string }> {
  validateContractRef(spec, 'qualify');
  channel.assertReady();
  const reqId = channel.takeId();
  let details: Collected;
  try {
    details = await channel.request(reqId, 'contract details', 'normal', (api) => api.reqContractDetails(reqId, toIbContract(spec)));
  } catch (error) {
    if (error instanceof IbRequestError && error.ibCode === NOT_FOUND) return { notFound: error.ibMessage };
    throw error;
  }
  if (details.length === 0) return { notFound: 'IB returned no contract for this description.' };
  return details.map((d) => d as Details);
}

export async function qualifyContract(channel: SessionChannel, spec: ContractRef): Promise<QualifyResult> {
  const found = await readDetails(channel, spec);
  if (!Array.isArray(found)) return { kind: 'not_found', message: found.notFound };
  if (found.length > 1) return { kind: 'ambiguous', candidates: found.map((d) => fromIbContract(d.contract)) };
  const [only] = found;
  return { kind: 'one', contract: fromIbContract(only?.contract), details: qualifiedDetails(only) };
}

/** Every contract IB offers for the description, each with its full details (ambiguous answers list them all). */
export async function searchContracts(channel: SessionChannel, spec: ContractRef): Promise<ContractSearchResult> {
  const found = await readDetails(channel, spec);
  if (!Array.isArray(found)) return { kind: 'not_found', message: found.notFound };
  return { kind: 'found', candidates: found.map(candidateOf) };
}

const positive = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined);
const yyyymmdd = (s: unknown): string | undefined => (typeof s === 'string' && /^\d{8}$/.test(s) ? s : undefined);
const text = (s: unknown): string | undefined => (typeof s === 'string' && s !== '' ? s : undefined);

/**
 * One candidate from IB's details. The multiplier of a stock or FX pair comes as empty (read as 0):
 * it is 1. A size increment IB did not send is assumed 1 and marked so.
 */
export function candidateOf(d: Details): ContractCandidate {
  const contract = fromIbContract(d.contract);
  const raw = (d.contract ?? {}) as { lastTradeDate?: unknown; lastTradeDateOrContractMonth?: unknown };
  const sizeIncrement = positive(d.sizeIncrement);
  const details = qualifiedDetails(d);
  const candidate: ContractCandidate = {
    conId: contract.conId ?? 0,
    symbol: contract.symbol ?? '',
    secType: contract.secType ?? '',
    exchange: contract.exchange ?? '',
    primaryExchange: contract.primaryExchange,
    currency: contract.currency ?? '',
    multiplier: positive(Number(contract.multiplier)) ?? 1,
    minTick: positive(d.minTick) ?? 0,
    minSize: positive(d.minSize),
    sizeIncrement: sizeIncrement ?? 1,
    ...(sizeIncrement === undefined && { sizeIncrementAssumed: true as const }),
    longName: text(d.longName),
    localSymbol: contract.localSymbol,
    tradingClass: contract.tradingClass,
    lastTradeDate: yyyymmdd(raw.lastTradeDate) ?? yyyymmdd(raw.lastTradeDateOrContractMonth) ?? yyyymmdd(d.realExpirationDate),
    strike: contract.strike,
    right: contract.right,
    tradingHours: text(d.tradingHours),
    liquidHours: text(d.liquidHours),
    timeZoneId: text(d.timeZoneId),
    validExchanges: text(d.validExchanges),
    marketRuleIds: details.marketRuleIds,
  };
  for (const key of Object.keys(candidate) as (keyof ContractCandidate)[]) if (candidate[key] === undefined) delete candidate[key];
  return candidate;
}
