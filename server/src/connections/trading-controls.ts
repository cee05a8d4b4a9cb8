// Trading controls of a workspace's connections: the trading state per connection, the workspace
// kill switch, and the paper-first execution switch. The rules are domain/trading-controls.ts;
// this module stores, audits (who did it) and explains. The worker reports what it sees through
// `paperFillSeen` and `accountsSeen` (sessions/worker.ts, TradingControlsPort).
import { KairoxError, NotFound, type Clock } from '../common/index.ts';
import { forWorkspace, type Db, type WorkspaceScope } from '../db/index.ts';
import {
  accountTypeChangeReason, connectionMode, decideEnableExecution, effectiveTradingState, resumeRefusal, unmetExecutionNeeds,
  type AuditActor, type AuditEventInput, type EffectiveTradingState, type ExecutionRefusal, type ExecutionRefusalCode, type KillSwitch, type LoginFacts,
  type PaperFillEvidence, type RequestMeta, type TradingMode, type TradingState,
} from '../domain/index.ts';
import { decodeSessionStatus } from '../broker/index.ts';
import { connectionsOf, type ConnectionRow } from './store.ts';
import { tradingControlsOf, type ConnectionControls, type WorkspaceControls } from './trading-controls-store.ts';

export interface TradingAuditSink {
  append(scope: WorkspaceScope, input: AuditEventInput): Promise<unknown>;
}

/** What GET /api/connections/:id/trading and the connection view show. */
export interface TradingView {
  /** The connection's own state, as last set. */
  state: TradingState;
  stateReason: string | null;
  stateChangedAt: number | null;
  stateChangedBy: string | null;
  /** What the risk gate applies: halted while the workspace kill switch is on, else the connection's state. */
  effective: EffectiveTradingState;
  killSwitch: KillSwitch | null;
  execution: {
    enabled: boolean;
    /** The account type execution was enabled for. */
    mode: TradingMode | null;
    enabledBy: string | null;
    enabledAt: number | null;
    /** The login's account type as Kairox knows it now (accounts seen decide; else the port hints). */
    accountMode: TradingMode | 'mixed' | null;
    accountModeFrom: 'accounts' | 'port' | 'nothing';
    /** What enabling still needs (empty when enabled or when nothing is missing), each with a stable code. */
    needs: ExecutionRefusal[];
  };
  paperFill: PaperFillEvidence | null;
}

const REFUSAL_STATUS: Record<ExecutionRefusalCode, number> = {
  MIXED_MODE_LOGIN: 409, ACCOUNT_MODE_UNKNOWN: 409, PAPER_FILL_REQUIRED: 409, OWNER_REQUIRED: 403,
  ACCOUNTS_NOT_SEEN: 409, ACCOUNT_NOT_CHOSEN: 409, CONFIRM_ACCOUNT_REQUIRED: 422, CONFIRM_ACCOUNT_MISMATCH: 422,
};

/** How an actor is stored in the *_by columns: "user:usr_…", "api_token:tok_…", "system". */
export function actorText(actor: AuditActor): string {
  return actor.id === null ? actor.type : `${actor.type}:${actor.id}`;
}

export function loginFactsOf(row: Pick<ConnectionRow, 'port' | 'status'>): LoginFacts {
  const status = decodeSessionStatus(row.status);
  return { port: row.port, accounts: status?.accounts ?? [], account: status?.account ?? null };
}

export function tradingViewOf(controls: ConnectionControls, workspace: WorkspaceControls, facts: LoginFacts): TradingView {
  const known = connectionMode(facts);
  // What an owner would still need: a trader's own missing role is said when they try.
  const needs = controls.executionEnabled ? [] : unmetExecutionNeeds({ facts, paperFill: workspace.paperFill, byOwner: true }).needs;
  return {
    state: controls.state, stateReason: controls.stateReason, stateChangedAt: controls.stateChangedAt, stateChangedBy: controls.stateChangedBy,
    effective: effectiveTradingState({ state: controls.state, reason: controls.stateReason }, workspace.killSwitch),
    killSwitch: workspace.killSwitch,
    execution: {
      enabled: controls.executionEnabled, mode: controls.executionMode, enabledBy: controls.executionEnabledBy, enabledAt: controls.executionEnabledAt,
      accountMode: known.mode ?? null, accountModeFrom: known.from, needs,
    },
    paperFill: workspace.paperFill,
  };
}

