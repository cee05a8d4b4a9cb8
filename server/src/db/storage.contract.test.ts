// One storage suite, run on SQLite and on PostgreSQL.
import { afterEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/support/engines.ts';
import {
  accountsStore as store,
  forWorkspace,
  isUniqueViolation,
  migrateToLatest,
  MIGRATION_TABLE,
  MIGRATIONS,
  MigrationError,
  openDatabase,
  type Db,
} from './index.ts';

const T0 = Date.UTC(2026, 10, 23, 19, 0, 0);

async function seedWorkspace(db: Db, n: number): Promise<{ userId: string; workspaceId: string }> {
  const userId = `usr_${String(n).padStart(26, '0')}`;
  const workspaceId = `ws_${String(n).padStart(26, '0')}`;
  await store.insertUser(db.kysely, { id: userId, email: `u${n}@example.test`, name: null, password_hash: 'x', created_at: T0, disabled_at: null });
  await store.insertWorkspace(db.kysely, { id: workspaceId, name: `W${n}`, created_at: T0 });
  await store.insertMembership(db.kysely, { workspace_id: workspaceId, user_id: userId, role: 'owner', created_at: T0 });
  return { userId, workspaceId };
}

function tokenRow(id: string, userId: string, prefix: string) {
  return { id, user_id: userId, name: id, prefix, secret_hash: 'h', created_at: T0 + 1, last_used_at: null, revoked_at: null };
}

describeEachEngine('storage contract', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function freshDb(): Promise<Db> {
    const config = await engine.config();
    db = await openDatabase(config);
    return db;
  }

  it('applies the migrations once; a second run applies nothing', async () => {
    const d = await freshDb();
    const first = await migrateToLatest(d);
    expect(first.applied).toEqual(MIGRATIONS.map((m) => m.name));
    const second = await migrateToLatest(d);
    expect(second.applied).toEqual([]);
    expect(second.current).toEqual(first.current);
    const tables = (await d.kysely.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'workspaces', 'memberships', 'api_tokens', 'sessions', 'audit_events']));
  });

  it('refuses a database that has a migration this code does not know', async () => {
    const d = await freshDb();
    await migrateToLatest(d);
    await sql`insert into ${sql.table(MIGRATION_TABLE)} (name, timestamp) values ('29990101T0000_from_the_future', '2999-01-01')`.execute(d.kysely);
    await expect(migrateToLatest(d)).rejects.toThrow(MigrationError);
    await expect(migrateToLatest(d)).rejects.toThrow(/29990101T0000_from_the_future/);
  });

  it('commits a migration together with its record: one that fails half-way leaves neither', async () => {
    const d = await freshDb();
    await migrateToLatest(d);
    const failing = {
      name: '20990101T0000_fails_half_way',
      up: async (k: Parameters<(typeof MIGRATIONS)[number]['up']>[0]) => {
        await k.schema.createTable('half_made').addColumn('id', 'text').execute();
        throw new Error('boom after creating a table');
      },
    };
    await expect(migrateToLatest(d, [...MIGRATIONS, failing])).rejects.toThrow(/20990101T0000_fails_half_way failed: boom/);
    const tables = (await d.kysely.introspection.getTables()).map((t) => t.name);
    expect(tables).not.toContain('half_made');
    const recorded = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(d.kysely);
    expect(recorded.rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    // Once the bad migration is gone the database is usable and current.
    expect((await migrateToLatest(d)).applied).toEqual([]);
  });

  it('reads epoch-millisecond timestamps back as numbers', async () => {
    const d = await freshDb();
    await migrateToLatest(d);
    const { userId } = await seedWorkspace(d, 1);
    const user = await store.findUserById(d.kysely, userId);
    expect(user?.created_at).toBe(T0);
    expect(typeof user?.created_at).toBe('number');
    expect(await store.countUsers(d.kysely)).toBe(1);
  });

  it('reports unique violations the same way on both engines', async () => {
    const d = await freshDb();
    await migrateToLatest(d);
    await seedWorkspace(d, 1);
    const again = store.insertUser(d.kysely, { id: 'usr_other', email: 'u1@example.test', name: null, password_hash: 'x', created_at: T0, disabled_at: null });
    await expect(again).rejects.toSatisfy(isUniqueViolation);
    await store.claimInstanceSetup(d.kysely, T0, true);
    await expect(store.claimInstanceSetup(d.kysely, T0, true)).rejects.toSatisfy(isUniqueViolation);
    await expect(store.claimInstanceSetup(d.kysely, T0, false)).resolves.toBeUndefined();
  });

  it('enforces foreign keys', async () => {
    const d = await freshDb();
    await migrateToLatest(d);
    await expect(store.insertMembership(d.kysely, { workspace_id: 'ws_missing', user_id: 'usr_missing', role: 'owner', created_at: T0 })).rejects.toThrow();
  });

  it('a workspace scope sees and changes only its own workspace rows', async () => {
    const d = await freshDb();
    await migrateToLatest(d);
    const a = await seedWorkspace(d, 1);
    const b = await seedWorkspace(d, 2);
    const scopeA = forWorkspace(d, a.workspaceId);
    const scopeB = forWorkspace(d, b.workspaceId);
    await scopeA.tokens.insert(tokenRow('tok_a', a.userId, 'pa'));
    await scopeB.tokens.insert(tokenRow('tok_b', b.userId, 'pb'));

    expect((await scopeA.tokens.list()).map((t) => t.id)).toEqual(['tok_a']);
    expect(await scopeA.tokens.get('tok_b')).toBeUndefined();
    expect(await scopeA.tokens.revoke('tok_b', T0 + 5)).toBe(false);
    expect((await scopeB.tokens.get('tok_b'))?.revoked_at).toBeNull();
    expect(await scopeB.tokens.revoke('tok_b', T0 + 5)).toBe(true);
    expect((await scopeB.tokens.get('tok_b'))?.revoked_at).toBe(T0 + 5);
  });

  it('keeps audit_events append-only in the database itself', async () => {
    const d = await freshDb();
    await migrateToLatest(d);
    const a = await seedWorkspace(d, 1);
    const scope = forWorkspace(d, a.workspaceId);
    await scope.transaction(async (s) => {
      const { seq } = await s.audit.reserveNext();
      await s.audit.insert({ id: 'aud_1', seq, occurred_at: T0, actor_type: 'system', actor_id: null, action: 'test', target_type: null, target_id: null, request_id: null, data: '{}', prev_hash: '', hash: 'h' });
    });
    await expect(d.kysely.updateTable('audit_events').set({ action: 'edited' }).execute()).rejects.toThrow(/append-only/);
    await expect(d.kysely.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
  });

  it('hands out audit sequence numbers without gaps or duplicates under concurrent appends', async () => {
    const d = await freshDb();
    await migrateToLatest(d);
    const a = await seedWorkspace(d, 1);
    const scope = forWorkspace(d, a.workspaceId);
    const seqs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        scope.transaction(async (s) => {
          const { seq } = await s.audit.reserveNext();
          await s.audit.insert({ id: `aud_${i}`, seq, occurred_at: T0, actor_type: 'system', actor_id: null, action: 'test', target_type: null, target_id: null, request_id: null, data: '{}', prev_hash: '', hash: `h${i}` });
          return seq;
        }),
      ),
    );
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await scope.audit.head()).seq).toBe(20);
  });
});
