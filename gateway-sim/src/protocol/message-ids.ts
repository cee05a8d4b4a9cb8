// Message ids of the subset (tws-protocol.md §3). The two directions reuse numbers
// (49, 81, 3/4/5 …), so they live in separate tables.

/** Client → server. */
export const IN = {
  reqMktData: 1,
  cancelMktData: 2,
  placeOrder: 3,
  cancelOrder: 4,
  reqOpenOrders: 5,
  reqAccountUpdates: 6,
  reqExecutions: 7,
  reqIds: 8,
  reqContractDetails: 9,
  reqHistoricalData: 20,
  cancelHistoricalData: 25,
  reqAutoOpenOrders: 15,
  reqAllOpenOrders: 16,
  reqManagedAccts: 17,
  reqCurrentTime: 49,
  reqGlobalCancel: 58,
  reqMarketDataType: 59,
  reqPositions: 61,
  reqAccountSummary: 62,
  cancelAccountSummary: 63,
  cancelPositions: 64,
  startApi: 71,
  reqPositionsMulti: 74,
  cancelPositionsMulti: 75,
  reqAccountUpdatesMulti: 76,
  cancelAccountUpdatesMulti: 77,
  reqMatchingSymbols: 81,
  reqHeadTimestamp: 87,
  cancelHeadTimestamp: 90,
  reqPnL: 92,
  cancelPnL: 93,
  reqPnLSingle: 94,
  cancelPnLSingle: 95,
  reqCompletedOrders: 99,
  reqUserInfo: 104,
  reqCurrentTimeInMillis: 105,
} as const;

/** Server → client. */
export const OUT = {
  tickPrice: 1,
  tickSize: 2,
  orderStatus: 3,
  error: 4,
  openOrder: 5,
  accountValue: 6,
  portfolioValue: 7,
  accountUpdateTime: 8,
  nextValidId: 9,
  contractData: 10,
  execDetails: 11,
  managedAccounts: 15,
  historicalData: 17,
  tickGeneric: 45,
  tickString: 46,
  currentTime: 49,
  contractDataEnd: 52,
  openOrderEnd: 53,
  accountDownloadEnd: 54,
  execDetailsEnd: 55,
  tickSnapshotEnd: 57,
  marketDataType: 58,
  commissionReport: 59,
  position: 61,
  positionEnd: 62,
  accountSummary: 63,
  accountSummaryEnd: 64,
  positionMulti: 71,
  positionMultiEnd: 72,
  accountUpdateMulti: 73,
  accountUpdateMultiEnd: 74,
  symbolSamples: 79,
  headTimestamp: 88,
  historicalDataUpdate: 90,
  tickReqParams: 81,
  completedOrder: 101,
  completedOrdersEnd: 102,
  pnl: 94,
  pnlSingle: 95,
  userInfo: 107,
} as const;

/** Negotiated-version thresholds the subset depends on (official MIN_SERVER_VER_* names). */
export const SERVER_VERSION = {
  min: 176,
  max: 178,
  pegBestPegMidOffsets: 170,
  bondIssuerId: 176,
  faProfileDesupport: 177,
  pendingPriceRevision: 178,
  currentTimeInMillis: 197,
  /** historicalData loses its start/end dates; historicalDataEnd (108) carries them from here. */
  historicalDataEnd: 196,
} as const;

/** Highest version the simulator speaks; it answers min(clientMax, this). */
export const SIM_MAX_VERSION = SERVER_VERSION.max;
/** Lowest version it accepts (official 10.19 clients cap at 176). */
export const SIM_MIN_VERSION = SERVER_VERSION.min;