export interface TradingActor { actor: AuditActor; meta?: RequestMeta }

export interface TradingControlsDeps {
  db: Db;
  clock: Clock;
  audit: TradingAuditSink;
}

export class TradingControlsService {
  constructor(private readonly deps: TradingControlsDeps) {}

  private async connectionRow(scope: WorkspaceScope, id: string): Promise<{ row: ConnectionRow; controls: ConnectionControls }> {
    const row = /^con_[0-9a-z]{26}$/.test(id) ? await connectionsOf(this.deps.db, scope.workspaceId).get(id) : undefined;
    const controls = row && (await tradingControlsOf(this.deps.db, scope.workspaceId).connection(row.id));
    if (!row || !controls) throw new NotFound('Connection');
    return { row, controls };
  }

  async view(scope: WorkspaceScope, id: string): Promise<TradingView> {
    const { row, controls } = await this.connectionRow(scope, id);
    return tradingViewOf(controls, await tradingControlsOf(this.deps.db, scope.workspaceId).workspace(), loginFactsOf(row));
  }

  /** Sets the connection's own state; resuming is refused while the login's account type differs from the one execution was enabled for. */
  async setState(scope: WorkspaceScope, id: string, input: { state: TradingState; reason?: string }, by: TradingActor): Promise<TradingView> {
    const { row, controls } = await this.connectionRow(scope, id);
    const refusal = resumeRefusal({ state: input.state, executionEnabled: controls.executionEnabled, executionMode: controls.executionMode, facts: loginFactsOf(row) });
    if (refusal) throw new KairoxError(refusal.code, 409, refusal.message);
    const reason = input.reason ?? null;
    await tradingControlsOf(this.deps.db, scope.workspaceId).setState(row.id, { state: input.state, reason, by: actorText(by.actor), at: this.deps.clock.now() });
    await this.audit(scope, by, 'connection.trading_state_changed', row.id, { from: controls.state, to: input.state, reason });
    return this.view(scope, row.id);
  }

  /** Turns the workspace kill switch on (a second call while on changes nothing). */
  async engageKillSwitch(scope: WorkspaceScope, input: { reason?: string }, by: TradingActor): Promise<WorkspaceControls> {
    const store = tradingControlsOf(this.deps.db, scope.workspaceId);
    const current = await store.workspace();
    if (current.killSwitch) return current;
    const reason = input.reason ?? null;
    await store.engageKillSwitch({ by: actorText(by.actor), reason, at: this.deps.clock.now() });
    await this.audit(scope, by, 'workspace.kill_switch_engaged', { type: 'workspace', id: scope.workspaceId }, { reason });
    return store.workspace();
  }

  /** Lifts the kill switch: every connection is back to its own state (a call while off changes nothing). */
  async liftKillSwitch(scope: WorkspaceScope, by: TradingActor): Promise<WorkspaceControls> {
    const store = tradingControlsOf(this.deps.db, scope.workspaceId);
    const current = await store.workspace();
    if (!current.killSwitch) return current;
    await store.liftKillSwitch();
    await this.audit(scope, by, 'workspace.kill_switch_lifted', { type: 'workspace', id: scope.workspaceId }, { haltedAt: current.killSwitch.haltedAt, haltedBy: current.killSwitch.haltedBy, reason: current.killSwitch.reason });
    return store.workspace();
  }

  async workspace(scope: WorkspaceScope): Promise<WorkspaceControls> {
    return tradingControlsOf(this.deps.db, scope.workspaceId).workspace();
  }

