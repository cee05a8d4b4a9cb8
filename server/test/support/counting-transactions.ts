// A database handle that counts the transactions begun through it: how tests see that work was
// grouped into one commit. Everything else is the real Kysely (its methods run on the real object,
// since they read private fields).
import type { Kysely } from 'kysely';
import type { Database, Db } from '../../src/db/index.ts';

export function countingTransactions(kysely: Kysely<Database>): { kysely: Kysely<Database>; begun: () => number } {
  let begun = 0;
  const counted = new Proxy(kysely, {
    get(target, key) {
      if (key === 'transaction') {
        return () => {
          begun += 1;
          return target.transaction();
        };
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { kysely: counted, begun: () => begun };
}

/** The same database, its transactions counted. */
export function countingDb(db: Db): { db: Db; transactions: () => number } {
  const { kysely, begun } = countingTransactions(db.kysely);
  return { db: { ...db, kysely }, transactions: begun };
}
