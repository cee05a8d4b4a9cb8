// Shared by execution's unit tests (a fake session port instead of IB): the journal's database and
// an execution with nothing around it that decides anything.
import { ManualClock, createLogger } from '../common/index.ts';
import { accountsStore, migrateToLatest, openDatabase, type Db } from '../db/index.ts';
import type { OrderIntent } from '../domain/index.ts';
import type { EngineHarness } from '../../test/support/engines.ts';
import { OrderExecution, type OrderExecutionDeps } from './execution.ts';
import type { OrderSessions } from './ports.ts';

/** A fresh, migrated database of the engine with one workspace. */
export async function journalDatabase(engine: EngineHarness, workspaceId: string): Promise<Db> {
  const db = await openDatabase(await engine.config());
  await migrateToLatest(db);
  await accountsStore.insertWorkspace(db.kysely, { id: workspaceId, name: workspaceId, created_at: 0 });
  return db;
}

/** Execution over `sessions`: a pinned clock (Tuesday 1 December 2026, noon in New York), silent, no audit trail, a gate that stops nothing. */
export function executionForTest(db: Db, sessions: OrderSessions, extra: Partial<OrderExecutionDeps> = {}): OrderExecution {
  return new OrderExecution({
    db, clock: new ManualClock(Date.UTC(2026, 11, 1, 17)), logger: createLogger({ level: 'silent' }), sessions,
    audit: { appendMany: async () => undefined },
    gate: { current: async () => ({ tradingState: 'active', workspaceHalted: false, executionEnabled: true, enabled: true }) },
    ...extra,
  });
}

/** An AAPL intent numbered `n` (its Kairox order and signal ids end in n), a day to live from Tuesday's noon. */
export function aaplIntent(n: number, workspaceId: string, connectionId: string, terms: Partial<OrderIntent> = {}): OrderIntent {
  const id = String(n).padStart(26, '0');
  return {
    kairoxOrderId: `kxo_${id}`, signalId: `sig_${id}`, workspaceId, connectionId, account: 'DU1234567',
    instrument: { conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD', multiplier: 1, minTick: 0.01 },
    side: 'BUY', quantity: 10, orderType: 'LMT', limitPrice: 150, tif: 'DAY', outsideRth: false, reduceOnly: false, expiresAt: Date.UTC(2026, 11, 2),
    ...terms,
  };
}