  /** The execution switch: off for anyone who may trade; on as domain/trading-controls.ts decides (paper first, owner and typed account for live). */
  async setExecution(scope: WorkspaceScope, id: string, input: { enabled: boolean; confirmAccount?: string }, by: TradingActor & { owner: boolean }): Promise<TradingView> {
    const { row, controls } = await this.connectionRow(scope, id);
    const store = tradingControlsOf(this.deps.db, scope.workspaceId);
    const at = this.deps.clock.now();
    if (!input.enabled) {
      if (controls.executionEnabled) {
        await store.setExecution(row.id, { enabled: false, mode: null, by: actorText(by.actor), at });
        await this.audit(scope, by, 'connection.execution_disabled', row.id, { mode: controls.executionMode });
      }
      return this.view(scope, row.id);
    }
    const decision = decideEnableExecution({
      facts: loginFactsOf(row), paperFill: (await store.workspace()).paperFill, byOwner: by.owner, ...(input.confirmAccount !== undefined && { confirmAccount: input.confirmAccount }),
    });
    if (!decision.ok) {
      throw new KairoxError(decision.refusal.code, REFUSAL_STATUS[decision.refusal.code], decision.refusal.message, { accountMode: decision.mode ?? null });
    }
    if (!controls.executionEnabled || controls.executionMode !== decision.mode) {
      await store.setExecution(row.id, { enabled: true, mode: decision.mode, by: actorText(by.actor), at });
      await this.audit(scope, by, 'connection.execution_enabled', row.id, { mode: decision.mode, account: decision.account });
    }
    return this.view(scope, row.id);
  }

  /** The worker saw a fill on a paper account: the workspace's paper-first evidence, recorded once. */
  async paperFillSeen(workspaceId: string, connectionId: string, fill: { execId: string; account?: string }): Promise<void> {
    const scope = forWorkspace(this.deps.db, workspaceId);
    const evidence = { seenAt: this.deps.clock.now(), connectionId, execId: fill.execId };
    if (!(await tradingControlsOf(this.deps.db, workspaceId).recordPaperFill(evidence))) return;
    await this.audit(scope, { actor: SYSTEM }, 'workspace.paper_fill_seen', connectionId, { execId: fill.execId, account: fill.account ?? null });
  }

  /**
   * The worker saw the login's accounts (every sync). A connection whose execution was enabled for
   * another account type halts; the reason is returned for the timeline (undefined when nothing changed).
   */
  async accountsSeen(workspaceId: string, connectionId: string, accounts: readonly string[]): Promise<string | undefined> {
    const store = tradingControlsOf(this.deps.db, workspaceId);
    const controls = await store.connection(connectionId);
    if (!controls?.executionEnabled || controls.executionMode === null) return undefined;
    const reason = accountTypeChangeReason(controls.executionMode, accounts);
    if (!reason || (controls.state === 'halted' && controls.stateReason === reason)) return undefined;
    await store.setState(connectionId, { state: 'halted', reason, by: actorText(SYSTEM), at: this.deps.clock.now() });
    await this.audit(forWorkspace(this.deps.db, workspaceId), { actor: SYSTEM }, 'connection.halted_account_type_changed', connectionId, {
      from: controls.state, to: 'halted', executionMode: controls.executionMode, accounts: [...accounts], reason,
    });
    return reason;
  }

  private async audit(scope: WorkspaceScope, by: TradingActor, action: AuditEventInput['action'], target: string | { type: 'workspace'; id: string }, data: Record<string, unknown>): Promise<void> {
    await this.deps.audit.append(scope, { action, actor: by.actor, target: typeof target === 'string' ? { type: 'connection', id: target } : target, data, ...(by.meta?.requestId !== undefined && { requestId: by.meta.requestId }) });
  }
}

const SYSTEM: AuditActor = { type: 'system', id: null };
