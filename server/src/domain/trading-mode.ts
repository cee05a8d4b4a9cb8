// Paper or live, from IBKR's account id prefixes, and the port conventions that hint at a mode.
// A mismatch is a warning, not an error: ports are configurable in TWS, account ids are not.

export const TRADING_MODES = ['paper', 'live'] as const;
export type TradingMode = (typeof TRADING_MODES)[number];

/** DU/DF (paper, individual/advisor) must be tested before U/F (live). */
export function accountMode(accountId: string): TradingMode | undefined {
  const id = accountId.trim().toUpperCase();
  if (/^D[UF]/.test(id)) return 'paper';
  if (/^[UFI]/.test(id)) return 'live';
  return undefined;
}

/** The mode of a login's accounts; 'mixed' would be a surprise worth showing loudly. */
export function loginMode(accounts: readonly string[]): TradingMode | 'mixed' | undefined {
  const modes = accounts.map(accountMode);
  if (modes.length === 0 || modes.includes(undefined)) return undefined;
  const distinct = new Set(modes);
  return distinct.size > 1 ? 'mixed' : modes[0];
}

export const WELL_KNOWN_PORTS: Readonly<Record<number, { mode: TradingMode; app: 'TWS' | 'IB Gateway' }>> = {
  7497: { mode: 'paper', app: 'TWS' },
  7496: { mode: 'live', app: 'TWS' },
  4002: { mode: 'paper', app: 'IB Gateway' },
  4001: { mode: 'live', app: 'IB Gateway' },
};

export function portModeHint(port: number): TradingMode | undefined {
  return WELL_KNOWN_PORTS[port]?.mode;
}

/** A sentence when the port suggests one mode and the accounts are the other; undefined when they agree. */
export function portModeWarning(port: number, mode: TradingMode | 'mixed' | undefined): string | undefined {
  const known = WELL_KNOWN_PORTS[port];
  if (!known || mode === undefined) return undefined;
  if (mode === 'mixed') return `The login exposes both paper and live accounts; check which one each order names.`;
  if (known.mode === mode) return undefined;
  return `Port ${port} is usually ${known.app} ${known.mode}, but the accounts on this login are ${mode}. ` +
    `Check that you connected to the ${mode === 'live' ? 'live' : 'paper'} ${known.app} you meant to.`;
}

/**
 * What the user must see about real money, from what is known so far: the port alone at save
 * time, the login's accounts once a session has seen them (accounts decide; the port only hints).
 * Live is always said, not only when the port and the accounts disagree.
 */
export function tradingModeWarnings(port: number, accounts: readonly string[]): string[] {
  const mode = accounts.length > 0 ? loginMode(accounts) : undefined;
  const warnings: string[] = [];
  const known = WELL_KNOWN_PORTS[port];
  if (mode === 'live') {
    warnings.push(`The login's accounts are live (${accounts.join(', ')}): orders sent through this connection trade real money.`);
  } else if (mode === undefined && known?.mode === 'live') {
    warnings.push(`Port ${port} is ${known.app}'s live-trading port: orders sent through this connection would trade real money. ` +
      `${known.app} paper trading listens on ${known.app === 'TWS' ? 7497 : 4002}.`);
  }
  const mismatch = portModeWarning(port, mode);
  if (mismatch) warnings.push(mismatch);
  return warnings;
}
