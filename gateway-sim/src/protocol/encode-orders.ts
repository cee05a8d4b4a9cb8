// openOrder (5) and completedOrder (101) at server versions 176–178 (tws-protocol.md
// §4.5.7, §4.5.9). The encoders write exactly what the view holds; `twsEcho` applies the
// defaults TWS itself reports for an order (right `?`, tif DAY, deltaNeutralOrderType
// `None`, clearingIntent `IB` …), so a placed order comes back the way a real Gateway
// shows it.
import { FieldWriter, UNSET_LONG_TEXT } from './fields.ts';
import { OUT, SERVER_VERSION } from './message-ids.ts';
import type { Fields } from './encode.ts';
import { CONDITION_TYPE_IDS } from './types.ts';
import type { CompletedOrderView, OpenOrderView, OrderCondition, OrderStateView, WireContract, WireOrder } from './types.ts';

/** Margin/what-if strings when no what-if data exists. */
export const NO_MARGIN_DATA = '1.7976931348623157E308';

export function orderState(status: string, overrides: Partial<OrderStateView> = {}): OrderStateView {
  return {
    status, initMarginBefore: NO_MARGIN_DATA, maintMarginBefore: NO_MARGIN_DATA, equityWithLoanBefore: NO_MARGIN_DATA,
    initMarginChange: NO_MARGIN_DATA, maintMarginChange: NO_MARGIN_DATA, equityWithLoanChange: NO_MARGIN_DATA,
    initMarginAfter: NO_MARGIN_DATA, maintMarginAfter: NO_MARGIN_DATA, equityWithLoanAfter: NO_MARGIN_DATA,
    commission: undefined, minCommission: undefined, maxCommission: undefined, commissionCurrency: '', warningText: '',
    ...overrides,
  };
}

const isPegBench = (t: string): boolean => t === 'PEG BENCH' || t === 'PEGBENCH';

/**
 * The contract and order as TWS echoes them (captured defaults). The PEG BEST defaults
 * (minCompeteSize 100, offset 0.02) appear in openOrder captures but not in completedOrder ones.
 */
export function twsEcho(
  contract: WireContract,
  order: WireOrder,
  kind: 'open' | 'completed' = 'open',
): { contract: WireContract; order: WireOrder } {
  const open = kind === 'open';
  return {
    contract: { ...contract, right: contract.right === '' ? '?' : contract.right },
    order: {
      ...order,
      tif: order.tif === '' ? 'DAY' : order.tif,
      lmtPrice: order.lmtPrice ?? 0,
      auxPrice: order.auxPrice ?? 0,
      displaySize: order.displaySize === 0 ? undefined : order.displaySize,
      ocaType: order.ocaType === 0 ? 3 : order.ocaType,
      volatilityType: order.volatilityType ?? 0,
      referencePriceType: order.referencePriceType ?? 0,
      deltaNeutralOrderType: order.deltaNeutralOrderType === '' ? 'None' : order.deltaNeutralOrderType,
      deltaNeutralOpenClose: order.deltaNeutralOpenClose === '' ? '?' : order.deltaNeutralOpenClose,
      clearingIntent: order.clearingIntent === '' ? 'IB' : order.clearingIntent,
      adjustedOrderType: order.adjustedOrderType === '' ? 'None' : order.adjustedOrderType,
      cashQty: order.cashQty ?? 0,
      dontUseAutoPriceForHedge: true,
      usePriceMgmtAlgo: order.usePriceMgmtAlgo ?? false,
      minCompeteSize: open ? (order.minCompeteSize ?? 100) : order.minCompeteSize,
      competeAgainstBestOffset: open ? (order.competeAgainstBestOffset ?? 0.02) : order.competeAgainstBestOffset,
      sharesAllocation: order.sharesAllocation === ''
        ? `${order.permId}.0/${order.account}/${order.totalQuantity}`
        : order.sharesAllocation,
    },
  };
}

