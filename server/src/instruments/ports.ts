// What the instruments module needs from others; main.ts plugs them in (the sessions worker for
// IB look-ups, the connections module for the connection's state, the audit log).
import type { ContractRef, ContractSearchResult } from '../broker/index.ts';
import type { WorkspaceScope } from '../db/index.ts';
import type { AuditActor, SessionState } from '../domain/index.ts';

/** Contract look-ups through the IB session this process runs for a connection. */
export interface ContractLookup {
  /**
   * IB's candidates for the description; undefined when this process runs no session for the
   * connection. Fails with the broker's typed errors (NotReadyError while not ready, ...).
   */
  search(connectionId: string, spec: ContractRef): Promise<ContractSearchResult | undefined>;
}

export interface ConnectionSummary {
  enabled: boolean;
  /** The session's state as last published; undefined before a worker ran it. */
  state: SessionState | undefined;
}

export interface ConnectionDirectory {
  /** Throws NotFound when the workspace has no such connection. */
  describe(scope: WorkspaceScope, connectionId: string): Promise<ConnectionSummary>;
}

export interface InstrumentAuditSink {
  append(scope: WorkspaceScope, input: {
    action: 'instrument.approved' | 'instrument.revoked'; actor: AuditActor; target: { type: string; id: string }; data?: Record<string, unknown>; requestId?: string;
  }): Promise<unknown>;
}
