// Shared by execution's unit tests (a fake session port instead of IB): the journal's database and
// an execution with nothing around it that decides anything.
import { ManualClock, createLogger } from '../common/index.ts';
import { accountsStore, migrateToLatest, openDatabase, type Db } from '../db/index.ts';
import type { OrderIntent, ReportEnvelope } from '../domain/index.ts';
import type { EngineHarness } from '../../test/support/engines.ts';
import { OrderExecution, type OrderExecutionDeps } from './execution.ts';
import type { OrderSession, OrderSessions } from './ports.ts';

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

export interface FakeOrderSessions extends OrderSessions {
  /** Hands a report to execution as the session would (attempt 1, live, on `connectionId` unless the envelope names another). */
  deliver(e: Omit<ReportEnvelope, 'connectionId' | 'attempt' | 'origin'> & Partial<ReportEnvelope>): void;
  /** How often execution asked for IB's picture again. */
  readonly reconciliationsAsked: number;
}

/** One ready session (attempt 1, client 0, every send handed to the socket) for every connection. */
export function fakeOrderSessions(connectionId: string): FakeOrderSessions {
  const listeners = new Set<(e: ReportEnvelope) => void>();
  let asked = 0;
  const session: OrderSession = {
    attempt: 1, clientId: 0, ready: () => true, reserveOrderId: (floor) => floor + 1,
    send: async () => ({ outcome: 'sent', attempt: 1 }), cancel: async () => ({ outcome: 'sent', attempt: 1 }), modify: async () => ({ outcome: 'sent', attempt: 1 }),
    requestReconciliation: () => {
      asked += 1;
    },
  };
  return {
    session: () => session,
    onReport: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    deliver: (e) => {
      for (const l of listeners) l({ connectionId, attempt: 1, origin: 'live', ...e } as ReportEnvelope);
    },
    get reconciliationsAsked() {
      return asked;
    },
  };
}
