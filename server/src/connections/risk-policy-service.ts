// A connection's risk policy: read (the stored one, or the defaults when none was stored) with the
// usage next to each limit, and replaced as a whole. A replacement is validated with the risk
// gate's own schema, so a problem names the field and its unit; it is stored as a new revision and
// audited with what changed.
import { canonicalJson, ValidationError, type Clock } from '../common/index.ts';
import type { Db, WorkspaceScope } from '../db/index.ts';
import type { AuditActor, RequestMeta } from '../domain/index.ts';
import { defaultRiskPolicy, parseRiskPolicy, type LimitField, type RiskPolicy } from '../risk/index.ts';
import { riskPoliciesOf, type RiskPolicyRow } from './risk-policy-store.ts';
import { readRiskUsage, type AccountReadsSource, type RiskUsageView } from './risk-usage.ts';
import type { ConnectionsService } from './service.ts';

export interface RiskPolicyAuditSink {
  append(scope: WorkspaceScope, input: {
    action: 'risk_policy.replaced'; actor: AuditActor; target: { type: string; id: string }; data?: Record<string, unknown>; requestId?: string;
  }): Promise<unknown>;
}

export interface RiskPolicyServiceDeps {
  db: Db;
  clock: Clock;
  connections: ConnectionsService;
  /** The IB sessions this process runs; undefined without a broker worker (`kairox api`). */
  sessions: AccountReadsSource | undefined;
  audit?: RiskPolicyAuditSink;
}

export interface RiskPolicyView {
  connectionId: string;
  /** Every limit in force, defaults filled in, with the market and symbol overrides. */
  policy: RiskPolicy;
  defaults: RiskPolicy;
  /** For each connection-level limit: at its default, or changed by the policy. */
  sources: Partial<Record<LimitField, 'policy' | 'default'>>;
  /** 0 while the connection runs on the defaults; +1 per replacement. */
  revision: number;
  updatedAt: number | null;
  updatedBy: AuditActor | null;
  usage: RiskUsageView;
}

interface Stored { policy: RiskPolicy; row: RiskPolicyRow | undefined }

function decode(row: RiskPolicyRow | undefined): Stored {
  if (!row) return { policy: defaultRiskPolicy(), row };
  // Read through the schema again, so a policy stored before a limit was added gets its default.
  const parsed = parseRiskPolicy(JSON.parse(row.policy));
  if (!parsed.ok) throw new Error(`the stored risk policy of connection ${row.connection_id} no longer validates: ${parsed.problems[0]?.message ?? ''}`);
  return { policy: parsed.policy, row };
}

const LIMIT_KEYS = Object.keys(defaultRiskPolicy()).filter((k) => k !== 'markets' && k !== 'symbols') as LimitField[];

/** 'default' where the connection-level limit is at its default, 'policy' where the policy changed it. */
function sourcesOf(policy: RiskPolicy, defaults: RiskPolicy): RiskPolicyView['sources'] {
  return Object.fromEntries(LIMIT_KEYS.map((k) => [k, canonicalJson(policy[k] ?? null) === canonicalJson(defaults[k] ?? null) ? 'default' : 'policy']));
}

/** The fields whose value differs, with before and after (overrides compared per market and symbol). */
export function policyChanges(before: RiskPolicy, after: RiskPolicy): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const flat = (p: RiskPolicy): Map<string, unknown> => {
    const { markets, symbols, ...limits } = p;
    const out = new Map<string, unknown>(Object.entries(limits));
    for (const [k, v] of Object.entries(markets ?? {})) if (v !== undefined) out.set(`markets.${k}`, v);
    for (const [k, v] of Object.entries(symbols ?? {})) out.set(`symbols.${k}`, v);
    return out;
  };
  const [a, b] = [flat(before), flat(after)];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const [x, y] = [a.get(key), b.get(key)];
    if (canonicalJson(x ?? null) !== canonicalJson(y ?? null)) changes[key] = { before: x ?? null, after: y ?? null };
  }
  return changes;
}

export class RiskPolicyService {
  constructor(private readonly deps: RiskPolicyServiceDeps) {}

  /** The policy in force (stored, or the defaults); without usage. NotFound for another workspace's connection. */
  async policyOf(scope: WorkspaceScope, connectionId: string): Promise<RiskPolicy> {
    const row = await this.deps.connections.row(scope, connectionId);
    return decode(await riskPoliciesOf(this.deps.db, scope.workspaceId).get(row.id)).policy;
  }

  async view(scope: WorkspaceScope, connectionId: string): Promise<RiskPolicyView> {
    const connection = await this.deps.connections.row(scope, connectionId);
    const { policy, row } = decode(await riskPoliciesOf(this.deps.db, scope.workspaceId).get(connection.id));
    const usage = await readRiskUsage(this.deps.sessions, { id: connection.id, enabled: connection.disabled_at === null }, policy);
    const defaults = defaultRiskPolicy();
    return {
      connectionId: connection.id, policy, defaults, sources: sourcesOf(policy, defaults),
      revision: row?.revision ?? 0, updatedAt: row?.updated_at ?? null,
      updatedBy: row ? { type: row.updated_by_type as AuditActor['type'], id: row.updated_by } : null,
      usage,
    };
  }

  /** Replaces the whole policy (limits left out take their defaults); 400 names the field and its unit. */
  async replace(scope: WorkspaceScope, connectionId: string, input: unknown, by: { actor: AuditActor; meta?: RequestMeta }): Promise<RiskPolicyView> {
    const connection = await this.deps.connections.row(scope, connectionId);
    const parsed = parseRiskPolicy(input);
    if (!parsed.ok) {
      const first = parsed.problems[0];
      throw new ValidationError(first?.message ?? 'The risk policy is not valid.', first?.field || undefined);
    }
    const { before, revision } = await riskPoliciesOf(this.deps.db, scope.workspaceId).replace(connection.id, {
      policy: canonicalJson(parsed.policy), by: by.actor, at: this.deps.clock.now(),
    });
    await this.deps.audit?.append(scope, {
      action: 'risk_policy.replaced', actor: by.actor, target: { type: 'connection', id: connection.id },
      data: { revision, previousRevision: before?.revision ?? 0, changes: policyChanges(decode(before).policy, parsed.policy) },
      requestId: by.meta?.requestId,
    });
    return this.view(scope, connection.id);
  }
}
