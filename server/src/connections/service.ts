// The Connect Brokers & Exchanges flow: create, list, read, update, delete connections of a
// workspace. Input goes through the form's one validator; messages carry the form's labels and
// never the refused values (a pasted secret is neither stored, echoed nor logged).
import { decodeSessionStatus, type SessionStatus } from '../broker/index.ts';
import { Conflict, newId, KairoxError, NotFound, type Clock, type Logger } from '../common/index.ts';
import { isUniqueViolation, type Db, type WorkspaceScope } from '../db/index.ts';
import {
  checkTarget, CLIENT_ZERO_WARNING, DEFAULT_ADDRESS_POLICY, isMetadataHostName, FORM_LABELS, formatHostPort, tradingModeWarnings, validateConnectionForm,
  type AddressPolicy, type AuditActor, type ConnectionFormInput, type ConnectionSettings, type FieldProblem, type RequestMeta,
} from '../domain/index.ts';
import { connectionsOf, type ConnectionEventRow, type ConnectionRow } from './store.ts';
import { loginFactsOf, tradingViewOf, type TradingView } from './trading-controls.ts';
import { tradingControlsOf, type ConnectionControls, type WorkspaceControls } from './trading-controls-store.ts';

export interface AuditSink {
  append(scope: WorkspaceScope, input: { action: 'connection.created' | 'connection.updated' | 'connection.deleted'; actor: AuditActor; target: { type: string; id: string }; data?: Record<string, unknown>; requestId?: string }): Promise<unknown>;
}

export interface ConnectionView {
  id: string;
  connectionType: string;
  platform: string;
  hostPort: string;
  host: string;
  port: number;
  clientId: number;
  accountId: string | null;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  revision: number;
  /** Last status published by the worker (see sessions/), null before it ran this connection. */
  status: SessionStatus | null;
  statusAt: number | null;
  /** About the settings: a live port, live accounts once seen, client id 0. The status has the session's own. */
  warnings: string[];
  /** Trading state (own and effective, with the kill switch) and the execution switch with what enabling it needs. */
  trading: TradingView;
}

const ID_SHAPE = /^con_[0-9a-z]{26}$/;

export function newConnectionId(): string {
  return newId('con');
}

export function isConnectionId(value: string): boolean {
  return ID_SHAPE.test(value);
}

/** A 400 that lists every field problem; the message is the first one. */
export class ConnectionFormError extends KairoxError {
  constructor(problems: readonly FieldProblem[]) {
    const first = problems[0];
    super('VALIDATION_FAILED', 400, first?.message ?? 'The connection form is invalid.', {
      field: first?.field,
      problems: problems.map((p) => ({ field: p.field, label: p.label, message: p.message, ...(p.secret && { secret: true }) })),
    });
  }
}

export function settingsOf(row: ConnectionRow): ConnectionSettings {
  return {
    connectionType: 'Financial', platform: 'Interactive Brokers', host: row.host, port: row.port,
    hostKind: row.host.includes(':') ? 'ipv6' : /^\d+\.\d+\.\d+\.\d+$/.test(row.host) ? 'ipv4' : 'hostname',
    clientId: row.client_id, accountId: row.account_id,
  };
}

/** The worker's last published status of this connection, and when it was published. */
export function publishedStatusOf(row: ConnectionRow): { status: SessionStatus; at: number } | null {
  const status = decodeSessionStatus(row.status);
  return status && row.status_at !== null ? { status, at: row.status_at } : null;
}

function viewOf(row: ConnectionRow, controls: ConnectionControls | undefined, workspace: WorkspaceControls): ConnectionView {
  const status = decodeSessionStatus(row.status);
  if (!controls) throw new NotFound('Connection');
  return {
    id: row.id, connectionType: row.connection_type, platform: row.platform, hostPort: formatHostPort(row), host: row.host, port: row.port,
    clientId: row.client_id, accountId: row.account_id, enabled: row.disabled_at === null, createdAt: row.created_at, updatedAt: row.updated_at,
    revision: row.revision, status, statusAt: row.status_at,
    warnings: [...tradingModeWarnings(row.port, status?.accounts ?? []), ...(row.client_id === 0 ? [CLIENT_ZERO_WARNING] : [])],
    trading: tradingViewOf(controls, workspace, loginFactsOf(row)),
  };
}

export interface ConnectionsServiceDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  audit?: AuditSink;
  policy?: AddressPolicy;
  /** Told after every change, so a worker in the same process picks it up now rather than at its next poll. */
  onChange?: () => void;
}

export interface Actor { actor: AuditActor; meta?: RequestMeta }

export class ConnectionsService {
  private readonly log: Logger;
  private readonly policy: AddressPolicy;

  constructor(private readonly deps: ConnectionsServiceDeps) {
    this.log = deps.logger.child({ component: 'connections' });
    this.policy = deps.policy ?? DEFAULT_ADDRESS_POLICY;
  }

