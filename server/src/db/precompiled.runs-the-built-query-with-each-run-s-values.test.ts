// A precompiled query gives the rows the same Kysely query gives, on both engines, in and out of a
// transaction; values go where their names are, constants stay, and what cannot be mapped is refused.
import { afterEach, expect, it } from 'vitest';
import { CamelCasePlugin, sql, type Kysely } from 'kysely';
import { describeEachEngine } from '../../test/support/engines.ts';
import { accountsStore as store, migrateToLatest, openDatabase, precompiled, type Database, type Db } from './index.ts';

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

async function seedUsers(db: Db): Promise<void> {
  for (let n = 1; n <= 6; n++) {
    await store.insertUser(db.kysely, {
      id: `usr_${n}`, email: `u${n}@example.test`, name: n % 2 ? 'odd' : 'even', password_hash: 'x', created_at: T0 + n, disabled_at: n === 3 ? T0 : null,
    });
  }
}

const usersNamedSince = precompiled('users of a name since', (db: Kysely<Database>, p: { name: string; since: number; until: number }) =>
  // `until` comes first in the SQL, `since` second: the values object's order must not matter.
  db.selectFrom('users').selectAll().where('created_at', '<=', p.until).where('name', '=', p.name).where('created_at', '>=', p.since).orderBy('id'));

const builtUsersNamedSince = (db: Kysely<Database>, name: string, since: number, until: number) =>
  db.selectFrom('users').selectAll().where('created_at', '<=', until).where('name', '=', name).where('created_at', '>=', since).orderBy('id').execute();

describeEachEngine('precompiled queries', (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  async function seededDb(): Promise<Db> {
    db = await openDatabase(await engine.config());
    await migrateToLatest(db);
    await seedUsers(db);
    return db;
  }

  it('gives the rows the built query gives, with each run’s values in their places', async () => {
    const { kysely } = await seededDb();
    for (const [name, since, until] of [['odd', T0, T0 + 10], ['even', T0 + 3, T0 + 6], ['odd', T0 + 2, T0 + 3], ['none', T0, T0 + 10]] as const) {
      const rows = await usersNamedSince.all(kysely, { since, name, until });
      expect(rows).toEqual(await builtUsersNamedSince(kysely, name, since, until));
    }
    expect((await usersNamedSince.all(kysely, { name: 'even', since: T0 + 3, until: T0 + 6 })).map((r) => r.id)).toEqual(['usr_4', 'usr_6']);
    expect(await usersNamedSince.first(kysely, { name: 'odd', since: T0 + 2, until: T0 + 10 })).toEqual(await store.findUserById(kysely, 'usr_3'));
    expect(await usersNamedSince.first(kysely, { name: 'odd', since: T0 + 7, until: T0 + 10 })).toBeUndefined();
  });

  it('keeps a value that is not a placeholder as the constant it was built with', async () => {
    const { kysely } = await seededDb();
    const oddSince = precompiled('odd users since', (db: Kysely<Database>, p: { since: number }) =>
      db.selectFrom('users').select('id').where('name', '=', 'odd').where('created_at', '>=', p.since).where('disabled_at', 'is', null).orderBy('id'));
    expect(await oddSince.all(kysely, { since: T0 })).toEqual([{ id: 'usr_1' }, { id: 'usr_5' }]);
    expect(await oddSince.all(kysely, { since: T0 + 2 })).toEqual([{ id: 'usr_5' }]);
  });

  it('uses one placeholder in several places', async () => {
    const { kysely } = await seededDb();
    const createdAt = precompiled('users created at', (db: Kysely<Database>, p: { at: number }) =>
      db.selectFrom('users').select('id').where('created_at', '>=', p.at).where('created_at', '<=', p.at));
    expect(await createdAt.all(kysely, { at: T0 + 4 })).toEqual([{ id: 'usr_4' }]);
  });

  it('runs inside a transaction, on its connection', async () => {
    const { kysely } = await seededDb();
    const insertWorkspace = precompiled('insert a workspace', (db: Kysely<Database>, p: { id: string; name: string; at: number }) =>
      db.insertInto('workspaces').values({ id: p.id, name: p.name, created_at: p.at }));
    const workspace = precompiled('workspace by id', (db: Kysely<Database>, p: { id: string }) => db.selectFrom('workspaces').select(['id', 'name', 'created_at']).where('id', '=', p.id));
    const rolledBack = new Error('roll back');
    await expect(kysely.transaction().execute(async (trx) => {
      const result = await insertWorkspace.run(trx, { id: 'ws_1', name: 'Inside', at: T0 });
      expect(Number(result.numAffectedRows)).toBe(1);
      expect(await workspace.first(trx, { id: 'ws_1' })).toEqual({ id: 'ws_1', name: 'Inside', created_at: T0 });
      throw rolledBack;
    })).rejects.toBe(rolledBack);
    expect(await workspace.first(kysely, { id: 'ws_1' })).toBeUndefined();
    await insertWorkspace.run(kysely, { id: 'ws_2', name: 'Outside', at: T0 + 1 });
    expect(await workspace.first(kysely, { id: 'ws_2' })).toEqual({ id: 'ws_2', name: 'Outside', created_at: T0 + 1 });
  });

  it('refuses, when first compiled, a placeholder that is not a bound parameter', async () => {
    const { kysely } = await seededDb();
    const raw = precompiled('raw', (db: Kysely<Database>, p: { name: string }) =>
      db.selectFrom('users').select('id').where('name', '=', sql.raw<string>(p.name)));
    await expect(raw.all(kysely, { name: 'odd' })).rejects.toThrow('precompiled query "raw" cannot be precompiled: a placeholder was written into the SQL text instead of being bound');
    const literal = precompiled('literal', (db: Kysely<Database>, p: { name: string }) =>
      db.selectFrom('users').select('id').where('name', '=', sql.lit(p.name)));
    await expect(literal.all(kysely, { name: 'odd' })).rejects.toThrow('precompiled query "literal" cannot be precompiled: ');
    const formatted = precompiled('formatted', (db: Kysely<Database>, p: { n: number }) =>
      db.selectFrom('users').select('id').where('id', '=', `usr_${p.n}`));
    await expect(formatted.all(kysely, { n: 1 })).rejects.toThrow('precompiled query "formatted" cannot be precompiled: "n" is not a bound parameter of the compiled SQL');
  });

  it('builds the query anew on a Kysely with plugins, so they apply (a kept compilation would skip them)', async () => {
    const { kysely } = await seededDb();
    const camel = kysely.withPlugin(new CamelCasePlugin());
    const rows = await usersNamedSince.all(camel, { name: 'odd', since: T0, until: T0 + 10 });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(await builtUsersNamedSince(camel, 'odd', T0, T0 + 10));
    expect(Object.keys(rows[0] as object)).toContain('createdAt');
  });

  it('refuses a run that lacks a value', async () => {
    const { kysely } = await seededDb();
    await expect(usersNamedSince.all(kysely, { name: 'odd', since: T0 } as { name: string; since: number; until: number }))
      .rejects.toThrow('precompiled query "users of a name since": no value given for "until"');
  });
});
