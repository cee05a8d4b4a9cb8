// Scenario: every query Kysely runs on SQLite used to be prepared anew (about 40 prepares for each
// signal decided). Statements are now kept by their SQL text: prepared once, reused with new
// parameters, the least recently used dropped past the bound, and still right after a schema change.
import SQLite from 'better-sqlite3';
import { afterEach, expect, it, vi } from 'vitest';
import { cachePreparedStatements } from './connect.ts';

let db: SQLite.Database | undefined;
afterEach(() => db?.close());

function database(size?: number): { db: SQLite.Database; prepares: () => number } {
  const d = new SQLite(':memory:');
  const spy = vi.spyOn(d, 'prepare');
  cachePreparedStatements(d, size);
  db = d;
  return { db: d, prepares: () => spy.mock.calls.length };
}

it('prepares a query once and runs it again with new parameters', () => {
  const { db: d, prepares } = database();
  d.prepare('create table t (id integer primary key, v text)').run();
  const insert = 'insert into t (v) values (?)';
  for (const v of ['a', 'b', 'c']) d.prepare(insert).run(v);
  expect(d.prepare('select v from t where id = ?').get(2)).toEqual({ v: 'b' });
  expect(d.prepare('select v from t where id = ?').get(3)).toEqual({ v: 'c' });
  expect(prepares()).toBe(3); // create, insert, select: each once
});

it('keeps only the most recently used statements past its bound', () => {
  const { db: d, prepares } = database(2);
  const q = (n: number) => `select ${n} as n`;
  d.prepare(q(1)).get();
  d.prepare(q(2)).get();
  d.prepare(q(1)).get(); // 1 is now the most recent
  d.prepare(q(3)).get(); // drops 2
  d.prepare(q(1)).get();
  expect(prepares()).toBe(3);
  expect(d.prepare(q(2)).get()).toEqual({ n: 2 }); // prepared again
  expect(prepares()).toBe(4);
});

it('answers correctly after the table under a kept statement changes shape', () => {
  const { db: d } = database();
  d.prepare('create table t (id integer primary key)').run();
  d.prepare('insert into t (id) values (1)').run();
  expect(d.prepare('select * from t').all()).toEqual([{ id: 1 }]);
  d.prepare('alter table t add column v text default \'x\'').run();
  expect(d.prepare('select * from t').all()).toEqual([{ id: 1, v: 'x' }]);
});
