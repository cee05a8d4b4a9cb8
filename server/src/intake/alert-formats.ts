// A webhook delivery → a Kairox signal. Alert senders such as TradingView cannot set headers, send
// `text/plain` when they think the message is not JSON, and put the webhook's secret in the body;
// so this reads the raw text itself, takes the secret out (returned apart, never kept), refuses
// placeholders TradingView left unfilled, and accepts either the Kairox signal schema or the
// TradingView / TradersPost-style alert. Every refusal is a problem for a 400 with a stable code.
import { parseSignal, signalProblemOf, type Signal, type SignalProblem } from '../domain/index.ts';
import { signalFromTradingView, TradingViewAlertSchema } from './tradingview-alert.ts';

/**
 * Whether JSON text writes a surrogate as a \u escape (or something that looks like one). Text
 * decoded from UTF-8 holds only whole pairs, so without such an escape no parsed string can hold
 * a lone surrogate.
 */
export const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** Body fields that may carry the webhook's secret (TradingView cannot send it in a header). */
export const SECRET_FIELDS = ['token', 'passphrase'] as const;

export type JsonObject = Record<string, unknown>;
export type AlertFormat = 'kairox' | 'tradingview';

export type AlertProblemCode =
  | 'unsupported_content_type'
  | 'empty_body'
  | 'not_json'
  | 'not_an_object'
  | 'placeholders_not_filled'
  | 'invalid_secret'
  | 'unknown_format'
  | 'connection_mismatch'
  | 'invalid_signal';

export interface AlertProblem extends SignalProblem {
  readonly code: AlertProblemCode;
}

export type DecodedBody =
  /** `payload`: the body without its secret fields, what may be kept, audited and fingerprinted. */
  | { ok: true; payload: JsonObject; secret?: string }
  | { ok: false; problem: AlertProblem; payload?: JsonObject; secret?: string };

export type WebhookSignal =
  | { ok: true; format: AlertFormat; signal: Signal; /** Alert fields the signal does not use. */ ignored: string[] }
  | { ok: false; problem: AlertProblem; format?: AlertFormat };

export type WebhookDelivery =
  | { ok: true; format: AlertFormat; signal: Signal; ignored: string[]; payload: JsonObject; secret?: string }
  | { ok: false; problem: AlertProblem; format?: AlertFormat; payload?: JsonObject; secret?: string };

const refuse = (code: AlertProblemCode, message: string, field?: string): { ok: false; problem: AlertProblem } =>
  ({ ok: false, problem: { code, message, ...(field === undefined ? {} : { field }) } });

