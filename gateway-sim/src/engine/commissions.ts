// IB-like commissions, computed per order so per-order minimums and caps hold across partial fills:
// the charge for a fill is (commission for the order's fills so far) − (what was already charged).
import type { Instrument } from '../market/types.ts';

/**
 * Commission in USD for an order's cumulative execution (`qty` units, `valueUsd` traded value).
 * Stocks $0.005/share, min $1, max 1% of value; options $0.65/contract, min $1;
 * futures $2.25/contract (exchange fees included); FX 0.2 bp of value, min $2.
 */
export function orderCommission(instrument: Instrument, qty: number, valueUsd: number): number {
  if (qty <= 0) return 0;
  let c: number;
  switch (instrument.secType) {
    case 'STK':
      c = Math.min(Math.max(0.005 * qty, 1), 0.01 * valueUsd);
      break;
    case 'OPT':
      c = Math.max(0.65 * qty, 1);
      break;
    case 'FUT':
      c = 2.25 * qty;
      break;
    case 'CASH':
      c = Math.max(0.00002 * valueUsd, 2);
      break;
  }
  return Math.round(c * 1e6) / 1e6;
}
