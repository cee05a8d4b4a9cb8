// Market rules (reqMarketRule → marketRule): the price grid an exchange applies to a contract
// (domain/price-grid.ts rounds with it). Contract details name the rule ids, one per valid
// exchange (contract-qualification.ts).
// - IB's answer carries the rule id, not a request id: the read waits under a key made of the rule
//   id, and a second read of the same id while the first is on its way shares the first's promise;
// - a rule does not change during a session, so each is asked for once per connection: the cache is
//   dropped when the connection is (a new connection may be a different gateway);
// - refused unless ready, like every read; an unknown id is answered by IB on −1 (the request has no
//   id to answer on), so that read ends by its time-out, whose message says so.
import type { MarketRule, PriceIncrement } from '../domain/index.ts';
import { BrokerError, InvalidRequestError } from './errors.ts';
import type { RequestKey } from './pending-requests.ts';
import type { SessionChannel } from './session-channel.ts';

/** The pending-request key of a market rule read: the rule id is all IB's answer carries. */
export const marketRuleKey = (ruleId: number): RequestKey => `marketRule:${ruleId}`;

type Loose = Record<string, unknown>;

/** The `marketRule` event's increments, as IB sent them (checked by the read, not here). */
export function fromIbPriceIncrements(value: unknown): PriceIncrement[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => {
    const b = (v && typeof v === 'object' ? v : {}) as Loose;
    return { lowEdge: Number(b.lowEdge), increment: Number(b.increment) };
  });
}

function checkRule(id: number, increments: readonly PriceIncrement[]): MarketRule {
  const ascending = increments.every((b, k) => k === 0 || b.lowEdge > (increments[k - 1]?.lowEdge ?? Number.NaN));
  const sane = increments.every((b) => Number.isFinite(b.lowEdge) && b.lowEdge >= 0 && Number.isFinite(b.increment) && b.increment > 0);
  if (increments.length === 0 || !ascending || !sane) {
    throw new BrokerError('IB_ERROR', `IB answered market rule ${id} with no usable price bands (${JSON.stringify(increments)}); prices cannot be rounded with it.`);
  }
  return { id, increments: increments.map((b) => ({ ...b })) };
}

export class MarketRules {
  private readonly cache = new Map<number, Promise<MarketRule>>();

  constructor(private readonly channel: SessionChannel) {}

  /** The rule's bands: from this connection's cache, or asked for once. */
  get(ruleId: number): Promise<MarketRule> {
    try {
      if (!Number.isInteger(ruleId) || ruleId <= 0) throw new InvalidRequestError('a market rule id must be a positive integer (contract details name them per exchange)');
      this.channel.assertReady();
    } catch (error) {
      return Promise.reject(error);
    }
    const cached = this.cache.get(ruleId);
    if (cached) return cached;
    const read = this.channel
      .request(marketRuleKey(ruleId), `market rule ${ruleId} (IB refuses an unknown rule id on −1, which names no request: check the id against the contract's details)`, 'normal', (api) => api.reqMarketRule(ruleId))
      .then((items) => checkRule(ruleId, (items[0] as PriceIncrement[] | undefined) ?? []))
      .catch((error: unknown) => {
        if (this.cache.get(ruleId) === read) this.cache.delete(ruleId); // a failure is not remembered
        throw error;
      });
    this.cache.set(ruleId, read);
    return read;
  }

  /** The connection is gone: its answers are not kept for the next one. */
  connectionLost(): void {
    this.cache.clear();
  }
}
