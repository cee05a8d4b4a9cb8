// The instrument catalogue as data. Stock conIds are IB's real ones where well known (AAPL 265598,
// MSFT 272093, SPY 756733, EUR.USD 12087792…); others are plausible stand-ins in the same ranges.
// Reference prices are only where the random walk starts. Derivatives are generated from these
// rows relative to the simulation date (market/catalogue.ts).
import type { MarketDataAccess } from './types.ts';

export interface StockRow {
  symbol: string;
  conId: number;
  primaryExchange: string;
  longName: string;
  industry: string;
  category: string;
  subcategory: string;
  isin: string;
  refPrice: number;
  stockType: 'COMMON' | 'ETF' | 'ADR';
  currency?: string;
  /** Where the listing trades when it is not a US listing (defaults to US hours, SMART, US/Eastern). */
  venue?: 'US' | 'TSX' | 'IBIS';
  marketData?: MarketDataAccess;
  volatility?: number;
}

export const STOCKS: readonly StockRow[] = [
  { symbol: 'AAPL', conId: 265598, primaryExchange: 'NASDAQ', longName: 'APPLE INC', industry: 'Technology', category: 'Computers', subcategory: 'Computers', isin: 'US0378331005', refPrice: 228.5, stockType: 'COMMON' },
  { symbol: 'MSFT', conId: 272093, primaryExchange: 'NASDAQ', longName: 'MICROSOFT CORP', industry: 'Technology', category: 'Software', subcategory: 'Applications Software', isin: 'US5949181045', refPrice: 415.2, stockType: 'COMMON' },
  { symbol: 'AMZN', conId: 3691937, primaryExchange: 'NASDAQ', longName: 'AMAZON.COM INC', industry: 'Communications', category: 'Internet', subcategory: 'E-Commerce/Products', isin: 'US0231351067', refPrice: 201.3, stockType: 'COMMON' },
  { symbol: 'GOOGL', conId: 208813719, primaryExchange: 'NASDAQ', longName: 'ALPHABET INC-CL A', industry: 'Communications', category: 'Internet', subcategory: 'Web Portals/ISP', isin: 'US02079K3059', refPrice: 171.4, stockType: 'COMMON' },
  { symbol: 'GOOG', conId: 208813720, primaryExchange: 'NASDAQ', longName: 'ALPHABET INC-CL C', industry: 'Communications', category: 'Internet', subcategory: 'Web Portals/ISP', isin: 'US02079K1079', refPrice: 172.9, stockType: 'COMMON' },
  { symbol: 'META', conId: 107113386, primaryExchange: 'NASDAQ', longName: 'META PLATFORMS INC-CLASS A', industry: 'Communications', category: 'Internet', subcategory: 'Internet Content-Entmnt', isin: 'US30303M1027', refPrice: 560.1, stockType: 'COMMON' },
  { symbol: 'TSLA', conId: 76792991, primaryExchange: 'NASDAQ', longName: 'TESLA INC', industry: 'Consumer, Cyclical', category: 'Auto Manufacturers', subcategory: 'Auto-Cars/Light Trucks', isin: 'US88160R1014', refPrice: 248.7, stockType: 'COMMON', volatility: 0.55 },
  { symbol: 'NVDA', conId: 4815747, primaryExchange: 'NASDAQ', longName: 'NVIDIA CORP', industry: 'Technology', category: 'Semiconductors', subcategory: 'Electronic Compo-Semicon', isin: 'US67066G1040', refPrice: 135.6, stockType: 'COMMON', volatility: 0.5 },
  { symbol: 'AMD', conId: 4391, primaryExchange: 'NASDAQ', longName: 'ADVANCED MICRO DEVICES', industry: 'Technology', category: 'Semiconductors', subcategory: 'Electronic Compo-Semicon', isin: 'US0079031078', refPrice: 152.4, stockType: 'COMMON', volatility: 0.5 },
  { symbol: 'INTC', conId: 270639, primaryExchange: 'NASDAQ', longName: 'INTEL CORP', industry: 'Technology', category: 'Semiconductors', subcategory: 'Electronic Compo-Semicon', isin: 'US4581401001', refPrice: 22.85, stockType: 'COMMON' },
  { symbol: 'NFLX', conId: 15124833, primaryExchange: 'NASDAQ', longName: 'NETFLIX INC', industry: 'Communications', category: 'Internet', subcategory: 'Internet Content-Entmnt', isin: 'US64110L1061', refPrice: 705.3, stockType: 'COMMON' },
  { symbol: 'CSCO', conId: 268084, primaryExchange: 'NASDAQ', longName: 'CISCO SYSTEMS INC', industry: 'Communications', category: 'Telecommunications', subcategory: 'Networking Products', isin: 'US17275R1023', refPrice: 57.2, stockType: 'COMMON' },
  { symbol: 'COST', conId: 272997, primaryExchange: 'NASDAQ', longName: 'COSTCO WHOLESALE CORP', industry: 'Consumer, Non-cyclical', category: 'Retail', subcategory: 'Retail-Discount', isin: 'US22160K1051', refPrice: 905.0, stockType: 'COMMON' },
  { symbol: 'PEP', conId: 11017, primaryExchange: 'NASDAQ', longName: 'PEPSICO INC', industry: 'Consumer, Non-cyclical', category: 'Beverages', subcategory: 'Beverages-Non-alcoholic', isin: 'US7134481081', refPrice: 163.4, stockType: 'COMMON' },
  { symbol: 'IBM', conId: 8314, primaryExchange: 'NYSE', longName: 'INTL BUSINESS MACHINES CORP', industry: 'Technology', category: 'Computers', subcategory: 'Computer Services', isin: 'US4592001014', refPrice: 221.9, stockType: 'COMMON' },
  { symbol: 'ORCL', conId: 272800, primaryExchange: 'NYSE', longName: 'ORACLE CORP', industry: 'Technology', category: 'Software', subcategory: 'Enterprise Software/Serv', isin: 'US68389X1054', refPrice: 181.2, stockType: 'COMMON' },
  { symbol: 'JPM', conId: 1520593, primaryExchange: 'NYSE', longName: 'JPMORGAN CHASE & CO', industry: 'Financial', category: 'Banks', subcategory: 'Diversified Banking Inst', isin: 'US46625H1005', refPrice: 224.6, stockType: 'COMMON' },
  { symbol: 'BAC', conId: 10098, primaryExchange: 'NYSE', longName: 'BANK OF AMERICA CORP', industry: 'Financial', category: 'Banks', subcategory: 'Diversified Banking Inst', isin: 'US0605051046', refPrice: 42.15, stockType: 'COMMON' },
  { symbol: 'V', conId: 49462172, primaryExchange: 'NYSE', longName: 'VISA INC-CLASS A SHARES', industry: 'Financial', category: 'Diversified Finan Serv', subcategory: 'Finance-Credit Card', isin: 'US92826C8394', refPrice: 289.4, stockType: 'COMMON' },
  { symbol: 'MA', conId: 36241498, primaryExchange: 'NYSE', longName: 'MASTERCARD INC - A', industry: 'Financial', category: 'Diversified Finan Serv', subcategory: 'Finance-Credit Card', isin: 'US57636Q1040', refPrice: 507.8, stockType: 'COMMON' },
  { symbol: 'KO', conId: 8894, primaryExchange: 'NYSE', longName: 'COCA-COLA CO/THE', industry: 'Consumer, Non-cyclical', category: 'Beverages', subcategory: 'Beverages-Non-alcoholic', isin: 'US1912161007', refPrice: 69.8, stockType: 'COMMON' },
  { symbol: 'PG', conId: 10291, primaryExchange: 'NYSE', longName: 'PROCTER & GAMBLE CO/THE', industry: 'Consumer, Non-cyclical', category: 'Cosmetics/Personal Care', subcategory: 'Cosmetics&Toiletries', isin: 'US7427181091', refPrice: 170.3, stockType: 'COMMON' },
  { symbol: 'JNJ', conId: 8719, primaryExchange: 'NYSE', longName: 'JOHNSON & JOHNSON', industry: 'Consumer, Non-cyclical', category: 'Pharmaceuticals', subcategory: 'Medical-Drugs', isin: 'US4781601046', refPrice: 158.9, stockType: 'COMMON' },
  { symbol: 'PFE', conId: 11091, primaryExchange: 'NYSE', longName: 'PFIZER INC', industry: 'Consumer, Non-cyclical', category: 'Pharmaceuticals', subcategory: 'Medical-Drugs', isin: 'US7170811035', refPrice: 28.4, stockType: 'COMMON' },
  { symbol: 'XOM', conId: 13977, primaryExchange: 'NYSE', longName: 'EXXON MOBIL CORP', industry: 'Energy', category: 'Oil&Gas', subcategory: 'Oil Comp-Integrated', isin: 'US30231G1022', refPrice: 118.7, stockType: 'COMMON' },
  { symbol: 'CVX', conId: 5093, primaryExchange: 'NYSE', longName: 'CHEVRON CORP', industry: 'Energy', category: 'Oil&Gas', subcategory: 'Oil Comp-Integrated', isin: 'US1667641005', refPrice: 152.6, stockType: 'COMMON' },
  { symbol: 'WMT', conId: 13824, primaryExchange: 'NYSE', longName: 'WALMART INC', industry: 'Consumer, Cyclical', category: 'Retail', subcategory: 'Retail-Discount', isin: 'US9311421039', refPrice: 82.4, stockType: 'COMMON' },
  { symbol: 'HD', conId: 7664, primaryExchange: 'NYSE', longName: 'HOME DEPOT INC', industry: 'Consumer, Cyclical', category: 'Retail', subcategory: 'Retail-Building Products', isin: 'US4370761029', refPrice: 398.2, stockType: 'COMMON' },
  { symbol: 'DIS', conId: 6459, primaryExchange: 'NYSE', longName: 'WALT DISNEY CO/THE', industry: 'Communications', category: 'Media', subcategory: 'Multimedia', isin: 'US2546871060', refPrice: 97.6, stockType: 'COMMON' },
  { symbol: 'BA', conId: 4762, primaryExchange: 'NYSE', longName: 'BOEING CO/THE', industry: 'Industrial', category: 'Aerospace/Defense', subcategory: 'Aerospace/Defense', isin: 'US0970231058', refPrice: 155.3, stockType: 'COMMON', volatility: 0.4 },
  { symbol: 'SPY', conId: 756733, primaryExchange: 'ARCA', longName: 'SPDR S&P 500 ETF TRUST', industry: 'Funds', category: 'Equity Fund', subcategory: 'Growth&Income-Large Cap', isin: 'US78462F1030', refPrice: 585.4, stockType: 'ETF', volatility: 0.16 },
  { symbol: 'QQQ', conId: 320227571, primaryExchange: 'NASDAQ', longName: 'INVESCO QQQ TRUST SERIES 1', industry: 'Funds', category: 'Equity Fund', subcategory: 'Growth-Large Cap', isin: 'US46090E1038', refPrice: 505.8, stockType: 'ETF', volatility: 0.2 },
  { symbol: 'IWM', conId: 9579970, primaryExchange: 'ARCA', longName: 'ISHARES RUSSELL 2000 ETF', industry: 'Funds', category: 'Equity Fund', subcategory: 'Small Cap', isin: 'US4642876555', refPrice: 226.1, stockType: 'ETF', volatility: 0.22 },
  { symbol: 'DIA', conId: 73128548, primaryExchange: 'ARCA', longName: 'SPDR DJIA TRUST', industry: 'Funds', category: 'Equity Fund', subcategory: 'Growth&Income-Large Cap', isin: 'US78467X1090', refPrice: 433.5, stockType: 'ETF', volatility: 0.15 },
  { symbol: 'GLD', conId: 51529211, primaryExchange: 'ARCA', longName: 'SPDR GOLD SHARES', industry: 'Funds', category: 'Commodity Fund', subcategory: 'Precious Metals', isin: 'US78463V1070', refPrice: 245.2, stockType: 'ETF', volatility: 0.15 },
  { symbol: 'TLT', conId: 15547841, primaryExchange: 'NASDAQ', longName: 'ISHARES 20+ YEAR TREASURY BD', industry: 'Funds', category: 'Debt Fund', subcategory: 'Government/Agency', isin: 'US4642874329', refPrice: 92.7, stockType: 'ETF', volatility: 0.14 },
  // Listed twice: ambiguous unless currency or primary exchange is given.
  { symbol: 'SHOP', conId: 195014116, primaryExchange: 'NYSE', longName: 'SHOPIFY INC - CLASS A', industry: 'Communications', category: 'Internet', subcategory: 'E-Commerce/Services', isin: 'CA82509L1076', refPrice: 108.2, stockType: 'COMMON', volatility: 0.5 },
  { symbol: 'SHOP', conId: 195014098, primaryExchange: 'TSE', longName: 'SHOPIFY INC - CLASS A', industry: 'Communications', category: 'Internet', subcategory: 'E-Commerce/Services', isin: 'CA82509L1076', refPrice: 151.4, stockType: 'COMMON', currency: 'CAD', venue: 'TSX', marketData: 'delayed', volatility: 0.5 },
  { symbol: 'SAP', conId: 14204, primaryExchange: 'IBIS', longName: 'SAP SE', industry: 'Technology', category: 'Software', subcategory: 'Enterprise Software/Serv', isin: 'DE0007164600', refPrice: 221.6, stockType: 'COMMON', currency: 'EUR', venue: 'IBIS', marketData: 'additional' },
  { symbol: 'SAP', conId: 36180430, primaryExchange: 'NYSE', longName: 'SAP SE-SPONSORED ADR', industry: 'Technology', category: 'Software', subcategory: 'Enterprise Software/Serv', isin: 'US8030542042', refPrice: 232.1, stockType: 'ADR' },
];

