// Webhooks: the door for alert senders such as TradingView, which cannot sign in or set headers.
// Each webhook belongs to one connection and has a secret, shown once (only its sha256 is kept),
// that travels in the URL path or in the body's token / passphrase field. A delivery is checked
// (secret in constant time, the same answer for an unknown webhook), decoded by alert-formats and
// handed to the one SignalIntake port, exactly like an API signal. Senders re-send on time-outs and
// 5xx, so an identical body within the re-delivery window gets the first answer and nothing new.
// Every delivery is kept (secrets out) for the user to see, and audited.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { base32, Conflict, KairoxError, NotFound, randomSecret, sha256Hex, type Clock, type Logger } from '../common/index.ts';
import { WorkspaceScope, type Db } from '../db/index.ts';
import type { AuditActor, AuditEventInput, RequestMeta } from '../domain/index.ts';
import { decodeWebhookBody, deliveryOf, SURROGATE_ESCAPE, type DecodedBody, type JsonObject } from './alert-formats.ts';
import { deliveryFingerprint } from './fingerprint.ts';
import type { SignalIntake, SignalTransaction, SubmitResult, SubmitTimings } from './submit.ts';
import { WebhookRateLimiter } from './webhook-rate.ts';
import { webhookForDelivery, webhooksOf, type DeliveryOutcome, type DeliveryRow, type WebhookRow } from './webhook-store.ts';

export interface WebhookView {
  id: string;
  connectionId: string;
  name: string;
  /** Where to POST with the secret in the body (token or passphrase); the URL with the secret in its path is shown only once. */
  deliveryUrl: string;
  createdAt: number;
  createdBy: AuditActor;
  rotatedAt: number | null;
  revokedAt: number | null;
  lastDeliveryAt: number | null;
}

/** Shown once, on create and rotate. */
export interface WebhookCredentials {
  webhook: WebhookView;
  /** The URL to paste into the alert sender: the secret is in its path. */
  url: string;
  secret: string;
}

export interface DeliveryView {
  id: string;
  receivedAt: number;
  outcome: DeliveryOutcome;
  httpStatus: number;
  signalId: string | null;
  /** The problem's stable code (placeholders_not_filled, invalid_signal, ...) when refused. */
  code: string | null;
  field: string | null;
  /** The body as sent without its secret fields; null when it was not a readable JSON object. */
  payload: unknown;
}

/** What to answer an alert sender. */
export interface DeliveryAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Work to run after answering (recording a refused delivery), so a refusal takes the same time whether or not the webhook exists. */
  afterAnswer?: () => Promise<void>;
}

export interface Delivery {
  webhookId: string;
  /** From POST /hooks/:webhookId/:secret. */
  pathSecret?: string;
  /** The raw body, as text. */
  text: string;
  contentType: string | undefined;
  meta?: RequestMeta;
  /** Filled in when the body becomes a signal (see SubmitContext.timings). */
  timings?: SubmitTimings;
}

/** What webhooks need of the connections module: throws NotFound when the workspace has no such connection. */
export interface WebhookConnections {
  describe(scope: WorkspaceScope, connectionId: string): Promise<unknown>;
}

export interface WebhookAuditSink {
  /** Appends in the scope's transaction; nothing is read back (the view would be parsed for nobody). */
  appendMany(scope: WorkspaceScope, inputs: readonly AuditEventInput[]): Promise<unknown>;
}

export interface WebhooksServiceDeps {
  db: Db;
  clock: Clock;
  settings: { publicUrl: string; dedupeWindowMs: number; ratePerMinute: number };
  connections: WebhookConnections;
  /** Undefined until signal intake is wired in: deliveries are then answered 503. */
  intake: SignalIntake | undefined;
  audit?: WebhookAuditSink;
  logger?: Logger;
}

export interface Actor { actor: AuditActor; meta?: RequestMeta }

const ID_SHAPE = /^whk_[0-9a-z]{26}$/;
/** Compared against when the webhook is unknown or revoked, so every refusal does the same work. */
const NO_SECRET_HASH = sha256Hex(`no webhook ${randomSecret()}`);
const DELIVERIES_SHOWN = 50;
/** TradingView re-sends 5 s apart. */
const RETRY_AFTER_SECONDS = 5;

