// The simulated accounts by id: created from the options (DU…/U… numbers drawn from the seed, the
// same starting cash each) or restored from a snapshot; read through the pure model in accounts.ts.
import { sequence } from '../market/prng.ts';
import { accountValues, positionView } from './accounts.ts';
import type { AccountState, Pricing } from './accounts.ts';
import type { AccountMode, AccountValues, PositionView } from './types.ts';

export interface NewAccounts {
  /** Account ids, or how many to create. */
  ids: readonly string[] | number | undefined;
  mode: AccountMode;
  seed: number;
  startingCash: number;
}

function accountIds(opt: NewAccounts['ids'], mode: AccountMode, seed: number): string[] {
  if (Array.isArray(opt)) return [...(opt as readonly string[])];
  const n = typeof opt === 'number' ? opt : 1;
  const rnd = sequence(seed ^ 0x5eed);
  const prefix = mode === 'paper' ? 'DU' : 'U';
  return Array.from({ length: n }, () => `${prefix}${1_000_000 + Math.floor(rnd() * 8_999_999)}`);
}

export class AccountBook {
  readonly ids: readonly string[];
  private readonly accounts = new Map<string, AccountState>();

  constructor(
    private readonly pricing: Pricing,
    from: { saved: readonly AccountState[] } | NewAccounts,
  ) {
    if ('saved' in from) {
      this.ids = from.saved.map((a) => a.id);
      for (const a of from.saved) this.accounts.set(a.id, structuredClone(a));
    } else {
      this.ids = accountIds(from.ids, from.mode, from.seed);
      const cash = from.startingCash;
      for (const id of this.ids) this.accounts.set(id, { id, cash, realizedPnl: 0, previousDayElv: cash, positions: [] });
    }
    if (this.ids.length === 0) throw new Error('createEngine: at least one account is needed');
  }

  has(id: string): boolean {
    return this.accounts.has(id);
  }

  /** An account an order was accepted for (placeOrder checked that it exists). */
  get(id: string): AccountState {
    const a = this.accounts.get(id);
    if (a === undefined) throw new Error(`Unknown account ${id}`);
    return a;
  }

  positions(account?: string): PositionView[] {
    const out = [];
    for (const a of this.accounts.values()) {
      if (account !== undefined && a.id !== account) continue;
      for (const p of a.positions) out.push(positionView(a.id, p, this.pricing));
    }
    return out;
  }

  values(account: string): AccountValues | undefined {
    const a = this.accounts.get(account);
    return a === undefined ? undefined : accountValues(a, this.pricing);
  }

  snapshot(): AccountState[] {
    return [...this.accounts.values()];
  }
}
