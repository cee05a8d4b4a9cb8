// What deciding a signal needs to know of its connection, read in ONE query: enabled, the saved
// account, the trading state, the execution switch, the workspace's kill switch and the risk
// policy. Intake asks this for every signal; reading it from four services cost four to eight
// queries (bench/intake). The policy text is parsed once per distinct text (the same validation
// as GET /api/connections/:id/risk, so a policy stored before a limit existed gets its default).
import type { Kysely } from 'kysely';
import { NotFound } from '../common/index.ts';
import { precompiled, type Database, type Db, type WorkspaceScope } from '../db/index.ts';
import type { TradingState } from '../domain/index.ts';
import { defaultRiskPolicy, parseRiskPolicy, type RiskPolicy } from '../risk/index.ts';
import type { RiskPoliciesTable } from './risk-policy-store.ts';
import { isConnectionId } from './service.ts';
import type { BrokerConnectionsTable } from './store.ts';
import type { ConnectionTradingColumns, WorkspaceTradingControlsTable } from './trading-controls-store.ts';

export interface SignalFacts {
  enabled: boolean;
  /** The IB account the connection was saved with, if any. */
  accountId: string | null;
  tradingState: TradingState;
  /** The workspace's kill switch is on. */
  workspaceHalted: boolean;
  executionEnabled: boolean;
  policy: RiskPolicy;
}

type FactTables = {
  broker_connections: BrokerConnectionsTable & ConnectionTradingColumns;
  workspace_trading_controls: WorkspaceTradingControlsTable;
  risk_policies: RiskPoliciesTable;
};

const POLICIES_KEPT = 1_000;
const parsedPolicies = new Map<string, RiskPolicy>();

/** The policy a stored text means; shared between signals, so callers must not change it. */
function policyOf(text: string | null, connectionId: string): RiskPolicy {
  if (text === null) return defaultRiskPolicy();
  const known = parsedPolicies.get(text);
  if (known) return known;
  const parsed = parseRiskPolicy(JSON.parse(text));
  if (!parsed.ok) throw new Error(`the stored risk policy of connection ${connectionId} no longer validates: ${parsed.problems[0]?.message ?? ''}`);
  if (parsedPolicies.size >= POLICIES_KEPT) parsedPolicies.delete(parsedPolicies.keys().next().value as string);
  parsedPolicies.set(text, deepFreeze(parsed.policy));
  return parsed.policy;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Built once (db/precompiled.ts): intake runs it for every signal. */
const factsOfConnection = precompiled('signal facts of a connection', (db: Kysely<Database & FactTables>, p: { workspaceId: string; connectionId: string }) =>
  db
    .selectFrom('broker_connections as c')
    .leftJoin('workspace_trading_controls as w', 'w.workspace_id', 'c.workspace_id')
    .leftJoin('risk_policies as p', (join) => join.onRef('p.workspace_id', '=', 'c.workspace_id').onRef('p.connection_id', '=', 'c.id'))
    .select(['c.disabled_at', 'c.account_id', 'c.trading_state', 'c.execution_enabled', 'w.halted_at', 'p.policy'])
    .where('c.workspace_id', '=', p.workspaceId).where('c.id', '=', p.connectionId),
);

/** Throws NotFound when the workspace has no such connection. */
export async function signalFactsOf(db: Db, scope: WorkspaceScope, connectionId: string): Promise<SignalFacts> {
  if (!isConnectionId(connectionId)) throw new NotFound('Connection');
  const row = await factsOfConnection.first(db.kysely.withTables<FactTables>(), { workspaceId: scope.workspaceId, connectionId });
  if (!row) throw new NotFound('Connection');
  return {
    enabled: row.disabled_at === null, accountId: row.account_id, tradingState: row.trading_state,
    workspaceHalted: row.halted_at !== null, executionEnabled: Number(row.execution_enabled) === 1,
    policy: policyOf(row.policy, connectionId),
  };
}