  /** Validates the form; an IP literal is also checked against the address policy now (names at connect time, after DNS). */
  validate(input: ConnectionFormInput): { settings: ConnectionSettings; notices: string[] } {
    const result = validateConnectionForm(input);
    if (!result.ok) {
      // Log which fields failed, never their values.
      this.log.info({ fields: result.problems.map((p) => p.field), misplacedSecret: result.problems.some((p) => p.secret) }, 'connection form refused');
      throw new ConnectionFormError(result.problems);
    }
    const s = result.value;
    const decision = isMetadataHostName(s.host) || s.hostKind !== 'hostname' ? checkTarget(s.host, [s.host], this.policy) : { allowed: true as const };
    if (!decision.allowed) {
      throw new ConnectionFormError([{ field: 'hostPort', label: FORM_LABELS.hostPort, message: `${FORM_LABELS.hostPort} is not allowed: ${decision.reason}.` }]);
    }
    return { settings: s, notices: result.notices };
  }

  private duplicate(): Conflict {
    return new Conflict(`This workspace already has a connection to this ${FORM_LABELS.hostPort} with this ${FORM_LABELS.clientId}; IB would refuse the second session (error 326). Use another ${FORM_LABELS.clientId}.`);
  }

  async create(scope: WorkspaceScope, input: ConnectionFormInput & { enabled?: unknown }, by: Actor): Promise<{ connection: ConnectionView; notices: string[] }> {
    const { settings, notices } = this.validate(input);
    const store = connectionsOf(this.deps.db, scope.workspaceId);
    if (await store.findTarget(settings.host, settings.port, settings.clientId)) throw this.duplicate();
    const now = this.deps.clock.now();
    const id = newConnectionId();
    try {
      await store.insert({
        id, connection_type: settings.connectionType, platform: settings.platform, host: settings.host, port: settings.port,
        client_id: settings.clientId, account_id: settings.accountId, created_at: now, updated_at: now, disabled_at: input.enabled === false ? now : null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw this.duplicate();
      throw error;
    }
    await this.deps.audit?.append(scope, {
      action: 'connection.created', actor: by.actor, target: { type: 'connection', id },
      data: { hostPort: formatHostPort(settings), clientId: settings.clientId, accountId: settings.accountId }, requestId: by.meta?.requestId,
    });
    this.deps.onChange?.();
    return { connection: await this.get(scope, id), notices };
  }

  async list(scope: WorkspaceScope): Promise<ConnectionView[]> {
    const rows = await connectionsOf(this.deps.db, scope.workspaceId).list();
    const trading = tradingControlsOf(this.deps.db, scope.workspaceId);
    const [controls, workspace] = await Promise.all([trading.connections(), trading.workspace()]);
    return rows.map((row) => viewOf(row, controls.get(row.id), workspace));
  }

  async get(scope: WorkspaceScope, id: string): Promise<ConnectionView> {
    const row = await this.row(scope, id);
    const trading = tradingControlsOf(this.deps.db, scope.workspaceId);
    return viewOf(row, await trading.connection(row.id), await trading.workspace());
  }

  async row(scope: WorkspaceScope, id: string): Promise<ConnectionRow> {
    const row = isConnectionId(id) ? await connectionsOf(this.deps.db, scope.workspaceId).get(id) : undefined;
    if (!row) throw new NotFound('Connection');
    return row;
  }

  /** Fields left out keep their value; `enabled` switches the worker's session on or off. */
  async update(scope: WorkspaceScope, id: string, input: ConnectionFormInput & { enabled?: unknown }, by: Actor): Promise<{ connection: ConnectionView; notices: string[] }> {
    const current = await this.row(scope, id);
    const merged: ConnectionFormInput = {
      connectionType: input.connectionType ?? current.connection_type,
      platform: input.platform ?? current.platform,
      hostPort: input.hostPort ?? formatHostPort(current),
      clientId: input.clientId ?? current.client_id,
      accountId: input.accountId === undefined ? current.account_id ?? undefined : input.accountId,
    };
    const { settings, notices } = this.validate(merged);
    const store = connectionsOf(this.deps.db, scope.workspaceId);
    if (await store.findTarget(settings.host, settings.port, settings.clientId, id)) throw this.duplicate();
    const now = this.deps.clock.now();
    const disabled_at = input.enabled === undefined ? current.disabled_at : input.enabled === false ? current.disabled_at ?? now : null;
    try {
      await store.update(id, { host: settings.host, port: settings.port, client_id: settings.clientId, account_id: settings.accountId, disabled_at }, now);
    } catch (error) {
      if (isUniqueViolation(error)) throw this.duplicate();
      throw error;
    }
    await this.deps.audit?.append(scope, {
      action: 'connection.updated', actor: by.actor, target: { type: 'connection', id },
      data: { hostPort: formatHostPort(settings), clientId: settings.clientId, accountId: settings.accountId, enabled: disabled_at === null }, requestId: by.meta?.requestId,
    });
    this.deps.onChange?.();
    return { connection: await this.get(scope, id), notices };
  }

  async delete(scope: WorkspaceScope, id: string, by: Actor): Promise<void> {
    const row = await this.row(scope, id);
    await connectionsOf(this.deps.db, scope.workspaceId).delete(row.id);
    await this.deps.audit?.append(scope, {
      action: 'connection.deleted', actor: by.actor, target: { type: 'connection', id }, data: { hostPort: formatHostPort(row), clientId: row.client_id }, requestId: by.meta?.requestId,
    });
    this.deps.onChange?.();
  }

  async timeline(scope: WorkspaceScope, id: string, limit = 100): Promise<ConnectionEventRow[]> {
    await this.row(scope, id);
    return connectionsOf(this.deps.db, scope.workspaceId).events(id, limit);
  }
}