/** Condition payload after its type id (shared with the placeOrder decoder's layout). */
export function writeCondition(f: FieldWriter, c: OrderCondition): void {
  f.int(CONDITION_TYPE_IDS[c.type]).str(c.conjunction);
  switch (c.type) {
    case 'price': f.bool(c.isMore).double(c.price).int(c.conId).str(c.exchange).int(c.triggerMethod); break;
    case 'time': f.bool(c.isMore).str(c.time); break;
    case 'margin': f.bool(c.isMore).int(c.percent); break;
    case 'execution': f.str(c.secType).str(c.exchange).str(c.symbol); break;
    case 'volume': f.bool(c.isMore).int(c.volume).int(c.conId).str(c.exchange); break;
    case 'percentChange': f.bool(c.isMore).double(c.changePercent).int(c.conId).str(c.exchange); break;
  }
}

function writeComboAndScale(f: FieldWriter, c: WireContract, o: WireOrder): void {
  f.str(c.comboLegsDescrip).int(c.comboLegs.length);
  for (const l of c.comboLegs) {
    f.int(l.conId).int(l.ratio).str(l.action).str(l.exchange).int(l.openClose).int(l.shortSaleSlot)
      .str(l.designatedLocation).int(l.exemptCode);
  }
  f.int(o.orderComboLegPrices.length);
  for (const p of o.orderComboLegPrices) f.doubleOrEmpty(p);
  f.int(o.smartComboRoutingParams.length);
  for (const p of o.smartComboRoutingParams) f.str(p.tag).str(p.value);
  f.intMax(o.scaleInitLevelSize).intMax(o.scaleSubsLevelSize).doubleOrEmpty(o.scalePriceIncrement);
  if (o.scalePriceIncrement !== undefined && o.scalePriceIncrement > 0) {
    f.doubleOrEmpty(o.scalePriceAdjustValue).intOrEmpty(o.scalePriceAdjustInterval).doubleOrEmpty(o.scaleProfitOffset)
      .bool(o.scaleAutoReset).intOrEmpty(o.scaleInitPosition).intOrEmpty(o.scaleInitFillQty).bool(o.scaleRandomPercent);
  }
  f.str(o.hedgeType);
  if (o.hedgeType !== '') f.str(o.hedgeParam);
}

function writeDeltaNeutralContractAndAlgo(f: FieldWriter, c: WireContract, o: WireOrder): void {
  const dn = c.deltaNeutralContract;
  f.bool(dn !== undefined);
  if (dn) f.int(dn.conId).double(dn.delta).double(dn.price);
  f.str(o.algoStrategy);
  if (o.algoStrategy !== '') {
    f.int(o.algoParams.length);
    for (const p of o.algoParams) f.str(p.tag).str(p.value);
  }
}

function writePegBenchAndConditions(f: FieldWriter, o: WireOrder): void {
  if (isPegBench(o.orderType)) {
    f.int(o.referenceContractId).bool(o.isPeggedChangeAmountDecrease).double(o.peggedChangeAmount)
      .double(o.referenceChangeAmount).str(o.referenceExchangeId);
  }
  f.int(o.conditions.length);
  if (o.conditions.length > 0) {
    for (const c of o.conditions) writeCondition(f, c);
    f.bool(o.conditionsIgnoreRth).bool(o.conditionsCancelOrder);
  }
}

