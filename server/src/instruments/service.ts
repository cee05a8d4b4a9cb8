// Approved instruments: a workspace automates only contracts it approved, pinned by IB's conId on
// one connection. Searching asks IB (through the connection's running session) and lists every
// candidate; approving re-reads the contract from IB by conId and stores what IB said, never what
// the request said; revoking keeps the row for history. Signals find theirs with findApproved.
import type { ContractCandidate, ContractRef, ContractSearchResult } from '../broker/index.ts';
import { Conflict, KairoxError, newId, NotFound, type Clock } from '../common/index.ts';
import { isUniqueViolation, type Db, type WorkspaceScope } from '../db/index.ts';
import {
  matchApproved, SEC_TYPES, type ApprovedInstrument, type AuditActor, type InstrumentMatch, type InstrumentRef, type RequestMeta, type SecType,
} from '../domain/index.ts';
import { connectionNotReady, lookupFailure, noWorkerHere } from './contract-errors.ts';
import type { ConnectionDirectory, ContractLookup, InstrumentAuditSink } from './ports.ts';
import { instrumentsOf, type InstrumentFilter, type InstrumentRow } from './store.ts';
import { ParsedViews } from './view-cache.ts';

/** What a user searches by (the route validates the text; the broker checks it again before the wire). */
export interface ContractSearchSpec {
  symbol: string;
  secType: SecType;
  exchange?: string;
  currency?: string;
  /** Derivatives: YYYYMM or YYYYMMDD. */
  expiry?: string;
  strike?: number;
  right?: 'C' | 'P';
}

export interface SearchCandidate extends ContractCandidate {
  /** The active approval of this contract on the connection, when there is one. */
  approvedInstrumentId: string | null;
}

export interface ContractSearchAnswer {
  candidates: SearchCandidate[];
  /** Set when IB knows no contract for the description: IB's own text. */
  notFound?: string;
}

export interface InstrumentView extends ApprovedInstrument {
  minSize?: number;
  /** IB sent no size increment; 1 was assumed. */
  sizeIncrementAssumed?: true;
  tradingClass?: string;
  validExchanges?: string;
  approvedBy: AuditActor;
  revokedAt: number | null;
  revokedBy: AuditActor | null;
}

export interface InstrumentsServiceDeps {
  db: Db;
  clock: Clock;
  connections: ConnectionDirectory;
  /** Undefined when this process runs no broker worker (`kairox api`). */
  contracts: ContractLookup | undefined;
  audit?: InstrumentAuditSink;
}

export interface Actor { actor: AuditActor; meta?: RequestMeta }

const ID_SHAPE = /^ins_[0-9a-z]{26}$/;

export function newInstrumentId(): string {
  return newId('ins');
}

function isSupported(secType: string): secType is SecType {
  return (SEC_TYPES as readonly string[]).includes(secType);
}

export function viewOf(row: InstrumentRow): InstrumentView {
  const d = JSON.parse(row.details) as ContractCandidate;
  // Built key by key, leaving out what IB did not send: deleting keys afterwards would put the
  // view in V8's slow dictionary mode for every later read.
  const view = { id: row.id, connectionId: row.connection_id, conId: row.con_id, symbol: row.symbol, secType: row.sec_type as SecType, exchange: row.exchange } as InstrumentView;
  const put = <K extends keyof InstrumentView>(key: K, value: InstrumentView[K] | undefined) => {
    if (value !== undefined) view[key] = value;
  };
  put('primaryExchange', d.primaryExchange);
  put('currency', row.currency);
  put('multiplier', d.multiplier);
  put('minTick', d.minTick);
  put('sizeIncrement', d.sizeIncrement);
  put('minSize', d.minSize);
  put('sizeIncrementAssumed', d.sizeIncrementAssumed);
  put('marketRuleIds', d.marketRuleIds);
  put('longName', d.longName);
  put('localSymbol', d.localSymbol);
  put('tradingClass', d.tradingClass);
  put('lastTradeDate', d.lastTradeDate);
  put('strike', d.strike);
  put('right', d.right);
  put('tradingHours', d.tradingHours);
  put('liquidHours', d.liquidHours);
  put('timeZoneId', d.timeZoneId);
  put('validExchanges', d.validExchanges);
  view.approvedAt = row.approved_at;
  view.approvedBy = { type: row.approved_by_type as AuditActor['type'], id: row.approved_by };
  view.revokedAt = row.revoked_at;
  view.revokedBy = row.revoked_by_type === null ? null : { type: row.revoked_by_type as AuditActor['type'], id: row.revoked_by };
  return view;
}

/** Of several listings IB may give for one conId, the SMART one (where orders are routed), else the first. */
function pick(candidates: readonly ContractCandidate[], conId: number): ContractCandidate | undefined {
  const same = candidates.filter((c) => c.conId === conId);
  return same.find((c) => c.exchange === 'SMART') ?? same[0];
}

export class InstrumentsService {
  /** Parsed approvals for signals' look-ups (checked against the row read each time). */
  private readonly approvedViews = new ParsedViews(viewOf);

  constructor(private readonly deps: InstrumentsServiceDeps) {}

  /** Asks IB through the connection's running session; the errors say which state the connection is in. */
  private async lookUp(scope: WorkspaceScope, connectionId: string, spec: ContractRef): Promise<ContractSearchResult> {
    const connection = await this.deps.connections.describe(scope, connectionId);
    if (!connection.enabled) throw connectionNotReady(connectionId, 'disabled');
    const contracts = this.deps.contracts;
    if (!contracts) throw noWorkerHere(connectionId);
    let result: ContractSearchResult | undefined;
    try {
      result = await contracts.search(connectionId, spec);
    } catch (error) {
      throw lookupFailure(error, connectionId);
    }
    // Enabled, but the worker has not started its session yet (just created, or its address was refused).
    if (!result) throw connectionNotReady(connectionId, connection.state ?? 'not_started');
    return result;
  }

