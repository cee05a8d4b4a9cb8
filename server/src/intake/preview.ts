// A preview: what the decision of a signal WOULD be now, and IB's what-if for its order. The same
// decide() a submitted signal goes through (the same reads, sizing and risk gate), but nothing is
// recorded (no signal, no order, no audit entry) and nothing is placed at IB: the what-if is a
// placeOrder with whatIf=true, answered by IB with the margin and commission and never an order.
// A preview is not an order, so it counts toward no limit (the gate counts recorded orders), and a
// later signal with the same body is not its duplicate.
import type { WorkspaceScope } from '../db/index.ts';
import { ticketOf, type OrderIntent, type OrderWhatIf, type Signal } from '../domain/index.ts';
import { decide, within, type DecideDeps } from './decide.ts';
import { orderIntentOf, type Decision, type PreparedIntent } from './decision.ts';
import { signalFingerprint } from './fingerprint.ts';
import type { SignalsScope } from './signal-store.ts';
import type { SignalDecisionView } from './submit.ts';

/** How long IB's what-if answer may take before the preview answers with the decision alone. */
export const WHAT_IF_TIMEOUT_MS = 5_000;
/** The orderRef of a what-if order: no Kairox order stands behind it. */
export const WHAT_IF_ORDER_REF = 'kairox-preview';

/** The order the signal would become, without the ids a submitted signal gets. */
export type PreviewOrder = Omit<OrderIntent, 'kairoxOrderId' | 'signalId' | 'workspaceId' | 'connectionId'>;

export interface SignalPreview {
  /** Always false: a preview records nothing. */
  recorded: false;
  /** The decision a submission would get now: `prepared` (would prepare) or `denied` with its code, and every step's values. */
  decision: SignalDecisionView;
  /** The order it would prepare (prepared buy/sell/close), else null. */
  order: PreviewOrder | null;
  /** A cancel signal: the working Kairox orders it would cancel. */
  cancels: string[] | null;
  /** Whether the connection's execution switch is on: off means a sent signal is prepared, not sent. */
  executionEnabled: boolean;
  /** IB's what-if for the order (a bracket: its entry order), when the decision passes and IB answered. */
  whatIf: OrderWhatIf | null;
  /** Why there is no what-if although the decision passes ("IB what-if unavailable: …"), else null. */
  whatIfUnavailable: string | null;
  /** The signal an earlier submission with this idempotency key recorded (sending this body again answers that one), else null. */
  idempotencyKeyUsedBy: string | null;
}

export interface PreviewInput {
  scope: WorkspaceScope;
  signals: SignalsScope;
  signal: Signal;
  receivedAt: number;
  now: number;
  idempotencyKey: string | undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function viewOf(decision: Decision): SignalDecisionView {
  return { status: decision.status, ...(decision.code !== undefined && { code: decision.code }), message: decision.message, steps: decision.steps };
}

function orderOf(intent: Extract<PreparedIntent, { kind: 'order' }>): PreviewOrder {
  const { kairoxOrderId: _k, signalId: _s, workspaceId: _w, connectionId: _c, ...order } = orderIntentOf(intent);
  return order;
}

export async function previewSignal(deps: DecideDeps, input: PreviewInput): Promise<SignalPreview> {
  const { scope, signal } = input;
  const keyed: Signal = input.idempotencyKey === undefined ? signal : { ...signal, idempotencyKey: input.idempotencyKey };
  const decision = await decide({ ...deps, newOrderId: () => WHAT_IF_ORDER_REF }, {
    scope, signals: input.signals, signal: keyed, signalId: '', fingerprint: signalFingerprint(keyed), receivedAt: input.receivedAt, now: input.now,
  });
  const connection = await deps.connections.describe(scope, signal.connectionId);
  const first = input.idempotencyKey === undefined ? undefined : await input.signals.byIdempotencyKey(input.idempotencyKey);
  const intent = decision.status === 'prepared' ? decision.intent : undefined;
  const preview: SignalPreview = {
    recorded: false, decision: viewOf(decision), order: intent?.kind === 'order' ? orderOf(intent) : null, cancels: intent?.kind === 'cancel' ? intent.kairoxOrderIds : null,
    executionEnabled: connection.executionEnabled, whatIf: null, whatIfUnavailable: null, idempotencyKeyUsedBy: first?.id ?? null,
  };
  if (intent?.kind !== 'order') return preview;
  const ticket = ticketOf(intent);
  if (!ticket.ok) return { ...preview, whatIfUnavailable: `IB what-if unavailable: ${ticket.reason}.` };
  const session = deps.marketData?.session(signal.connectionId);
  if (!session) return { ...preview, whatIfUnavailable: `IB what-if unavailable: no IB session runs for connection ${signal.connectionId} in this Kairox process.` };
  try {
    return { ...preview, whatIf: await within(session.whatIf({ ...ticket.ticket, orderRef: WHAT_IF_ORDER_REF }, WHAT_IF_TIMEOUT_MS), WHAT_IF_TIMEOUT_MS, 'what-if answer') };
  } catch (error) {
    return { ...preview, whatIfUnavailable: `IB what-if unavailable: ${messageOf(error)}` };
  }
}