/** openOrder (5): no version field at ≥145; 135 fields for a plain stock order at 177/178. */
export function encodeOpenOrder(version: number, view: OpenOrderView): Fields {
  const { contract: c, order: o, state: s } = view;
  const f = new FieldWriter().int(OUT.openOrder).int(o.orderId)
    .int(c.conId).str(c.symbol).str(c.secType).str(c.lastTradeDateOrContractMonth).num(c.strike ?? 0).str(c.right)
    .str(c.multiplier).str(c.exchange).str(c.currency).str(c.localSymbol).str(c.tradingClass)
    .str(o.action).decimal(o.totalQuantity).str(o.orderType).doubleOrEmpty(o.lmtPrice).doubleOrEmpty(o.auxPrice)
    .str(o.tif).str(o.ocaGroup).str(o.account).str(o.openClose).int(o.origin).str(o.orderRef).int(o.clientId)
    .int(o.permId).bool(o.outsideRth).bool(o.hidden).num(o.discretionaryAmt).str(o.goodAfterTime)
    .str(o.sharesAllocation).str(o.faGroup).str(o.faMethod).str(o.faPercentage);
  if (version < SERVER_VERSION.faProfileDesupport) f.str(o.faProfile);
  f.str(o.modelCode).str(o.goodTillDate).str(o.rule80A).doubleOrEmpty(o.percentOffset).str(o.settlingFirm)
    .int(o.shortSaleSlot).str(o.designatedLocation).int(o.exemptCode).int(o.auctionStrategy)
    .doubleOrEmpty(o.startingPrice).doubleOrEmpty(o.stockRefPrice).doubleOrEmpty(o.delta)
    .doubleOrEmpty(o.stockRangeLower).doubleOrEmpty(o.stockRangeUpper).intMax(o.displaySize).bool(o.blockOrder)
    .bool(o.sweepToFill).bool(o.allOrNone).intOrEmpty(o.minQty).int(o.ocaType).bool(o.eTradeOnly)
    .bool(o.firmQuoteOnly).doubleOrEmpty(o.nbboPriceCap).int(o.parentId).int(o.triggerMethod)
    .doubleOrEmpty(o.volatility).int(o.volatilityType ?? 0).str(o.deltaNeutralOrderType)
    .doubleOrEmpty(o.deltaNeutralAuxPrice);
  if (o.deltaNeutralOrderType !== '') {
    f.int(o.deltaNeutralConId).str(o.deltaNeutralSettlingFirm).str(o.deltaNeutralClearingAccount)
      .str(o.deltaNeutralClearingIntent).str(o.deltaNeutralOpenClose).bool(o.deltaNeutralShortSale)
      .int(o.deltaNeutralShortSaleSlot).str(o.deltaNeutralDesignatedLocation);
  }
  // basisPoints / basisPointsType are TWS-internal and always unset.
  f.bool(o.continuousUpdate).int(o.referencePriceType ?? 0).doubleOrEmpty(o.trailStopPrice)
    .doubleOrEmpty(o.trailingPercent).doubleOrEmpty(undefined).intOrEmpty(undefined);
  writeComboAndScale(f, c, o);
  f.bool(o.optOutSmartRouting).str(o.clearingAccount).str(o.clearingIntent).bool(o.notHeld);
  writeDeltaNeutralContractAndAlgo(f, c, o);
  f.bool(o.solicited).bool(o.whatIf).str(s.status).str(s.initMarginBefore).str(s.maintMarginBefore)
    .str(s.equityWithLoanBefore).str(s.initMarginChange).str(s.maintMarginChange).str(s.equityWithLoanChange)
    .str(s.initMarginAfter).str(s.maintMarginAfter).str(s.equityWithLoanAfter).doubleOrEmpty(s.commission)
    .doubleOrEmpty(s.minCommission).doubleOrEmpty(s.maxCommission).str(s.commissionCurrency).str(s.warningText)
    .bool(o.randomizeSize).bool(o.randomizePrice);
  writePegBenchAndConditions(f, o);
  f.str(o.adjustedOrderType).doubleMax(o.triggerPrice).doubleMax(o.trailStopPrice).doubleMax(o.lmtPriceOffset)
    .doubleMax(o.adjustedStopPrice).doubleMax(o.adjustedStopLimitPrice).doubleMax(o.adjustedTrailingAmount)
    .int(o.adjustableTrailingUnit).str(o.softDollarTierName).str(o.softDollarTierValue)
    .str(o.softDollarTierDisplayName).num(o.cashQty ?? 0).bool(o.dontUseAutoPriceForHedge).bool(o.isOmsContainer)
    .bool(o.discretionaryUpToLimitPrice).bool(o.usePriceMgmtAlgo ?? false).intOrEmpty(o.duration)
    .intOrEmpty(o.postToAts).bool(o.autoCancelParent).intOrEmpty(o.minTradeQty).intOrEmpty(o.minCompeteSize)
    .doubleOrEmpty(o.competeAgainstBestOffset).doubleOrEmpty(o.midOffsetAtWhole).doubleOrEmpty(o.midOffsetAtHalf);
  return f.fields();
}

