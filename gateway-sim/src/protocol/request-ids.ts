// Where each request carries its id, so an error can be answered on that id (as TWS does) instead
// of −1 and the client's handler for that request hears back: for requests the simulator does not
// decode, and for a frame whose decoding failed before its id was read. Positions count the message
// id as field 0 and hold at server versions 176–178; checked against the official Python client
// 10.30.01 (client.py, each request's make_field order) and @stoqey/ib 1.6.10's encoder. Requests
// absent here carry no request id (reqNewsBulletins, requestFA, reqFamilyCodes, verify*,
// reqPositions …; reqMarketRule's argument names a rule, not a request) and keep −1. Ids 106–109
// exist only as protobuf (server ≥ 215) and never arrive as text at these versions.
import type { FieldReader } from './fields.ts';

/** `msgId, version, reqId, …`: the version field came before the id. */
const AFTER_VERSION = 2;
/** `msgId, reqId, …`: requests added without a version field, or whose version field was dropped. */
const FIRST = 1;

export const REQUEST_ID_POSITION: Readonly<Record<number, number>> = {
  1: AFTER_VERSION, // reqMktData
  2: AFTER_VERSION, // cancelMktData
  3: FIRST, // placeOrder: orderId; version dropped at 145 (ORDER_CONTAINER)
  4: AFTER_VERSION, // cancelOrder: orderId (version until 192)
  7: AFTER_VERSION, // reqExecutions
  9: AFTER_VERSION, // reqContractDetails
  10: AFTER_VERSION, // reqMktDepth
  11: AFTER_VERSION, // cancelMktDepth
  19: 4, // replaceFA: version, faDataType, xml, reqId (reqId from 157)
  20: FIRST, // reqHistoricalData: version dropped at 124 (SYNT_REALTIME_BARS)
  21: AFTER_VERSION, // exerciseOptions
  22: FIRST, // reqScannerSubscription: version dropped at 143 (SCANNER_GENERIC_OPTS)
  23: AFTER_VERSION, // cancelScannerSubscription
  25: AFTER_VERSION, // cancelHistoricalData
  50: AFTER_VERSION, // reqRealTimeBars
  51: AFTER_VERSION, // cancelRealTimeBars
  52: AFTER_VERSION, // reqFundamentalData
  53: AFTER_VERSION, // cancelFundamentalData
  54: AFTER_VERSION, // calculateImpliedVolatility
  55: AFTER_VERSION, // calculateOptionPrice
  56: AFTER_VERSION, // cancelCalculateImpliedVolatility
  57: AFTER_VERSION, // cancelCalculateOptionPrice
  62: AFTER_VERSION, // reqAccountSummary
  63: AFTER_VERSION, // cancelAccountSummary
  67: AFTER_VERSION, // queryDisplayGroups
  68: AFTER_VERSION, // subscribeToGroupEvents
  69: AFTER_VERSION, // updateDisplayGroup
  70: AFTER_VERSION, // unsubscribeFromGroupEvents
  74: AFTER_VERSION, // reqPositionsMulti
  75: AFTER_VERSION, // cancelPositionsMulti
  76: AFTER_VERSION, // reqAccountUpdatesMulti
  77: AFTER_VERSION, // cancelAccountUpdatesMulti
  78: FIRST, // reqSecDefOptParams
  79: FIRST, // reqSoftDollarTiers
  81: FIRST, // reqMatchingSymbols
  83: FIRST, // reqSmartComponents
  84: FIRST, // reqNewsArticle
  86: FIRST, // reqHistoricalNews
  87: FIRST, // reqHeadTimestamp
  88: FIRST, // reqHistogramData
  89: FIRST, // cancelHistogramData
  90: FIRST, // cancelHeadTimestamp
  92: FIRST, // reqPnL
  93: FIRST, // cancelPnL
  94: FIRST, // reqPnLSingle
  95: FIRST, // cancelPnLSingle
  96: FIRST, // reqHistoricalTicks
  97: FIRST, // reqTickByTickData
  98: FIRST, // cancelTickByTickData
  100: FIRST, // reqWshMetaData
  101: FIRST, // cancelWshMetaData
  102: FIRST, // reqWshEventData
  103: FIRST, // cancelWshEventData
  104: FIRST, // reqUserInfo
};

/**
 * The request id of a frame read from the table's position, without decoding the rest; undefined
 * when the message has none or the field is missing or not an integer.
 */
export function requestIdAt(msgId: number, fields: readonly string[]): number | undefined {
  const at = REQUEST_ID_POSITION[msgId];
  const text = at === undefined ? undefined : fields[at]?.trim();
  if (text === undefined || !/^-?\d{1,10}$/.test(text)) return undefined;
  const id = Number(text);
  return id >= -2_147_483_648 && id <= 2_147_483_647 ? id : undefined;
}

/** Same, over a reader already past the message id (decode.ts's fallback for unknown ids). */
export function unsupportedRequestId(msgId: number, r: FieldReader): number | undefined {
  const rest: string[] = [];
  while (r.remaining > 0 && rest.length < 8) rest.push(r.str());
  return requestIdAt(msgId, [String(msgId), ...rest]);
}