const JSON_EXAMPLE = '{"ticker": "{{ticker}}", "action": "{{strategy.order.action}}", "sentiment": "{{strategy.market_position}}", "quantity": "{{strategy.order.contracts}}"}';

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function readableMediaType(type: string): boolean {
  return type === '' || type === 'application/json' || type === 'text/plain' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

const PLACEHOLDER = /\{\{[^{}]*\}\}/;

function placeholderMessage(placeholder: string, field?: string): string {
  const named = /^\{\{\s*[A-Za-z0-9_.]{1,60}\s*\}\}$/.test(placeholder) ? placeholder : 'a {{…}} placeholder';
  return `The alert's placeholders were not filled in: ${field ? `${field} still holds` : 'the message still holds'} ${named}. `
    + 'TradingView fills only the placeholders it knows for that kind of alert ({{strategy.…}} ones only in strategy alerts) '
    + 'and only when it sends the alert itself; check the spelling, or write a real value.';
}

/** The first string (in document order) still holding a `{{…}}` placeholder, and where. */
function findPlaceholder(value: unknown, path: string): { field: string; placeholder: string } | undefined {
  if (typeof value === 'string') {
    const found = PLACEHOLDER.exec(value);
    return found ? { field: path, placeholder: found[0] } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findPlaceholder(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findPlaceholder(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/** Takes the secret fields out of a body; the secret is returned apart so the caller can check it. */
export function withoutSecrets(body: JsonObject): { ok: true; payload: JsonObject; secret?: string } | { ok: false; problem: AlertProblem; payload: JsonObject } {
  const payload: JsonObject = {};
  const secrets: string[] = [];
  let malformed: string | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (!(SECRET_FIELDS as readonly string[]).includes(key)) {
      payload[key] = value;
    } else if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      secrets.push(String(value));
    } else if (value !== undefined && value !== null) {
      malformed ??= key;
    }
  }
  // Never echo the secret: say only which field is wrong.
  if (malformed) return { ...refuse('invalid_secret', `${malformed}: the webhook secret must be text, as shown when the webhook was created.`, malformed), payload };
  if (new Set(secrets).size > 1) return { ...refuse('invalid_secret', 'token and passphrase hold different secrets; send the webhook secret once.', 'token'), payload };
  return secrets[0] === undefined ? { ok: true, payload } : { ok: true, payload, secret: secrets[0] };
}

/** The raw body (as text, with its Content-Type) → a JSON object without its secret fields. */
export function decodeWebhookBody(text: string, contentType: string | undefined): DecodedBody {
  const type = mediaType(contentType);
  if (!readableMediaType(type)) {
    const shown = /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type) ? ` (${type})` : '';
    return refuse('unsupported_content_type', `The body's Content-Type${shown} is not read: send the alert as JSON, with Content-Type application/json or text/plain.`);
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return refuse('empty_body', `The body is empty: write the alert message as a JSON object, e.g. ${JSON_EXAMPLE}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // An unquoted placeholder ({{strategy.order.contracts}}) is the usual reason an alert is not JSON.
    const placeholder = PLACEHOLDER.exec(body);
    if (placeholder) return refuse('placeholders_not_filled', placeholderMessage(placeholder[0]));
    return refuse('not_json', `The alert's message is not JSON: write it as a JSON object, e.g. ${JSON_EXAMPLE}.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return refuse('not_an_object', `The alert's message must be a JSON object ({…}), e.g. ${JSON_EXAMPLE}.`);
  }
  const stripped = withoutSecrets(parsed as JsonObject);
  if (!stripped.ok) return stripped;
  const placeholder = findPlaceholder(stripped.payload, '');
  if (placeholder) return { ...refuse('placeholders_not_filled', placeholderMessage(placeholder.placeholder, placeholder.field), placeholder.field), payload: stripped.payload, secret: stripped.secret };
  return stripped;
}

/** Which format a body is written in: a Kairox signal names an instrument, an alert a ticker. */
export function formatOf(payload: JsonObject): AlertFormat | AlertProblem {
  const kairox = 'instrument' in payload;
  const tradingView = 'ticker' in payload;
  if (kairox && !tradingView) return 'kairox';
  if (tradingView && !kairox) return 'tradingview';
  return {
    code: 'unknown_format',
    message: kairox
      ? 'The body has both instrument (a Kairox signal) and ticker (a TradingView-style alert): use one format.'
      : 'The body is neither a Kairox signal (instrument, action, size, …) nor a TradingView-style alert (ticker, action, quantity, …).',
  };
}

/** A decoded body → the signal it stands for on the webhook's own connection. */
export function signalFromWebhookBody(payload: JsonObject, connectionId: string): WebhookSignal {
  const format = formatOf(payload);
  if (typeof format !== 'string') return { ok: false, problem: format };
  if (format === 'tradingview') {
    const alert = TradingViewAlertSchema.safeParse(payload);
    if (!alert.success) return { ok: false, format, problem: { code: 'invalid_signal', ...signalProblemOf(alert.error.issues) } };
    const result = signalFromTradingView(alert.data, connectionId);
    return result.ok ? { ok: true, format, signal: result.signal, ignored: result.ignored } : { ok: false, format, problem: { code: 'invalid_signal', ...result.problem } };
  }
  if (payload.connectionId !== undefined && payload.connectionId !== connectionId) {
    return { ok: false, format, problem: { code: 'connection_mismatch', field: 'connectionId', message: 'connectionId: this webhook is bound to another connection; leave connectionId out (the webhook\'s connection is used), or send the signal to that connection\'s webhook.' } };
  }
  const result = parseSignal({ ...payload, connectionId });
  return result.ok ? { ok: true, format, signal: result.signal, ignored: [] } : { ok: false, format, problem: { code: 'invalid_signal', ...result.problem } };
}

/** Raw text and Content-Type of a delivery → its signal, or the problem to answer with a 400. */
export function parseWebhookDelivery(text: string, contentType: string | undefined, connectionId: string): WebhookDelivery {
  return deliveryOf(decodeWebhookBody(text, contentType), connectionId);
}

/** A body decodeWebhookBody already read → its signal (for a caller that needed the secret first). */
export function deliveryOf(decoded: DecodedBody, connectionId: string): WebhookDelivery {
  if (!decoded.ok) return decoded;
  const secret = decoded.secret === undefined ? {} : { secret: decoded.secret };
  const result = signalFromWebhookBody(decoded.payload, connectionId);
  return { ...result, payload: decoded.payload, ...secret };
}