const TRAILING_TYPES = new Set(['TRAIL', 'TRAIL LIMIT', 'TRAILLMT', 'TRAIL LIT', 'TRAIL MIT']);

/**
 * completedOrder (101): no version, no orderId; short delta-neutral block; 100 fields for a
 * plain order. In the captured frame the first trail-stop field is empty for a non-trailing
 * order while the later one carries the stop price, so the first is filled only for trailing types.
 */
export function encodeCompletedOrder(version: number, view: CompletedOrderView): Fields {
  const { contract: c, order: o } = view;
  const f = new FieldWriter().int(OUT.completedOrder)
    .int(c.conId).str(c.symbol).str(c.secType).str(c.lastTradeDateOrContractMonth).num(c.strike ?? 0).str(c.right)
    .str(c.multiplier).str(c.exchange).str(c.currency).str(c.localSymbol).str(c.tradingClass)
    .str(o.action).decimal(o.totalQuantity).str(o.orderType).doubleOrEmpty(o.lmtPrice).doubleOrEmpty(o.auxPrice)
    .str(o.tif).str(o.ocaGroup).str(o.account).str(o.openClose).int(o.origin).str(o.orderRef).int(o.permId)
    .bool(o.outsideRth).bool(o.hidden).num(o.discretionaryAmt).str(o.goodAfterTime).str(o.faGroup)
    .str(o.faMethod).str(o.faPercentage);
  if (version < SERVER_VERSION.faProfileDesupport) f.str(o.faProfile);
  f.str(o.modelCode).str(o.goodTillDate).str(o.rule80A).doubleOrEmpty(o.percentOffset).str(o.settlingFirm)
    .int(o.shortSaleSlot).str(o.designatedLocation).int(o.exemptCode).doubleOrEmpty(o.startingPrice)
    .doubleOrEmpty(o.stockRefPrice).doubleOrEmpty(o.delta).doubleOrEmpty(o.stockRangeLower)
    .doubleOrEmpty(o.stockRangeUpper).intMax(o.displaySize).bool(o.sweepToFill).bool(o.allOrNone)
    .intOrEmpty(o.minQty).int(o.ocaType).int(o.triggerMethod).doubleOrEmpty(o.volatility).int(o.volatilityType ?? 0)
    .str(o.deltaNeutralOrderType).doubleOrEmpty(o.deltaNeutralAuxPrice);
  if (o.deltaNeutralOrderType !== '') {
    f.int(o.deltaNeutralConId).bool(o.deltaNeutralShortSale).int(o.deltaNeutralShortSaleSlot)
      .str(o.deltaNeutralDesignatedLocation);
  }
  f.bool(o.continuousUpdate).int(o.referencePriceType ?? 0)
    .doubleOrEmpty(TRAILING_TYPES.has(o.orderType) ? o.trailStopPrice : undefined).doubleOrEmpty(o.trailingPercent);
  writeComboAndScale(f, c, o);
  f.str(o.clearingAccount).str(o.clearingIntent).bool(o.notHeld);
  writeDeltaNeutralContractAndAlgo(f, c, o);
  f.bool(o.solicited).str(view.status).bool(o.randomizeSize).bool(o.randomizePrice);
  writePegBenchAndConditions(f, o);
  f.doubleMax(o.trailStopPrice).doubleMax(o.lmtPriceOffset).num(o.cashQty ?? 0).bool(o.dontUseAutoPriceForHedge)
    .bool(o.isOmsContainer).str('').decimal(view.filledQuantity).intMax(undefined).bool(o.autoCancelParent)
    .str('Not an insider or substantial shareholder').bool(false).int(0).str(UNSET_LONG_TEXT)
    .str(view.completedTime).str(view.completedStatus).intOrEmpty(o.minTradeQty).intOrEmpty(o.minCompeteSize)
    .doubleOrEmpty(o.competeAgainstBestOffset).doubleOrEmpty(o.midOffsetAtWhole).doubleOrEmpty(o.midOffsetAtHalf);
  return f.fields();
}
