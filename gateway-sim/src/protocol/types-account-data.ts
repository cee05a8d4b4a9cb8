// Requests and answers of the account-data family the risk gate and the dashboard read:
// P&L (reqPnL / reqPnLSingle), positions per account and model (reqPositionsMulti), user info.
import type { WireContract } from './types.ts';

export type AccountDataRequest =
  /** `92|reqId|account|modelCode|` */
  | { kind: 'reqPnL'; reqId: number; account: string; modelCode: string }
  | { kind: 'cancelPnL'; reqId: number }
  /** `94|reqId|account|modelCode|conId|` */
  | { kind: 'reqPnLSingle'; reqId: number; account: string; modelCode: string; conId: number }
  | { kind: 'cancelPnLSingle'; reqId: number }
  /** `74|1|reqId|account|modelCode|` */
  | { kind: 'reqPositionsMulti'; reqId: number; account: string; modelCode: string }
  | { kind: 'cancelPositionsMulti'; reqId: number }
  /** `104|reqId|` */
  | { kind: 'reqUserInfo'; reqId: number };

/** pnl (94). Unset values are `undefined` (sent as the double sentinel). */
export interface PnlView {
  reqId: number;
  dailyPnL: number;
  unrealizedPnL: number | undefined;
  realizedPnL: number | undefined;
}

/** pnlSingle (95). */
export interface PnlSingleView {
  reqId: number;
  /** Decimal quantity as text. */
  position: string;
  dailyPnL: number;
  unrealizedPnL: number | undefined;
  realizedPnL: number | undefined;
  value: number;
}

/** positionMulti (71): a position of one account (and model). */
export interface PositionMultiView {
  reqId: number;
  account: string;
  modelCode: string;
  contract: WireContract;
  position: string;
  avgCost: number;
}
