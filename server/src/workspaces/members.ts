// The members of a workspace and their roles: list, change a role, remove. Adding a member
// creates or finds a user account, so it lives with the accounts (accounts/register.ts).
// A workspace always keeps at least one owner; every change goes on the audit trail.
import type { Clock } from '../common/index.ts';
import { Conflict, NotFound } from '../common/index.ts';
import type { MemberRecord, MembershipRole, WorkspaceScope } from '../db/index.ts';
import type { AuditActor, RequestMeta } from '../domain/index.ts';
import type { AuditRecorder } from './ports.ts';

export interface MemberView {
  userId: string;
  email: string;
  name: string | null;
  role: MembershipRole;
  joinedAt: string;
}

export interface MembersDeps {
  clock: Clock;
  audit: AuditRecorder;
}

export function memberView(m: MemberRecord): MemberView {
  return { userId: m.userId, email: m.email, name: m.name, role: m.role, joinedAt: new Date(Number(m.joinedAt)).toISOString() };
}

export class WorkspaceMembers {
  constructor(private readonly deps: MembersDeps) {}

  async list(scope: WorkspaceScope): Promise<MemberView[]> {
    return (await scope.members.list()).map(memberView);
  }

  async changeRole(scope: WorkspaceScope, actor: AuditActor, userId: string, role: MembershipRole, meta: RequestMeta = {}): Promise<MemberView> {
    return scope.transaction(async (s) => {
      const member = await this.lockedMember(s, userId);
      if (member.role === role) return memberView(member);
      if (member.role === 'owner') await refuseLastOwner(s, member, 'demoted');
      await s.members.setRole(userId, role);
      await this.deps.audit.append(s, {
        action: 'member.role_changed', actor, target: { type: 'user', id: userId }, data: { email: member.email, from: member.role, to: role },
        ...(meta.requestId !== undefined && { requestId: meta.requestId }),
      });
      return memberView({ ...member, role });
    });
  }

  /** Removes the membership, ends the member's sign-ins here and revokes their API tokens here. */
  async remove(scope: WorkspaceScope, actor: AuditActor, userId: string, meta: RequestMeta = {}): Promise<MemberView> {
    return scope.transaction(async (s) => {
      const member = await this.lockedMember(s, userId);
      if (member.role === 'owner') await refuseLastOwner(s, member, 'removed');
      await s.members.remove(userId);
      await s.members.endSessions(userId);
      const tokensRevoked = await s.tokens.revokeAllOf(userId, this.deps.clock.now());
      await this.deps.audit.append(s, {
        action: 'member.removed', actor, target: { type: 'user', id: userId }, data: { email: member.email, role: member.role, tokensRevoked },
        ...(meta.requestId !== undefined && { requestId: meta.requestId }),
      });
      return memberView(member);
    });
  }

  private async lockedMember(s: WorkspaceScope, userId: string): Promise<MemberRecord> {
    await s.members.lock();
    const member = await s.members.get(userId);
    if (!member) throw new NotFound('Member');
    return member;
  }
}

async function refuseLastOwner(s: WorkspaceScope, member: MemberRecord, change: 'demoted' | 'removed'): Promise<void> {
  if ((await s.members.countOwners()) > 1) return;
  const workspace = await s.workspace();
  throw new Conflict(`${member.email} is the last owner of workspace "${workspace?.name ?? s.workspaceId}" and cannot be ${change}; make another member an owner first.`, 'LAST_OWNER');
}
