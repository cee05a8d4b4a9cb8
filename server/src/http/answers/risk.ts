// The answer of the risk routes (routes/risk.ts): a connection's policy, the defaults, where each
// limit comes from and the usage next to each limit (connections/risk-policy-service.ts
// RiskPolicyView, connections/risk-usage.ts). The policy is the risk gate's own schema.
import { z } from 'zod';
import { USAGE_UNAVAILABLE_CODES } from '../../connections/index.ts';
import { LIMIT_FIELDS, MONEY_UNIT, RiskPolicySchema, type LimitField } from '../../risk/index.ts';
import { actorAnswer, epochMs } from './common.ts';

const usageItem = z.object({
  limit: z.number().describe('The connection-level limit (a market or symbol override may set another one for its orders).'),
  value: z.number().nullable().describe('The current value in `unit`; null when Kairox does not know it (`unavailable` says why).'),
  unit: z.string(),
  unavailable: z.object({ code: z.enum(USAGE_UNAVAILABLE_CODES), message: z.string() }).optional(),
});

const usageAnswer = z.object({
  account: z.string().nullable().describe('The IB account the values are for; null when none was read.'),
  ordersToday: usageItem,
  ordersLastMinute: usageItem,
  dailyLoss: usageItem.extend({
    realized: z.number().optional().describe(`IB's realized P&L of the day, in ${MONEY_UNIT}.`),
    unrealized: z.number().optional().describe(`IB's unrealized P&L of the day, in ${MONEY_UNIT}. The loss is -(realized + unrealized), 0 when that is a gain.`),
  }),
  openPositions: usageItem,
  grossExposure: usageItem,
});

export const riskAnswer = z.object({
  risk: z.object({
    connectionId: z.string(),
    policy: RiskPolicySchema.describe('Every limit in force, defaults filled in, with the market and symbol overrides.'),
    defaults: RiskPolicySchema,
    sources: z.partialRecord(z.enum(LIMIT_FIELDS as [LimitField, ...LimitField[]]), z.enum(['policy', 'default']))
      .describe('For each connection-level limit: at its default, or changed by the policy.'),
    revision: z.number().describe('0 while the connection runs on the defaults; +1 per replacement.'),
    updatedAt: epochMs().nullable(),
    updatedBy: actorAnswer.nullable(),
    usage: usageAnswer,
  }),
});
