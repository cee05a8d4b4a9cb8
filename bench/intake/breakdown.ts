// Where one signal's time goes when nothing else is running: each IB read intake makes, timed alone
// on one ready session, and one SQLite commit with synchronous=FULL in the same directory as
// Kairox's database. Sequential and unloaded, so these are floors for the end-to-end figures.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { IbSession } from '../../server/src/broker/index.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

async function timed(times: number, work: () => Promise<unknown>): Promise<LatencyStats> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  return latencyStats(ms);
}

export async function ibReads(session: IbSession, account: string, conId: number, times: number): Promise<Record<string, LatencyStats>> {
  return {
    marketSnapshot: await timed(times, () => session.marketSnapshot({ conId, exchange: 'SMART' }, { timeoutMs: 2000 })),
    // maxAgeMs 0 forces IB's account summary; intake's default reuses values up to 5 s old.
    accountSnapshotFromIb: await timed(times, () => session.accountSnapshot(account, { maxAgeMs: 0 })),
    positions: await timed(times, () => session.positions(account)),
    dailyPnl: await timed(times, () => session.accountPnl(account, 2000)),
  };
}

/** One small insert per transaction, as a decision is one transaction; WAL and synchronous=FULL like Kairox's. */
export function sqliteCommit(dir: string, times: number): LatencyStats {
  const db = new Database(path.join(dir, 'commit-probe.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table probe (id integer primary key, body text not null)');
    const insert = db.prepare('insert into probe (body) values (?)');
    const ms: number[] = [];
    for (let i = 0; i < times; i++) {
      const started = performance.now();
      db.transaction(() => insert.run('x'.repeat(2000)))();
      ms.push(performance.now() - started);
    }
    return latencyStats(ms);
  } finally {
    db.close();
  }
}