  async search(scope: WorkspaceScope, connectionId: string, spec: ContractSearchSpec): Promise<ContractSearchAnswer> {
    const result = await this.lookUp(scope, connectionId, spec);
    if (result.kind === 'not_found') return { candidates: [], notFound: result.message };
    const approved = new Map((await instrumentsOf(this.deps.db, scope.workspaceId).list({ connectionId })).map((r) => [r.con_id, r.id]));
    return { candidates: result.candidates.map((c) => ({ ...c, approvedInstrumentId: approved.get(c.conId) ?? null })) };
  }

  /** Re-reads the contract from IB by conId and stores IB's details. */
  async approve(scope: WorkspaceScope, input: { connectionId: string; conId: number }, by: Actor): Promise<InstrumentView> {
    const { connectionId, conId } = input;
    const store = instrumentsOf(this.deps.db, scope.workspaceId);
    const result = await this.lookUp(scope, connectionId, { conId });
    const existing = await store.activeByConId(connectionId, conId);
    if (existing) throw this.alreadyApproved(existing.id, conId, connectionId);
    const contract = result.kind === 'found' ? pick(result.candidates, conId) : undefined;
    if (!contract) {
      const said = result.kind === 'not_found' ? result.message : 'IB answered with other contracts only.';
      throw new KairoxError(
        'CONTRACT_NOT_FOUND', 422,
        `IB knows no contract with conId ${conId} (IB said: ${said}). Search by symbol (POST /api/connections/${connectionId}/instruments/search) and approve one of the conIds it lists.`,
        { conId, ibMessage: said },
      );
    }
    if (!isSupported(contract.secType)) {
      throw new KairoxError(
        'INSTRUMENT_NOT_SUPPORTED', 422,
        `conId ${conId} is ${contract.localSymbol ?? contract.symbol}, of type ${contract.secType}; Kairox automates ${SEC_TYPES.join(', ')} contracts only.`,
        { conId, secType: contract.secType, code: 'instrument_not_supported' },
      );
    }
    const id = newInstrumentId();
    const now = this.deps.clock.now();
    try {
      await store.insert({
        id, connection_id: connectionId, con_id: conId, symbol: contract.symbol, sec_type: contract.secType,
        exchange: contract.exchange || contract.primaryExchange || 'SMART', currency: contract.currency, details: JSON.stringify(contract),
        approved_by_type: by.actor.type, approved_by: by.actor.id, approved_at: now,
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await store.activeByConId(connectionId, conId);
      throw this.alreadyApproved(winner?.id ?? 'another approval', conId, connectionId);
    }
    await this.deps.audit?.append(scope, {
      action: 'instrument.approved', actor: by.actor, target: { type: 'instrument', id },
      data: { connectionId, conId, symbol: contract.symbol, secType: contract.secType, exchange: contract.exchange, currency: contract.currency, localSymbol: contract.localSymbol ?? null },
      requestId: by.meta?.requestId,
    });
    return this.get(scope, id);
  }

  private alreadyApproved(instrumentId: string, conId: number, connectionId: string): KairoxError {
    return new KairoxError('CONFLICT', 409, `conId ${conId} is already approved on connection ${connectionId} as ${instrumentId}; revoke that one first to approve it again.`, { instrumentId });
  }

  async list(scope: WorkspaceScope, filter: InstrumentFilter = {}): Promise<InstrumentView[]> {
    return (await instrumentsOf(this.deps.db, scope.workspaceId).list(filter)).map(viewOf);
  }

  async get(scope: WorkspaceScope, id: string): Promise<InstrumentView> {
    const row = ID_SHAPE.test(id) ? await instrumentsOf(this.deps.db, scope.workspaceId).get(id) : undefined;
    if (!row) throw new NotFound('Instrument');
    return viewOf(row);
  }

  /** Revoked instruments stay listed with includeRevoked, for history; signals no longer find them. */
  async revoke(scope: WorkspaceScope, id: string, by: Actor): Promise<InstrumentView> {
    const current = await this.get(scope, id);
    if (current.revokedAt !== null) throw new Conflict(`Instrument ${id} was already revoked at ${new Date(current.revokedAt).toISOString()}.`);
    const revoked = await instrumentsOf(this.deps.db, scope.workspaceId).revoke(id, by.actor, this.deps.clock.now());
    if (!revoked) throw new Conflict(`Instrument ${id} was revoked meanwhile.`);
    await this.deps.audit?.append(scope, {
      action: 'instrument.revoked', actor: by.actor, target: { type: 'instrument', id },
      data: { connectionId: current.connectionId, conId: current.conId, symbol: current.symbol, secType: current.secType }, requestId: by.meta?.requestId,
    });
    return this.get(scope, id);
  }

  /** The approved instrument a signal names (by conId, or symbol + secType/exchange/currency), or why there is none. */
  async findApproved(scope: WorkspaceScope, connectionId: string, ref: InstrumentRef): Promise<InstrumentMatch<InstrumentView>> {
    // By conId only that contract's rows are read (matchApproved keeps exactly those). A symbol may
    // also be a localSymbol or name a primary exchange, both inside details: every row is read.
    const rows = await instrumentsOf(this.deps.db, scope.workspaceId).active(connectionId, 'conId' in ref ? ref.conId : undefined);
    return matchApproved(rows.map((row) => this.approvedViews.of(row)), ref, connectionId);
  }
}
