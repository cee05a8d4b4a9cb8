// Snapshot / restore of the whole engine state as JSON (`--state FILE`).
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { PriceModelState } from '../market/prices.ts';
import type { AccountState } from './accounts.ts';
import type { AccountMode, OrderTerms } from './types.ts';

/** One order as the engine keeps it (JSON-safe): its terms plus matching state. */
export interface OrderRecord extends OrderTerms {
  conId: number;
  passthrough: Record<string, unknown>;
  /** Sum of fill values in USD, for the per-order commission schedule. */
  filledValueUsd: number;
  staged: boolean;
  /** STP/STP LMT/TRAIL: the stop has been hit. */
  triggered: boolean;
  /** Earliest simulated time of the next fill (delayed fills, partial-fill slices). */
  nextFillAt: number;
  /** DAY orders: when the session they were placed for closes. */
  expiresAt: number | undefined;
  completedAt: number | undefined;
}

export interface ExecRecord {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  conId: number;
  exchange: string;
  timeMs: number;
  account: string;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
  lastLiquidity: number;
  commission: number;
  realizedPnl: number | undefined;
}

export interface EngineState {
  version: 1;
  savedAt: number;
  seed: number;
  mode: AccountMode;
  startMs: number;
  clients: [number, { highestUsed: number; issued: number }][];
  nextPermId: number;
  execSeq: number;
  orders: OrderRecord[];
  executions: ExecRecord[];
  accounts: AccountState[];
  prices: PriceModelState;
}

export async function saveStateFile(file: string, state: EngineState): Promise<void> {
  // Write then rename, so a crash never leaves half a state file behind.
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, file);
}

/** Reads a state file written by saveStateFile, checking its shape enough to fail with a clear message. */
export async function loadStateFile(file: string): Promise<EngineState> {
  const data: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (typeof data !== 'object' || data === null) throw new Error(`${file}: not an engine state`);
  const s = data as Partial<EngineState>;
  if (s.version !== 1) throw new Error(`${file}: unsupported engine state version ${String(s.version)}`);
  for (const key of ['clients', 'orders', 'executions', 'accounts'] as const) {
    if (!Array.isArray(s[key])) throw new Error(`${file}: engine state lacks ${key}`);
  }
  if (typeof s.prices !== 'object' || s.prices === null) throw new Error(`${file}: engine state lacks prices`);
  return s as EngineState;
}
