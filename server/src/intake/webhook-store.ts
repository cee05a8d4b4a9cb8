// Rows of `webhooks` and `webhook_deliveries`. A WebhooksScope is bound to one workspace and adds it
// to every query (the WorkspaceScope pattern), so another workspace's webhook is simply not found.
// The one unscoped read is `webhookForDelivery`: an alert sender's request names only the webhook,
// and the secret it carries is what proves which workspace it may act in.
import type { Kysely, Selectable } from 'kysely';
import { precompiled, type Database, type Db } from '../db/index.ts';

export interface WebhooksTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  name: string;
  /** sha256 hex of the current secret. */
  secret_hash: string;
  created_by_type: string;
  created_by: string | null;
  created_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
  last_delivery_at: number | null;
}

export const DELIVERY_OUTCOMES = ['accepted', 'repeated', 'rejected', 'unauthorized', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export interface WebhookDeliveriesTable {
  id: string;
  workspace_id: string;
  webhook_id: string;
  received_at: number;
  fingerprint: string | null;
  outcome: DeliveryOutcome;
  http_status: number;
  signal_id: string | null;
  code: string | null;
  field: string | null;
  /** Canonical JSON of the body without its secret fields. */
  payload: string | null;
  /** JSON of the answer given. */
  response: string;
  request_id: string | null;
}

interface WebhookTables extends Database {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

const optionalNumber = (value: number | null): number | null => (value === null ? null : Number(value));

/** bigint columns come back as strings from pg. */
function normaliseWebhook(row: WebhookRow): WebhookRow {
  return {
    ...row, created_at: Number(row.created_at), rotated_at: optionalNumber(row.rotated_at),
    revoked_at: optionalNumber(row.revoked_at), last_delivery_at: optionalNumber(row.last_delivery_at),
  };
}

function normaliseDelivery(row: DeliveryRow): DeliveryRow {
  return { ...row, received_at: Number(row.received_at), http_status: Number(row.http_status) };
}

// The queries every delivery runs, built once (db/precompiled.ts).
const webhookById = precompiled('webhook by id', (db: Kysely<WebhookTables>, p: { id: string }) =>
  db.selectFrom('webhooks').selectAll().where('id', '=', p.id));

const firstAccepted = precompiled(
  'first accepted delivery since',
  (db: Kysely<WebhookTables>, p: { workspaceId: string; webhookId: string; fingerprint: string; since: number }) =>
    db.selectFrom('webhook_deliveries').selectAll()
      .where('workspace_id', '=', p.workspaceId).where('webhook_id', '=', p.webhookId)
      .where('fingerprint', '=', p.fingerprint).where('outcome', '=', 'accepted').where('received_at', '>=', p.since)
      .orderBy('received_at').orderBy('id'),
);

const insertDeliveryRow = precompiled('insert a webhook delivery', (db: Kysely<WebhookTables>, p: DeliveryRow) =>
  db.insertInto('webhook_deliveries').values({
    id: p.id, workspace_id: p.workspace_id, webhook_id: p.webhook_id, received_at: p.received_at, fingerprint: p.fingerprint,
    outcome: p.outcome, http_status: p.http_status, signal_id: p.signal_id, code: p.code, field: p.field, payload: p.payload,
    response: p.response, request_id: p.request_id,
  } satisfies Record<keyof WebhookDeliveriesTable, unknown>));

const setLastDeliveryAt = precompiled('set a webhook\'s last delivery time', (db: Kysely<WebhookTables>, p: { workspaceId: string; id: string; at: number }) =>
  db.updateTable('webhooks').set({ last_delivery_at: p.at }).where('workspace_id', '=', p.workspaceId).where('id', '=', p.id));

export class WebhooksScope {
  constructor(readonly workspaceId: string, private readonly db: Kysely<WebhookTables>) {}

  async insert(row: Omit<WebhookRow, 'workspace_id' | 'rotated_at' | 'revoked_at' | 'last_delivery_at'>): Promise<void> {
    await this.db.insertInto('webhooks').values({ ...row, workspace_id: this.workspaceId, rotated_at: null, revoked_at: null, last_delivery_at: null }).execute();
  }

  async get(id: string): Promise<WebhookRow | undefined> {
    const row = await this.db.selectFrom('webhooks').selectAll().where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
    return row && normaliseWebhook(row);
  }

  /** Oldest first; revoked ones too when asked. */
  async list(options: { includeRevoked: boolean }): Promise<WebhookRow[]> {
    let q = this.db.selectFrom('webhooks').selectAll().where('workspace_id', '=', this.workspaceId);
    if (!options.includeRevoked) q = q.where('revoked_at', 'is', null);
    return (await q.orderBy('created_at').orderBy('id').execute()).map(normaliseWebhook);
  }

  /** Replaces the secret of a webhook that is not revoked; false otherwise. */
  async rotate(id: string, secretHash: string, now: number): Promise<boolean> {
    const result = await this.db.updateTable('webhooks').set({ secret_hash: secretHash, rotated_at: now })
      .where('workspace_id', '=', this.workspaceId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Sets revoked_at once; false when it is not in this workspace or already revoked. */
  async revoke(id: string, now: number): Promise<boolean> {
    const result = await this.db.updateTable('webhooks').set({ revoked_at: now })
      .where('workspace_id', '=', this.workspaceId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Keeps the delivery and moves the webhook's last delivery time (run it in one transaction). */
  async insertDelivery(row: Omit<DeliveryRow, 'workspace_id'>): Promise<void> {
    await insertDeliveryRow.run(this.db, { ...row, workspace_id: this.workspaceId });
    await setLastDeliveryAt.run(this.db, { workspaceId: this.workspaceId, id: row.webhook_id, at: row.received_at });
  }

  /** The first accepted delivery of this body since `since`: a re-delivery gets its answer. */
  async firstAcceptedSince(webhookId: string, fingerprint: string, since: number): Promise<DeliveryRow | undefined> {
    const row = await firstAccepted.first(this.db, { workspaceId: this.workspaceId, webhookId, fingerprint, since });
    return row && normaliseDelivery(row);
  }

  /** Newest first. */
  async recentDeliveries(webhookId: string, limit: number): Promise<DeliveryRow[]> {
    const rows = await this.db.selectFrom('webhook_deliveries').selectAll()
      .where('workspace_id', '=', this.workspaceId).where('webhook_id', '=', webhookId)
      .orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(normaliseDelivery);
  }
}

function tables(db: Db | Kysely<Database>): Kysely<WebhookTables> {
  const kysely = 'kysely' in db ? db.kysely : db;
  return kysely.withTables<{ webhooks: WebhooksTable; webhook_deliveries: WebhookDeliveriesTable }>();
}

/** Takes any executor: inside intake's transaction a delivery is written with its signal. */
export function webhooksOf(db: Db | Kysely<Database>, workspaceId: string): WebhooksScope {
  return new WebhooksScope(workspaceId, tables(db));
}

/** The webhook an alert sender's request names, whatever its workspace (the caller checks the secret). */
export async function webhookForDelivery(db: Db, id: string): Promise<WebhookRow | undefined> {
  const row = await webhookById.first(tables(db), { id });
  return row && normaliseWebhook(row);
}