/** What one delivery record says. */
interface DeliveryEntry {
  id?: string;
  outcome: DeliveryOutcome;
  answer: { status: number; body: unknown };
  payload: JsonObject | null;
  fingerprint?: string;
  signalId?: string | null;
  code?: string;
  field?: string | undefined;
  firstDeliveryId?: string;
}

const UNAUTHORIZED_BODY = {
  error: {
    code: 'UNAUTHORIZED',
    message: 'This webhook URL or its secret is not valid: the webhook may be unknown or revoked, or the secret wrong (rotating a webhook replaces its secret). '
      + 'Copy the URL again from Kairox; when posting to /hooks/{webhookId}, put the secret in the body\'s "token" or "passphrase" field.',
  },
};

export function newWebhookId(): string {
  return `whk_${base32(randomBytes(16))}`;
}

function newDeliveryId(): string {
  return `whd_${base32(randomBytes(16))}`;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** JSON lets "\ud800" through, but such text cannot be stored as UTF-8 (nor hashed alike on both engines). */
function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([k, v]) => LONE_SURROGATE.test(k) || holdsLoneSurrogate(v));
  return false;
}

function sameHash(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

export class WebhooksService {
  private readonly rate: WebhookRateLimiter;

  constructor(private readonly deps: WebhooksServiceDeps) {
    this.rate = new WebhookRateLimiter(deps.settings.ratePerMinute, deps.clock);
  }

  private viewOf(row: WebhookRow): WebhookView {
    return {
      id: row.id, connectionId: row.connection_id, name: row.name, deliveryUrl: `${this.deps.settings.publicUrl}/hooks/${row.id}`,
      createdAt: row.created_at, createdBy: { type: row.created_by_type as AuditActor['type'], id: row.created_by },
      rotatedAt: row.rotated_at, revokedAt: row.revoked_at, lastDeliveryAt: row.last_delivery_at,
    };
  }

  private credentials(row: WebhookRow, secret: string): WebhookCredentials {
    const webhook = this.viewOf(row);
    return { webhook, url: `${webhook.deliveryUrl}/${secret}`, secret };
  }

  private async row(scope: WorkspaceScope, id: string): Promise<WebhookRow> {
    const row = ID_SHAPE.test(id) ? await webhooksOf(this.deps.db, scope.workspaceId).get(id) : undefined;
    if (!row) throw new NotFound('Webhook');
    return row;
  }

  async create(scope: WorkspaceScope, input: { connectionId: string; name: string }, by: Actor): Promise<WebhookCredentials> {
    await this.deps.connections.describe(scope, input.connectionId);
    const id = newWebhookId();
    const secret = randomSecret();
    await webhooksOf(this.deps.db, scope.workspaceId).insert({
      id, connection_id: input.connectionId, name: input.name, secret_hash: sha256Hex(secret),
      created_by_type: by.actor.type, created_by: by.actor.id, created_at: this.deps.clock.now(),
    });
    await this.audit(scope, { action: 'webhook.created', actor: by.actor, target: { type: 'webhook', id }, data: { connectionId: input.connectionId, name: input.name }, requestId: by.meta?.requestId });
    return this.credentials(await this.row(scope, id), secret);
  }

  async list(scope: WorkspaceScope, options: { includeRevoked: boolean } = { includeRevoked: false }): Promise<WebhookView[]> {
    return (await webhooksOf(this.deps.db, scope.workspaceId).list(options)).map((row) => this.viewOf(row));
  }

  async get(scope: WorkspaceScope, id: string): Promise<WebhookView> {
    return this.viewOf(await this.row(scope, id));
  }

  /** A new secret; the old one stops working at once. */
  async rotate(scope: WorkspaceScope, id: string, by: Actor): Promise<WebhookCredentials> {
    const current = await this.row(scope, id);
    if (current.revoked_at !== null) throw this.revokedAlready(current);
    const secret = randomSecret();
    if (!(await webhooksOf(this.deps.db, scope.workspaceId).rotate(id, sha256Hex(secret), this.deps.clock.now()))) throw this.revokedAlready(current);
    await this.audit(scope, { action: 'webhook.rotated', actor: by.actor, target: { type: 'webhook', id }, data: { connectionId: current.connection_id }, requestId: by.meta?.requestId });
    return this.credentials(await this.row(scope, id), secret);
  }

  /** Its deliveries are refused from now on; the webhook and its deliveries stay listed for history. */
  async revoke(scope: WorkspaceScope, id: string, by: Actor): Promise<WebhookView> {
    const current = await this.row(scope, id);
    if (current.revoked_at !== null || !(await webhooksOf(this.deps.db, scope.workspaceId).revoke(id, this.deps.clock.now()))) throw this.revokedAlready(current);
    await this.audit(scope, { action: 'webhook.revoked', actor: by.actor, target: { type: 'webhook', id }, data: { connectionId: current.connection_id }, requestId: by.meta?.requestId });
    return this.get(scope, id);
  }

  private revokedAlready(row: WebhookRow): Conflict {
    return new Conflict(`Webhook ${row.id} is revoked${row.revoked_at === null ? '' : ` since ${new Date(row.revoked_at).toISOString()}`}; create a new one.`);
  }

  /** The most recent deliveries, newest first. */
  async deliveries(scope: WorkspaceScope, id: string): Promise<DeliveryView[]> {
    await this.row(scope, id);
    const rows = await webhooksOf(this.deps.db, scope.workspaceId).recentDeliveries(id, DELIVERIES_SHOWN);
    return rows.map((r) => ({
      id: r.id, receivedAt: r.received_at, outcome: r.outcome, httpStatus: r.http_status, signalId: r.signal_id,
      code: r.code, field: r.field, payload: r.payload === null ? null : JSON.parse(r.payload) as unknown,
    }));
  }

  /** One request of an alert sender → the answer it gets. Never throws for a bad body. */
  async deliver(delivery: Delivery): Promise<DeliveryAnswer> {
    const wellFormed = ID_SHAPE.test(delivery.webhookId);
    // Ids that cannot exist share one allowance, so made-up ids cannot grow the limiter without bound.
    const rate = this.rate.take(wellFormed ? delivery.webhookId : 'not-a-webhook-id');
    if (!rate.allowed) {
      return {
        status: 429, headers: { 'retry-after': String(rate.retryAfterSeconds) },
        body: { error: { code: 'RATE_LIMITED', message: `This webhook received more than ${this.deps.settings.ratePerMinute} deliveries in a minute; retry in ${rate.retryAfterSeconds} s, or send fewer alerts.` } },
      };
    }
    const receivedAt = this.deps.clock.now();
    const row = wellFormed ? await webhookForDelivery(this.deps.db, delivery.webhookId) : undefined;
    const decoded = decodeWebhookBody(delivery.text, delivery.contentType);
    const readablePayload = decoded.payload ?? null;
    const bodySecret = decoded.secret;
    const given = delivery.pathSecret ?? bodySecret;
    const live = row !== undefined && row.revoked_at === null;
    // Always one comparison of two digests: unknown, revoked and wrong all do the same work.
    const matches = sameHash(sha256Hex(given ?? ''), live ? row.secret_hash : NO_SECRET_HASH);
    const consistent = delivery.pathSecret === undefined || bodySecret === undefined || bodySecret === delivery.pathSecret;
    if (!live || given === undefined || !matches || !consistent) {
      const answer: DeliveryAnswer = { status: 401, body: UNAUTHORIZED_BODY };
      if (row) {
        answer.afterAnswer = () => this.record(row, delivery, receivedAt, { outcome: 'unauthorized', answer, payload: readablePayload, code: row.revoked_at === null ? 'invalid_secret' : 'webhook_revoked' });
      }
      return answer;
    }
    return this.accept(row, delivery, receivedAt, decoded);
  }

  /** `decoded`: the body as deliver() read it for its secret, read once. */
  private async accept(row: WebhookRow, delivery: Delivery, receivedAt: number, decoded: DecodedBody): Promise<DeliveryAnswer> {
    const parsed = deliveryOf(decoded, row.connection_id);
    // Checked before anything is kept: such text is not stored alike by both engines. The payload
    // is parsed from delivery.text, so text without a surrogate escape cannot hold one.
    if (SURROGATE_ESCAPE.test(delivery.text) && holdsLoneSurrogate(parsed.payload)) {
      const answer = { status: 400, body: { error: { code: 'VALIDATION_FAILED', reason: 'invalid_text', message: 'A text in the alert holds a lone UTF-16 surrogate (such as \\ud800), which is not valid Unicode; send well-formed text.' } } };
      await this.record(row, delivery, receivedAt, { outcome: 'rejected', answer, payload: null, code: 'invalid_text' });
      return answer;
    }
    if (!parsed.ok) {
      const { problem } = parsed;
      const answer = { status: 400, body: { error: { code: 'VALIDATION_FAILED', reason: problem.code, message: problem.message, ...(problem.field !== undefined && { field: problem.field }) } } };
      await this.record(row, delivery, receivedAt, { outcome: 'rejected', answer, payload: parsed.payload ?? null, code: problem.code, field: problem.field });
      return answer;
    }
    const { payload, signal } = parsed;
    const fingerprint = deliveryFingerprint(payload);
    const window = this.deps.settings.dedupeWindowMs;
    // With an idempotency key, intake itself tells repeats apart (and a changed body under one key is a 422).
    if (window > 0 && signal.idempotencyKey === undefined) {
      const first = await webhooksOf(this.deps.db, row.workspace_id).firstAcceptedSince(row.id, fingerprint, receivedAt - window);
      if (first) {
        const answer = { status: first.http_status, body: JSON.parse(first.response) as unknown, headers: { 'kairox-repeated-delivery': first.id } };
        await this.record(row, delivery, receivedAt, { outcome: 'repeated', answer, payload, fingerprint, signalId: first.signal_id, firstDeliveryId: first.id });
        return answer;
      }
    }
    const intake = this.deps.intake;
    if (!intake) {
      const answer = { status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE', message: 'Signal intake is not running in this Kairox process; the delivery was recorded but not acted on. Retry later.' } } };
      await this.record(row, delivery, receivedAt, { outcome: 'failed', answer, payload, fingerprint, code: 'intake_unavailable' });
      return answer;
    }
    const deliveryId = newDeliveryId();
    const accepted = (result: SubmitResult) => {
      const { status, code, message } = result.decision;
      const answer = {
        status: 202,
        body: { deliveryId, signalId: result.signalId, repeated: result.repeated, decision: { status, ...(code !== undefined && { code }), ...(message !== undefined && { message }) } },
      };
      return { id: deliveryId, outcome: 'accepted' as const, answer, payload, fingerprint, signalId: result.signalId };
    };
    let recordedWithSignal = false;
    let result: SubmitResult;
    try {
      result = await intake.submit(signal, {
        workspaceId: row.workspace_id, source: 'webhook', webhookId: row.id, receivedAt, payload,
        actor: { type: 'webhook', id: row.id },
        ...(signal.idempotencyKey !== undefined && { idempotencyKey: signal.idempotencyKey }),
        ...(delivery.meta?.requestId !== undefined && { requestId: delivery.meta.requestId }),
        ...(delivery.timings && { timings: delivery.timings }),
        // The delivery record is what tells a re-send apart: it commits with the signal or not at all.
        recordWithSignal: async (trx, submitted) => {
          await this.writeDelivery(trx, row, delivery, receivedAt, accepted(submitted));
          recordedWithSignal = true;
        },
      });
    } catch (error) {
      if (error instanceof KairoxError && error.status < 500) {
        const answer = { status: error.status, body: { error: { code: error.code, message: error.message, ...(error.details && { details: error.details }) } } };
        await this.record(row, delivery, receivedAt, { outcome: 'rejected', answer, payload, fingerprint, code: error.code.toLowerCase() });
        return answer;
      }
      // Kairox's own failure. The signal and its delivery record are one transaction, so nothing of
      // this delivery was kept: 503 (temporary, try again) rather than 500, because sending the
      // same alert again is exactly the fix, and senders re-send a 5xx on their own. The re-send is
      // a new attempt: a 'failed' delivery is never taken for the first of a re-delivery.
      this.deps.logger?.error({ err: error, webhookId: row.id }, 'a webhook delivery could not be decided and recorded; answered 503');
      const answer = {
        status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
        body: { error: { code: 'SERVICE_UNAVAILABLE', message: 'Kairox could not decide and record this alert, and nothing was created from it; send it again (alert senders such as TradingView re-send on their own).' } },
      };
      await this.record(row, delivery, receivedAt, { outcome: 'failed', answer, payload, fingerprint, code: 'internal' })
        .catch((recordError: unknown) => this.deps.logger?.error({ err: recordError, webhookId: row.id }, 'could not record a failed webhook delivery'));
      return answer;
    }
    const done = accepted(result);
    // A repeat of an idempotency key writes nothing in intake (and an intake may not run the hook): kept on its own then.
    if (result.repeated || !recordedWithSignal) await this.record(row, delivery, receivedAt, done);
    return done.answer;
  }

  /** Keeps a delivery (with its audit entry) in a transaction of its own: one commit. */
  private async record(row: WebhookRow, delivery: Delivery, receivedAt: number, entry: DeliveryEntry): Promise<void> {
    await this.deps.db.kysely.transaction().execute((executor) =>
      this.writeDelivery({ scope: new WorkspaceScope(row.workspace_id, executor, this.deps.db.kind), executor }, row, delivery, receivedAt, entry));
  }

  /** The delivery row, the webhook's last delivery time and the audit entry, in the transaction given. */
  private async writeDelivery(trx: SignalTransaction, row: WebhookRow, delivery: Delivery, receivedAt: number, entry: DeliveryEntry): Promise<void> {
    const id = entry.id ?? newDeliveryId();
    const delivered: Omit<DeliveryRow, 'workspace_id'> = {
      id, webhook_id: row.id, received_at: receivedAt, fingerprint: entry.fingerprint ?? (entry.payload ? deliveryFingerprint(entry.payload) : null),
      outcome: entry.outcome, http_status: entry.answer.status, signal_id: entry.signalId ?? null, code: entry.code ?? null, field: entry.field ?? null,
      payload: entry.payload === null ? null : JSON.stringify(entry.payload), response: JSON.stringify(entry.answer.body), request_id: delivery.meta?.requestId ?? null,
    };
    // The audit entry first: it locks the workspace row (PostgreSQL), which a signal's transaction
    // holds before it gets here, so every transaction takes the workspace's lock before the
    // webhook's and none can wait on another holding them the other way round.
    await this.audit(trx.scope, {
      action: AUDIT_ACTION[entry.outcome], actor: { type: 'webhook', id: row.id }, target: { type: 'webhook', id: row.id },
      data: {
        deliveryId: id, connectionId: row.connection_id, status: entry.answer.status, signalId: entry.signalId ?? null, code: entry.code ?? null, field: entry.field ?? null,
        fingerprint: delivered.fingerprint, ip: delivery.meta?.ip ?? null, ...(entry.firstDeliveryId !== undefined && { firstDeliveryId: entry.firstDeliveryId }),
      },
      ...(delivery.meta?.requestId !== undefined && { requestId: delivery.meta.requestId }),
    });
    await webhooksOf(trx.executor, row.workspace_id).insertDelivery(delivered);
  }

  private async audit(scope: WorkspaceScope, input: AuditEventInput): Promise<void> {
    await this.deps.audit?.appendMany(scope, [input]);
  }
}

const AUDIT_ACTION = {
  accepted: 'webhook.delivery_accepted',
  repeated: 'webhook.delivery_repeated',
  rejected: 'webhook.delivery_rejected',
  unauthorized: 'webhook.delivery_unauthorized',
  failed: 'webhook.delivery_failed',
} as const satisfies Record<DeliveryOutcome, AuditEventInput['action']>;
