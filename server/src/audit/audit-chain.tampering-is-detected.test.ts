// Scenario: someone with database access edits, deletes, reorders or truncates audit rows;
// verifyChain names the first row that no longer fits.
import { afterEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock } from '../common/index.ts';
import { accountsStore, forWorkspace, migrateToLatest, openDatabase, type Db, type WorkspaceScope } from '../db/index.ts';
import { describeEachEngine } from '../../test/support/engines.ts';
import { disableAuditAppendOnly } from '../../test/support/tamper.ts';
import { AuditLog, hashEvent } from './index.ts';

describeEachEngine('audit chain', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function trailOf(count: number): Promise<{ db: Db; log: AuditLog; scope: WorkspaceScope; other: WorkspaceScope; ids: string[] }> {
    db = await openDatabase(await engine.config());
    await migrateToLatest(db);
    for (const ws of ['ws_a', 'ws_b']) await accountsStore.insertWorkspace(db.kysely, { id: ws, name: ws, created_at: 0 });
    const log = new AuditLog(new ManualClock());
    const scope = forWorkspace(db, 'ws_a');
    const other = forWorkspace(db, 'ws_b');
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push((await log.append(scope, { action: 'auth.login_succeeded', actor: { type: 'user', id: 'usr_x' }, data: { n: i } })).id);
      await log.append(other, { action: 'auth.logout', actor: { type: 'user', id: 'usr_y' } });
    }
    await disableAuditAppendOnly(db);
    return { db, log, scope, other, ids };
  }

  it('numbers events per workspace and links each to the previous one', async () => {
    const { log, scope, other } = await trailOf(3);
    const events = await log.list(scope, { limit: 10 });
    expect(events.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(events[0]?.prevHash).toBe(events[1]?.hash);
    expect(await log.verifyChain(scope)).toEqual({ ok: true, checked: 3, headHash: events[0]?.hash });
    expect((await log.verifyChain(other)).ok).toBe(true);
  });

  it('detects an edited row', async () => {
    const { db, log, scope, other, ids } = await trailOf(4);
    await db.kysely.updateTable('audit_events').set({ data: '{"n":99}' }).where('id', '=', ids[1]!).execute();
    expect(await log.verifyChain(scope)).toEqual({ ok: false, checked: 1, brokenAt: { seq: 2, eventId: ids[1], reason: 'hash_mismatch' } });
    expect((await log.verifyChain(other)).ok).toBe(true);
  });

  it('detects an edited row whose hash was recomputed', async () => {
    const { db, log, scope, ids } = await trailOf(3);
    const row = await db.kysely.selectFrom('audit_events').selectAll().where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    const forged = { ...row, action: 'auth.logout' };
    await db.kysely.updateTable('audit_events').set({ action: forged.action, hash: hashEvent(forged) }).where('id', '=', ids[0]!).execute();
    expect(await log.verifyChain(scope)).toMatchObject({ ok: false, brokenAt: { seq: 2, eventId: ids[1], reason: 'prev_hash_mismatch' } });
  });

  it('detects a deleted row', async () => {
    const { db, log, scope, ids } = await trailOf(4);
    await db.kysely.deleteFrom('audit_events').where('id', '=', ids[2]!).execute();
    expect(await log.verifyChain(scope)).toEqual({ ok: false, checked: 2, brokenAt: { seq: 4, eventId: ids[3], reason: 'sequence_gap' } });
  });

  it('detects rows removed from the end of the chain', async () => {
    const { db, log, scope, ids } = await trailOf(3);
    await db.kysely.deleteFrom('audit_events').where('id', '=', ids[2]!).execute();
    expect(await log.verifyChain(scope)).toEqual({ ok: false, checked: 2, brokenAt: { seq: 3, eventId: null, reason: 'head_mismatch' } });
  });

  it('detects two rows swapped', async () => {
    const { db, log, scope, ids } = await trailOf(4);
    const swap = async (id: string, seq: number) => sql`update audit_events set seq = ${seq} where id = ${id}`.execute(db.kysely);
    await swap(ids[1]!, -1);
    await swap(ids[2]!, 2);
    await swap(ids[1]!, 3);
    expect(await log.verifyChain(scope)).toMatchObject({ ok: false, checked: 1, brokenAt: { seq: 2, eventId: ids[2] } });
  });

  it('reads events only inside their workspace', async () => {
    const { log, scope, other, ids } = await trailOf(1);
    expect((await log.get(scope, ids[0]!)).id).toBe(ids[0]);
    await expect(log.get(other, ids[0]!)).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
