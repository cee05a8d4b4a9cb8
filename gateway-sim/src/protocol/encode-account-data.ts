// Encoders for the account-data answers: positionMulti (71), positionMultiEnd (72), pnl (94),
// pnlSingle (95), userInfo (107). Layouts at server versions 176–178, checked against the official
// decoders (Python decoder.py processPositionMultiMsg / processPnLMsg / processPnLSingleMsg /
// processUserInfo, positionMultiEnd through the generic count-exact path; Java EDecoder the same
// functions) and @stoqey/ib 1.6.10's decodeMsg_* of the same names.
import { FieldWriter } from './fields.ts';
import { OUT } from './message-ids.ts';
import type { Fields } from './encode.ts';
import type { PnlSingleView, PnlView, PositionMultiView } from './types-account-data.ts';

const w = (msgId: number): FieldWriter => new FieldWriter().int(msgId);

/**
 * positionMulti (71), version 1: exactly 18 fields, the model code last. `contract.exchange` is the
 * primary listing for stocks, as in position (61).
 */
export function encodePositionMulti(p: PositionMultiView): Fields {
  const c = p.contract;
  return w(OUT.positionMulti).int(1).int(p.reqId).str(p.account).int(c.conId).str(c.symbol).str(c.secType)
    .str(c.lastTradeDateOrContractMonth).double(c.strike ?? 0).str(c.right).str(c.multiplier).str(c.exchange)
    .str(c.currency).str(c.localSymbol).str(c.tradingClass).decimal(p.position).double(p.avgCost).str(p.modelCode)
    .fields();
}

/** positionMultiEnd (72): `72|1|reqId|` (the official Python decoder reads it count-exact). */
export function encodePositionMultiEnd(reqId: number): Fields {
  return w(OUT.positionMultiEnd).int(1).int(reqId).fields();
}

/** pnl (94): no version field; unrealized from 129, realized from 135, so 5 fields at 176–178. */
export function encodePnl(p: PnlView): Fields {
  return w(OUT.pnl).int(p.reqId).double(p.dailyPnL).doubleMax(p.unrealizedPnL).doubleMax(p.realizedPnL).fields();
}

/** pnlSingle (95): no version field; 7 fields, the market value last. */
export function encodePnlSingle(p: PnlSingleView): Fields {
  return w(OUT.pnlSingle).int(p.reqId).decimal(p.position).double(p.dailyPnL).doubleMax(p.unrealizedPnL)
    .doubleMax(p.realizedPnL).double(p.value).fields();
}

/** userInfo (107): `107|reqId|whiteBrandingId|`; the id is empty for an account without white branding. */
export function encodeUserInfo(reqId: number, whiteBrandingId: string): Fields {
  return w(OUT.userInfo).int(reqId).str(whiteBrandingId).fields();
}
