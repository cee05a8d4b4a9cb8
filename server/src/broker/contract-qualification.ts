// Turns a contract description into IB's one contract (with its conId), or says it is ambiguous
// (with the candidates) or unknown. The description is checked before anything is sent.
import { IbRequestError } from './errors.ts';
import { fromIbContract, toIbContract, validateContractRef } from './ib-mapping.ts';
import type { Collected } from './pending-requests.ts';
import type { ContractRef, QualifiedDetails, QualifyResult } from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

/** IB's "No security definition has been found for the request". */
const NOT_FOUND = 200;

interface Details { contract?: unknown; longName?: string; minTick?: number; marketName?: string; validExchanges?: string; marketRuleIds?: string }

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

export async function qualifyContract(channel: SessionChannel, spec: ContractRef): Promise<QualifyResult> {
  validateContractRef(spec, 'qualify');
  channel.assertReady();
  const reqId = channel.takeId();
  let details: Collected;
  try {
    details = await channel.request(reqId, 'contract details', 'normal', (api) => api.reqContractDetails(reqId, toIbContract(spec)));
  } catch (error) {
    if (error instanceof IbRequestError && error.ibCode === NOT_FOUND) return { kind: 'not_found', message: error.ibMessage };
    throw error;
  }
  const found = details.map((d) => d as Details);
  if (found.length === 0) return { kind: 'not_found', message: 'IB returned no contract for this description.' };
  if (found.length > 1) return { kind: 'ambiguous', candidates: found.map((d) => fromIbContract(d.contract)) };
  const [only] = found;
  return { kind: 'one', contract: fromIbContract(only?.contract), details: qualifiedDetails(only) };
}