export interface FutureRoot {
  symbol: string;
  exchange: 'CME' | 'NYMEX' | 'COMEX';
  longName: string;
  multiplier: number;
  minTick: number;
  /** 'quarterly' = Mar/Jun/Sep/Dec, third Friday; 'monthly' = energy-style, before the 25th of the prior month. */
  cycle: 'quarterly' | 'monthly';
  refPrice: number;
  volatility: number;
  /** Contract months generated ahead. */
  count: number;
  marketData?: MarketDataAccess;
  lastTradeTime: string;
}

export const FUTURES: readonly FutureRoot[] = [
  { symbol: 'ES', exchange: 'CME', longName: 'E-mini S&P 500', multiplier: 50, minTick: 0.25, cycle: 'quarterly', refPrice: 5890, volatility: 0.16, count: 3, lastTradeTime: '08:30' },
  { symbol: 'NQ', exchange: 'CME', longName: 'E-mini NASDAQ 100', multiplier: 20, minTick: 0.25, cycle: 'quarterly', refPrice: 20650, volatility: 0.2, count: 3, lastTradeTime: '08:30' },
  { symbol: 'MES', exchange: 'CME', longName: 'Micro E-Mini S&P 500 Stock Price Index', multiplier: 5, minTick: 0.25, cycle: 'quarterly', refPrice: 5890, volatility: 0.16, count: 2, lastTradeTime: '08:30' },
  { symbol: 'CL', exchange: 'NYMEX', longName: 'Light Sweet Crude Oil', multiplier: 1000, minTick: 0.01, cycle: 'monthly', refPrice: 71.2, volatility: 0.35, count: 4, lastTradeTime: '13:30' },
  // No market-data subscription at all: reqMktData → 354.
  { symbol: 'GC', exchange: 'COMEX', longName: 'Gold', multiplier: 100, minTick: 0.1, cycle: 'quarterly', refPrice: 2650, volatility: 0.15, count: 2, marketData: 'none', lastTradeTime: '12:30' },
];

