// The answers of the signal routes (routes/signals.ts): a signal's decision (intake/submit.ts
// SignalDecisionView), a submission's answer, a preview (intake/preview.ts SignalPreview) and a
// recorded signal (intake/service.ts SignalView) with the parsed signal and the intent it became.
import { z } from 'zod';
import { SignalSchema } from '../../domain/index.ts';
import { SIGNAL_STATUSES } from '../../intake/index.ts';
import { epochMs } from './common.ts';
import { orderIntentFields } from './orders.ts';

export const decisionAnswer = z.object({
  status: z.enum(['prepared', 'denied']).describe('What intake decided; the signal\'s own status moves on with its order.'),
  code: z.string().optional().describe('When denied: the denial code (e.g. instrument_not_qualified, max_order_notional).'),
  message: z.string(),
  steps: z.array(z.object({
    step: z.string().describe('connection, instrument, account, sizing, prices, then risk:<rule> for each risk rule.'),
    outcome: z.enum(['pass', 'deny', 'skip']),
    code: z.string().optional(),
    message: z.string().optional(),
    values: z.record(z.string(), z.unknown()).optional().describe('The values that decided it (limits, quantities, prices).'),
  })).describe('Every step\'s outcome, in order; a denial is the last.'),
});

export const submittedAnswer = z.object({
  signal: z.object({ id: z.string().describe('sig_…'), status: decisionAnswer.shape.status, decision: decisionAnswer }),
  repeated: z.boolean().describe('A repeat of an earlier submission with the same idempotency key: nothing new was created.'),
});

const { kairoxOrderId: _k, signalId: _s, workspaceId: _w, connectionId: _c, ...previewOrderFields } = orderIntentFields;

const whatIfAnswer = z.object({
  initMarginBefore: z.number().optional(),
  maintMarginBefore: z.number().optional(),
  equityWithLoanBefore: z.number().optional(),
  initMarginChange: z.number().optional(),
  maintMarginChange: z.number().optional(),
  equityWithLoanChange: z.number().optional(),
  initMarginAfter: z.number().optional(),
  maintMarginAfter: z.number().optional(),
  equityWithLoanAfter: z.number().optional(),
  commission: z.number().optional(),
  minCommission: z.number().optional(),
  maxCommission: z.number().optional(),
  commissionCurrency: z.string().optional(),
  warningText: z.string().optional().describe('IB\'s warning about the order (e.g. not enough equity with loan for the initial margin).'),
}).describe('IB\'s what-if (placeOrder with whatIf=true: nothing placed); a value IB left unset is absent.');

export const previewAnswer = z.object({
  preview: z.object({
    recorded: z.literal(false).describe('A preview records nothing.'),
    decision: decisionAnswer.describe('The decision a submission would get now.'),
    order: z.object(previewOrderFields).nullable().describe('The order it would prepare (buy, sell, close), else null.'),
    cancels: z.array(z.string()).nullable().describe('A cancel signal: the working Kairox orders it would cancel, else null.'),
    executionEnabled: z.boolean().describe('Whether the connection\'s execution switch is on: off means a sent signal is prepared, not sent.'),
    whatIf: whatIfAnswer.nullable(),
    whatIfUnavailable: z.string().nullable().describe('Why there is no what-if although the decision passes ("IB what-if unavailable: …").'),
    idempotencyKeyUsedBy: z.string().nullable().describe('The signal an earlier submission with this idempotency key recorded (sending this body answers that one).'),
  }),
});

const preparedIntent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('order'), ...orderIntentFields }),
  z.object({
    kind: z.literal('cancel'),
    signalId: z.string(),
    connectionId: z.string(),
    conId: z.number(),
    kairoxOrderIds: z.array(z.string()).describe('The working Kairox orders to cancel.'),
  }),
]);

export const signalAnswer = z.object({
  id: z.string().describe('sig_…'),
  connectionId: z.string(),
  source: z.enum(['api', 'webhook']),
  webhookId: z.string().nullable().describe('The webhook it came through (source webhook).'),
  idempotencyKey: z.string().nullable(),
  fingerprint: z.string().describe('Identifies identical signals (the duplicate window compares it).'),
  status: z.enum(SIGNAL_STATUSES).describe('Where the signal is now: prepared or denied by intake, then as its order goes (routed, filled, …).'),
  decision: decisionAnswer,
  signal: SignalSchema.describe('The signal as Kairox read it, defaults applied.'),
  payload: z.unknown().describe('The body as sent, secrets removed.'),
  intent: preparedIntent.nullable().describe('What a prepared signal asked execution to do; null when denied.'),
  kairoxOrderId: z.string().nullable().describe('The order it became (kxo_…), if any.'),
  receivedAt: epochMs(),
  decidedAt: epochMs().nullable(),
});

export const signalsAnswer = z.object({
  signals: z.array(signalAnswer),
  nextBefore: z.string().nullable().describe('Pass as before for the next (older) page; null on the last one.'),
});
