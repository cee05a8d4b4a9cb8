// Group commit: pieces of work that come due together share one transaction, so one commit (one
// fsync under synchronous=FULL) makes all of them durable instead of one each. Each piece runs in
// its own savepoint: one that throws is rolled back alone and its caller gets the error, while the
// others commit. A caller is answered only once its piece is committed (or refused).
// A group is what was handed in before the next turn of the event loop (setImmediate), plus
// whatever came while the previous group held the database: a busy database groups more.
// A piece must use only the executor it is given: one that waited for another transaction of the
// same database would wait for the group it is part of.
// A piece may leave work for the group's end (deferToGroupEnd): done once for every piece that
// committed, in piece order, just before the commit (the audit trail's appends: one sequence
// reservation, insert and head update for the group instead of one each). A refused piece's share
// goes with its savepoint. Such work must not fail for what one piece gave it (check that in the
// piece), since its failure refuses the whole group.
// SQLite only (commitsFor): its one connection runs one transaction at a time anyway. PostgreSQL runs
// transactions side by side and groups their WAL flushes itself, and one transaction holding the
// row locks of several workspaces could deadlock with another transaction taking them the other
// way round, so there each piece keeps a transaction of its own.
import { sql, type Kysely } from 'kysely';
import type { Db } from './connect.ts';
import type { Database } from './schema.ts';

type Work<DB> = (trx: Kysely<DB>) => Promise<void>;

interface Piece<DB> {
  work: Work<DB>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const SAVEPOINT = sql.raw('kairox_group_piece');

/** Work of one kind that pieces leave for the end of their group's transaction. */
export interface GroupEndWork<T> {
  /** In the group's transaction, after its last piece and before the commit: the items of every piece that was not refused, in order. */
  run(trx: Kysely<Database>, items: T[]): Promise<void>;
}

type EndItems = Map<GroupEndWork<unknown>, unknown[]>;

/** The end-work of the piece running on each group transaction now (pieces run one at a time). */
const runningPieces = new WeakMap<object, EndItems>();

/**
 * While a grouped piece runs on `executor`: adds `items` to the group's end-work of this kind and
 * returns true. Outside a group (or on PostgreSQL) returns false, and the caller does it now.
 */
export function deferToGroupEnd<T>(executor: object, work: GroupEndWork<T>, items: readonly T[]): boolean {
  const ends = runningPieces.get(executor);
  if (!ends) return false;
  const list = ends.get(work as GroupEndWork<unknown>);
  if (list) list.push(...items);
  else ends.set(work as GroupEndWork<unknown>, [...items]);
  return true;
}

/** Whether a grouped piece runs on `executor` now (its writes may be waiting for the group's end). */
export function inGroupedPiece(executor: object): boolean {
  return runningPieces.has(executor);
}

/** Runs `work` with its end-work collected into `into` (kept only if it does not throw). */
async function runPiece<DB>(work: Work<DB>, trx: Kysely<DB>, into: EndItems): Promise<void> {
  const mine: EndItems = new Map();
  runningPieces.set(trx, mine);
  try {
    await work(trx);
  } finally {
    runningPieces.delete(trx);
  }
  for (const [kind, items] of mine) {
    const list = into.get(kind);
    if (list) list.push(...items);
    else into.set(kind, items);
  }
}

async function runEnds(trx: object, ends: EndItems): Promise<void> {
  // End-work is written for Kairox's own schema, which every grouped transaction has.
  for (const [kind, items] of ends) await kind.run(trx as Kysely<Database>, items);
}

/** Runs a piece of work in a transaction, answering once it is committed. */
export interface Commits<DB> {
  run(work: Work<DB>): Promise<void>;
}

const shared = new WeakMap<object, Commits<Database>>();

/** The database's one group commit (SQLite), or a transaction a piece (PostgreSQL): every user of a database shares it, so their pieces group together. */
export function commitsFor(db: Db): Commits<Database> {
  let commits = shared.get(db.kysely);
  if (!commits) {
    const kysely = db.kysely;
    commits = db.kind === 'sqlite' ? new GroupCommit(kysely) : { run: (work) => kysely.transaction().execute(work) };
    shared.set(kysely, commits);
  }
  return commits;
}

export class GroupCommit<DB> implements Commits<DB> {
  private waiting: Array<Piece<DB>> = [];
  private flushScheduled = false;

  constructor(private readonly db: Kysely<DB>) {}

  /** Runs `work` in the next group's transaction; resolves once that transaction has committed. */
  run(work: Work<DB>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ work, resolve, reject });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 1) {
      // Alone: no savepoint needed, its error rolls back its own transaction.
      const [piece] = group as [Piece<DB>];
      await this.db.transaction().execute(async (trx) => {
        const ends: EndItems = new Map();
        await runPiece(piece.work, trx, ends);
        await runEnds(trx, ends);
      }).then(piece.resolve, piece.reject);
      return;
    }
    const refused = new Map<Piece<DB>, unknown>();
    try {
      await this.db.transaction().execute(async (trx) => {
        const ends: EndItems = new Map();
        for (const piece of group) {
          await sql`savepoint ${SAVEPOINT}`.execute(trx);
          try {
            await runPiece(piece.work, trx, ends);
          } catch (error) {
            await sql`rollback to savepoint ${SAVEPOINT}`.execute(trx);
            refused.set(piece, error);
          }
          await sql`release savepoint ${SAVEPOINT}`.execute(trx);
        }
        await runEnds(trx, ends);
      });
    } catch (error) {
      // The commit itself (or a savepoint, or the end-work) failed: nothing of the group is written.
      for (const piece of group) piece.reject(error);
      return;
    }
    for (const piece of group) {
      if (refused.has(piece)) piece.reject(refused.get(piece));
      else piece.resolve();
    }
  }
}
