// Pre-trade answers from the account model: the Reg-T style margin check an order must pass to go
// live, and the margin/commission report a whatIf order gets instead of being placed.
import type { Instrument, Quote } from '../market/types.ts';
import { multiplierOf, totals } from './accounts.ts';
import type { AccountState, Pricing } from './accounts.ts';
import { orderCommission } from './commissions.ts';
import { isBuy } from './order-record.ts';
import type { OrderRecord } from './state.ts';
import type { WhatIfResult } from './types.ts';

export interface PreTradeDeps {
  account(id: string): AccountState;
  pricing: Pricing;
  quote(conId: number): Quote;
}

export class PreTrade {
  constructor(private readonly d: PreTradeDeps) {}

  /** The margin after the order must be covered by equity with loan; the rejection reason otherwise. */
  marginProblem(o: OrderRecord): string | undefined {
    const i = this.d.pricing.instrument(o.conId);
    const acct = this.d.account(o.account);
    const price = this.referencePrice(o);
    const signed = isBuy(o) ? o.totalQuantity : -o.totalQuantity;
    const after = totals(acct, this.d.pricing, { conId: i.conId, qty: signed, price });
    if (after.init <= after.netLiq) return undefined;
    return `Your order is not accepted. In order to obtain the desired position your Equity with Loan Value [${after.netLiq.toFixed(2)} USD] must exceed the Initial Margin [${after.init.toFixed(2)} USD]`;
  }

  whatIf(o: OrderRecord, i: Instrument): WhatIfResult {
    const acct = this.d.account(o.account);
    const before = totals(acct, this.d.pricing);
    const price = this.referencePrice(o);
    const signed = isBuy(o) ? o.totalQuantity : -o.totalQuantity;
    const after = totals(acct, this.d.pricing, { conId: i.conId, qty: signed, price });
    const valueUsd = this.d.pricing.toUsd(o.totalQuantity * price * multiplierOf(i), i.currency);
    const commission = orderCommission(i, o.totalQuantity, valueUsd);
    return {
      initMarginBefore: before.init,
      maintMarginBefore: before.maint,
      equityWithLoanBefore: before.netLiq,
      initMarginChange: after.init - before.init,
      maintMarginChange: after.maint - before.maint,
      equityWithLoanChange: after.netLiq - before.netLiq - commission,
      initMarginAfter: after.init,
      maintMarginAfter: after.maint,
      equityWithLoanAfter: after.netLiq - commission,
      commission,
      minCommission: commission,
      maxCommission: commission,
      commissionCurrency: 'USD',
      marginCurrency: 'USD',
      warningText: after.init > after.netLiq ? 'Insufficient equity with loan value for the initial margin' : '',
    };
  }

  /** The price the order would trade at: its limit, or the touch it would take. */
  private referencePrice(o: OrderRecord): number {
    const q = this.d.quote(o.conId);
    return o.lmtPrice ?? (isBuy(o) ? q.ask : q.bid);
  }
}
