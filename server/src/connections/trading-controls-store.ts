// Rows of the trading controls (migration 20261201T1100_trading_controls): the trading-state and
// execution columns of broker_connections, and workspace_trading_controls (kill switch, paper-first
// evidence). Bound to one workspace like every other scope, so another workspace's row is not found.
import type { Kysely, Selectable } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { KillSwitch, PaperFillEvidence, TradingMode, TradingState } from '../domain/index.ts';

/** The trading columns of broker_connections (the connection store owns the rest of the row). */
export interface ConnectionTradingColumns {
  id: string;
  workspace_id: string;
  trading_state: TradingState;
  trading_state_reason: string | null;
  trading_state_at: number | null;
  trading_state_by: string | null;
  /** 0 or 1. */
  execution_enabled: number;
  execution_mode: TradingMode | null;
  execution_enabled_by: string | null;
  execution_enabled_at: number | null;
}

export interface WorkspaceTradingControlsTable {
  workspace_id: string;
  halted_at: number | null;
  halted_by: string | null;
  halt_reason: string | null;
  paper_fill_seen_at: number | null;
  paper_fill_connection_id: string | null;
  paper_fill_exec_id: string | null;
}

interface TradingTables extends Database {
  broker_connections: ConnectionTradingColumns;
  workspace_trading_controls: WorkspaceTradingControlsTable;
}

/** A connection's trading controls, numbers normalised (pg returns bigint as text). */
export interface ConnectionControls {
  connectionId: string;
  state: TradingState;
  stateReason: string | null;
  stateChangedAt: number | null;
  stateChangedBy: string | null;
  executionEnabled: boolean;
  executionMode: TradingMode | null;
  executionEnabledBy: string | null;
  executionEnabledAt: number | null;
}

export interface WorkspaceControls {
  killSwitch: KillSwitch | null;
  paperFill: PaperFillEvidence | null;
}

const CONNECTION_COLUMNS = [
  'id', 'trading_state', 'trading_state_reason', 'trading_state_at', 'trading_state_by',
  'execution_enabled', 'execution_mode', 'execution_enabled_by', 'execution_enabled_at',
] as const;

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function controlsOf(row: Pick<Selectable<ConnectionTradingColumns>, (typeof CONNECTION_COLUMNS)[number]>): ConnectionControls {
  return {
    connectionId: row.id, state: row.trading_state, stateReason: row.trading_state_reason, stateChangedAt: num(row.trading_state_at), stateChangedBy: row.trading_state_by,
    executionEnabled: Number(row.execution_enabled) === 1, executionMode: row.execution_mode, executionEnabledBy: row.execution_enabled_by, executionEnabledAt: num(row.execution_enabled_at),
  };
}

export const NO_WORKSPACE_CONTROLS: WorkspaceControls = { killSwitch: null, paperFill: null };

function workspaceControlsOf(row: Selectable<WorkspaceTradingControlsTable> | undefined): WorkspaceControls {
  if (!row) return NO_WORKSPACE_CONTROLS;
  return {
    killSwitch: row.halted_at === null ? null : { haltedAt: Number(row.halted_at), haltedBy: row.halted_by, reason: row.halt_reason },
    paperFill: row.paper_fill_seen_at === null || row.paper_fill_connection_id === null || row.paper_fill_exec_id === null
      ? null
      : { seenAt: Number(row.paper_fill_seen_at), connectionId: row.paper_fill_connection_id, execId: row.paper_fill_exec_id },
  };
}

export class TradingControlsScope {
  constructor(readonly workspaceId: string, private readonly db: Kysely<TradingTables>) {}

  async connection(id: string): Promise<ConnectionControls | undefined> {
    const row = await this.db.selectFrom('broker_connections').select(CONNECTION_COLUMNS)
      .where('workspace_id', '=', this.workspaceId).where('id', '=', id).executeTakeFirst();
    return row && controlsOf(row);
  }

  async connections(): Promise<Map<string, ConnectionControls>> {
    const rows = await this.db.selectFrom('broker_connections').select(CONNECTION_COLUMNS).where('workspace_id', '=', this.workspaceId).execute();
    return new Map(rows.map((r) => [r.id, controlsOf(r)]));
  }

  async setState(id: string, change: { state: TradingState; reason: string | null; by: string; at: number }): Promise<void> {
    await this.db.updateTable('broker_connections')
      .set({ trading_state: change.state, trading_state_reason: change.reason, trading_state_by: change.by, trading_state_at: change.at })
      .where('workspace_id', '=', this.workspaceId).where('id', '=', id).execute();
  }

  async setExecution(id: string, change: { enabled: boolean; mode: TradingMode | null; by: string; at: number }): Promise<void> {
    await this.db.updateTable('broker_connections')
      .set({ execution_enabled: change.enabled ? 1 : 0, execution_mode: change.mode, execution_enabled_by: change.by, execution_enabled_at: change.at })
      .where('workspace_id', '=', this.workspaceId).where('id', '=', id).execute();
  }

  async workspace(): Promise<WorkspaceControls> {
    return workspaceControlsOf(await this.db.selectFrom('workspace_trading_controls').selectAll().where('workspace_id', '=', this.workspaceId).executeTakeFirst());
  }

  private async ensureRow(): Promise<void> {
    await this.db.insertInto('workspace_trading_controls')
      .values({ workspace_id: this.workspaceId, halted_at: null, halted_by: null, halt_reason: null, paper_fill_seen_at: null, paper_fill_connection_id: null, paper_fill_exec_id: null })
      .onConflict((oc) => oc.column('workspace_id').doNothing()).execute();
  }

  async engageKillSwitch(change: { by: string; reason: string | null; at: number }): Promise<void> {
    await this.ensureRow();
    await this.db.updateTable('workspace_trading_controls').set({ halted_at: change.at, halted_by: change.by, halt_reason: change.reason })
      .where('workspace_id', '=', this.workspaceId).execute();
  }

  async liftKillSwitch(): Promise<void> {
    await this.db.updateTable('workspace_trading_controls').set({ halted_at: null, halted_by: null, halt_reason: null })
      .where('workspace_id', '=', this.workspaceId).execute();
  }

  /** Records the evidence unless some was recorded before; true when this call recorded it. */
  async recordPaperFill(evidence: PaperFillEvidence): Promise<boolean> {
    await this.ensureRow();
    const result = await this.db.updateTable('workspace_trading_controls')
      .set({ paper_fill_seen_at: evidence.seenAt, paper_fill_connection_id: evidence.connectionId, paper_fill_exec_id: evidence.execId })
      .where('workspace_id', '=', this.workspaceId).where('paper_fill_seen_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

export function tradingControlsOf(db: Db, workspaceId: string): TradingControlsScope {
  return new TradingControlsScope(workspaceId, db.kysely.withTables<{ broker_connections: ConnectionTradingColumns; workspace_trading_controls: WorkspaceTradingControlsTable }>());
}
