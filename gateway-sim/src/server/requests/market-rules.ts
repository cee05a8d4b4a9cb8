// reqMarketRule: the bands of one rule from the market-rule table that contract details and order
// validation use too. The request carries no request id (its argument names the rule), so an unknown
// rule can only be refused on −1.
import { MARKET_RULES } from '../../market/market-rules.ts';
import { encodeMarketRule, validationText } from '../../protocol/index.ts';
import type { ClientConnection } from '../connection.ts';

export function handleMarketRule(conn: ClientConnection, marketRuleId: number): void {
  const bands = MARKET_RULES.get(marketRuleId);
  if (bands === undefined) {
    conn.sendError(-1, 321, validationText(`Invalid market rule id ${marketRuleId}`, 'bM'));
    return;
  }
  conn.send(encodeMarketRule(marketRuleId, bands));
}