export interface FxRow {
  base: string;
  quote: string;
  conId: number;
  minTick: number;
  refPrice: number;
  longName: string;
}

export const FX: readonly FxRow[] = [
  { base: 'EUR', quote: 'USD', conId: 12087792, minTick: 0.00005, refPrice: 1.0825, longName: 'European Monetary Union Euro' },
  { base: 'GBP', quote: 'USD', conId: 12087797, minTick: 0.00005, refPrice: 1.2710, longName: 'British pound' },
  { base: 'USD', quote: 'JPY', conId: 15016059, minTick: 0.005, refPrice: 151.35, longName: 'US dollar' },
  { base: 'USD', quote: 'CAD', conId: 15016062, minTick: 0.00005, refPrice: 1.3905, longName: 'US dollar' },
  { base: 'AUD', quote: 'USD', conId: 14433401, minTick: 0.00005, refPrice: 0.6545, longName: 'Australian dollar' },
];

export interface OptionChainRow {
  underlying: string;
  /** Distance between strikes and how many strikes on each side of the reference price. */
  strikeStep: number;
  strikesEachSide: number;
  weeklies: number;
  monthlies: number;
}

export const OPTION_CHAINS: readonly OptionChainRow[] = [
  { underlying: 'AAPL', strikeStep: 5, strikesEachSide: 8, weeklies: 4, monthlies: 3 },
  { underlying: 'SPY', strikeStep: 5, strikesEachSide: 10, weeklies: 4, monthlies: 3 },
  { underlying: 'TSLA', strikeStep: 10, strikesEachSide: 6, weeklies: 2, monthlies: 2 },
];
