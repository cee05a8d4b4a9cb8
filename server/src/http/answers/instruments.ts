// The answers of the instrument routes (routes/instruments.ts): the contracts a search found
// (broker/reports.ts ContractCandidate) and approved instruments (instruments/service.ts
// InstrumentView: the same contract facts, stored when it was approved, plus who approved it).
import { z } from 'zod';
import { SEC_TYPES } from '../../domain/index.ts';
import { actorAnswer, epochMs } from './common.ts';

/** What IB says about a contract (reqContractDetails); a field IB left unset is absent. */
const contractFacts = z.object({
  conId: z.number().describe('IB\'s contract id.'),
  symbol: z.string(),
  secType: z.string().describe('IB\'s security type, e.g. STK, FUT, OPT, CASH.'),
  exchange: z.string().describe('Where orders are routed (SMART for most stocks).'),
  primaryExchange: z.string().optional(),
  currency: z.string(),
  multiplier: z.number().describe('Contract multiplier: 1 for stocks and FX (and when IB sends none), e.g. 50 for ES, 100 for equity options.'),
  minTick: z.number(),
  minSize: z.number().optional().describe('The smallest order quantity IB accepts.'),
  sizeIncrement: z.number().describe('The smallest quantity step IB accepts, e.g. 0.0001 for fractional shares, 1 for futures.'),
  sizeIncrementAssumed: z.literal(true).optional().describe('IB sent no size increment (server versions before 164): 1 was assumed.'),
  longName: z.string().optional(),
  localSymbol: z.string().optional(),
  tradingClass: z.string().optional(),
  lastTradeDate: z.string().optional().describe('Derivatives: YYYYMMDD.'),
  strike: z.number().optional(),
  right: z.enum(['C', 'P']).optional(),
  tradingHours: z.string().optional().describe('IB\'s session string, e.g. "20261201:0930-20261201:1600;20261202:CLOSED", in timeZoneId.'),
  liquidHours: z.string().optional().describe('The regular (liquid) hours, in the same form.'),
  timeZoneId: z.string().optional(),
  validExchanges: z.string().optional().describe('IB\'s comma-separated list, as sent.'),
  marketRuleIds: z.record(z.string(), z.number()).optional().describe('The market rule (price grid) per valid exchange, e.g. {"SMART": 26}.'),
});

export const searchAnswer = z.object({
  candidates: z.array(contractFacts.extend({
    approvedInstrumentId: z.string().nullable().describe('The active approval of this contract on the connection (ins_…), when there is one.'),
  })),
  notFound: z.string().optional().describe('IB\'s own text when it knows no contract for the description (candidates is then empty).'),
});

export const instrumentAnswer = contractFacts.extend({
  id: z.string().describe('ins_…'),
  connectionId: z.string(),
  secType: z.enum(SEC_TYPES),
  approvedAt: epochMs(),
  approvedBy: actorAnswer,
  revokedAt: epochMs().nullable(),
  revokedBy: actorAnswer.nullable(),
});

export const oneInstrumentAnswer = z.object({ instrument: instrumentAnswer });
