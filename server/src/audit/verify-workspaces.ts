// `kairox audit verify`: the chain of every workspace (or of one), checked from the shell.
import { KairoxError } from '../common/index.ts';
import { accountsStore, forWorkspace, type Db } from '../db/index.ts';
import type { AuditLog, ChainVerdict } from './audit-log.ts';

export interface WorkspaceVerdict {
  workspace: { id: string; name: string };
  verdict: ChainVerdict;
}

/** Verifies workspaces one after another, oldest first; `workspaceId` narrows it to one. */
export async function verifyWorkspaces(db: Db, log: AuditLog, options: { workspaceId?: string } = {}): Promise<WorkspaceVerdict[]> {
  const all = (await accountsStore.listWorkspacesWithOwners(db.kysely)).map(({ id, name }) => ({ id, name }));
  const chosen = options.workspaceId === undefined ? all : all.filter((w) => w.id === options.workspaceId);
  if (options.workspaceId !== undefined && chosen.length === 0) {
    const known = all.map((w) => `${w.id} ("${w.name}")`).join(', ') || 'none';
    throw new KairoxError('NOT_FOUND', 404, `No workspace has the id "${options.workspaceId}"; the workspaces are: ${known}.`);
  }
  const verdicts: WorkspaceVerdict[] = [];
  for (const workspace of chosen) verdicts.push({ workspace, verdict: await log.verifyChain(forWorkspace(db, workspace.id)) });
  return verdicts;
}

/** One line for a person (and a script): `<id> <name>: ok, N events, head <hash>` or `... BROKEN at seq N (...)`. */
export function describeVerdict({ workspace, verdict }: WorkspaceVerdict): string {
  const who = `${workspace.id} ${workspace.name}`;
  if (verdict.ok) return `${who}: ok, ${verdict.checked} events, head ${verdict.headHash}`;
  const { seq, eventId, reason } = verdict.brokenAt;
  return `${who}: BROKEN at seq ${seq} (${eventId === null ? 'events missing at the end' : `event ${eventId}`}, ${reason}); ${verdict.checked} events before it verify`;
}
