// Scenario: events keep arriving while a long export is being downloaded. The export walks the
// trail oldest first a batch at a time and stops at the head it found when it began, so what it
// hands out is always a whole chain up to a known head; the newer events are in the next export.
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../common/index.ts';
import { accountsStore, forWorkspace, migrateToLatest, openDatabase, type Db } from '../db/index.ts';
import type { AuditEventInput } from '../domain/index.ts';
import { describeEachEngine } from '../../test/support/engines.ts';
import { AuditLog } from './index.ts';

const login = (n: number): AuditEventInput => ({ action: 'auth.login_succeeded', actor: { type: 'user', id: 'usr_x' }, data: { n } });

describeEachEngine('audit export walk', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('pages oldest first and leaves out events appended after it began', async () => {
    db = await openDatabase(await engine.config());
    await migrateToLatest(db);
    await accountsStore.insertWorkspace(db.kysely, { id: 'ws_a', name: 'A', created_at: 0 });
    const log = new AuditLog(new ManualClock());
    const scope = forWorkspace(db, 'ws_a');
    await log.appendMany(scope, Array.from({ length: 7 }, (_, n) => login(n)));

    const walk = log.oldestFirst(scope, {}, 3);
    const first = await walk.next();
    // Appended mid-walk: after the head the walk started from.
    await log.appendMany(scope, [login(7), login(8)]);
    const batches = [first.done ? [] : first.value];
    for await (const batch of walk) batches.push(batch);

    expect(batches.map((b) => b.map((e) => e.seq))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    const rest = [];
    for await (const batch of log.oldestFirst(scope, {}, 3)) rest.push(...batch.map((e) => e.seq));
    expect(rest).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
