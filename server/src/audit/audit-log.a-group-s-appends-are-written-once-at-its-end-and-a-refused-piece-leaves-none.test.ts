// Scenario: three pieces of one group commit append to the audit trail (SQLite's group commit):
// two to one workspace with another's between them, and one that throws after its append. The
// trail gets the committed pieces' events in piece order, written at the group's end (one write
// per run of one workspace's events), none of the refused piece's, and each chain verifies. Outside
// a group, and on PostgreSQL, an append is written at once as before. A single `append`, whose
// answer needs its sequence at once, is refused inside a group.
import { afterEach, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/engines.ts';
import { migratedDbWithWorkspaces } from '../../test/support/migrated-db.ts';
import { commitsFor, GroupCommit, WorkspaceScope, type Db } from '../db/index.ts';
import type { AuditEventInput } from '../domain/index.ts';
import { AuditLog } from './audit-log.ts';

/** Each reading one millisecond later: events written in one write share their time. */
const tickingClock = () => {
  let t = Date.UTC(2026, 11, 1, 12);
  return { now: () => (t += 1) };
};
/** An event told apart by its label (its action is any real one). */
const event = (label: string): AuditEventInput => ({ action: 'signal.received', actor: { type: 'system', id: null }, data: { label } });

describeEachEngine('audit appends in a group commit', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function trail(audit: AuditLog, workspaceId: string) {
    const scope = new WorkspaceScope(workspaceId, db!.kysely, db!.kind);
    const events = (await audit.list(scope, { limit: 100 })).reverse();
    return { actions: events.map((e) => e.data.label), times: new Set(events.map((e) => e.occurredAt)).size, verdict: await audit.verifyChain(scope) };
  }

  it('writes the committed pieces\' appends at the group\'s end in piece order, and none of a refused piece', async () => {
    db = await migratedDbWithWorkspaces(engine, ['ws_a', 'ws_b']);
    const audit = new AuditLog(tickingClock());
    const commits = commitsFor(db);
    const kind = db.kind;
    const outcomes = await Promise.allSettled([
      commits.run((trx) => audit.appendMany(new WorkspaceScope('ws_a', trx, kind), [event('a.1'), event('a.2')])),
      commits.run((trx) => audit.appendMany(new WorkspaceScope('ws_b', trx, kind), [event('b.1')])),
      commits.run(async (trx) => {
        await audit.appendMany(new WorkspaceScope('ws_a', trx, kind), [event('a.refused')]);
        throw new Error('this piece fails after its append');
      }),
      commits.run((trx) => audit.appendMany(new WorkspaceScope('ws_a', trx, kind), [event('a.3')])),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const a = await trail(audit, 'ws_a');
    expect(a.actions).toEqual(['a.1', 'a.2', 'a.3']);
    expect(a.verdict).toMatchObject({ ok: true, checked: 3 });
    expect((await trail(audit, 'ws_b'))).toMatchObject({ actions: ['b.1'], verdict: { ok: true, checked: 1 } });
    // ws_b's events stand between ws_a's two pieces, so ws_a is written twice (a run is merged only
    // while its workspace's events follow one another); PostgreSQL writes each piece on its own.
    expect(a.times).toBe(2);
  });

  it('merges one workspace\'s consecutive appends of a group into one write, and writes each at once outside a group', async () => {
    db = await migratedDbWithWorkspaces(engine, ['ws_a']);
    const audit = new AuditLog(tickingClock());
    const group = new GroupCommit(db.kysely);
    const kind = db.kind;
    await Promise.all([1, 2, 3].map((n) => group.run((trx) => audit.appendMany(new WorkspaceScope('ws_a', trx, kind), [event(`grouped.${n}`)]))));
    await db.kysely.transaction().execute(async (trx) => {
      await audit.appendMany(new WorkspaceScope('ws_a', trx, kind), [event('alone.1')]);
      await audit.appendMany(new WorkspaceScope('ws_a', trx, kind), [event('alone.2')]);
    });
    const a = await trail(audit, 'ws_a');
    expect(a.actions).toEqual(['grouped.1', 'grouped.2', 'grouped.3', 'alone.1', 'alone.2']);
    expect(a.verdict).toMatchObject({ ok: true, checked: 5 });
    // The group's three appends in one write (one time), then two writes of their own.
    expect(a.times).toBe(3);
  });

  it('refuses a single append inside a grouped piece, whose answer would need its sequence before the group\'s end', async () => {
    db = await migratedDbWithWorkspaces(engine, ['ws_a']);
    const audit = new AuditLog(tickingClock());
    const group = new GroupCommit(db.kysely);
    const kind = db.kind;
    await expect(group.run(async (trx) => void (await audit.append(new WorkspaceScope('ws_a', trx, kind), event('single'))))).rejects.toThrow(/cannot run in a grouped transaction/);
    expect((await trail(audit, 'ws_a')).actions).toEqual([]);
  });
});
