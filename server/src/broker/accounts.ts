// Which account an order goes to. A login may offer several accounts and a connection may be
// configured for one of them; an order never goes to an account by guess.
import { AccountError } from './errors.ts';

export interface AccountChoice {
  /** The connection's configured IB Account ID. */
  configured: string | null;
  /** The login's managed accounts. */
  offered: readonly string[];
}

/** The account the session stands for, when that is settled: configured, or the login's only one. */
export function sessionAccount({ configured, offered }: AccountChoice): string | null {
  return configured ?? (offered.length === 1 ? offered[0] ?? null : null);
}

/** The account an order goes to; throws AccountError when it is unknown or has to be named. */
export function orderAccount(requested: string | undefined, { configured, offered }: AccountChoice): string {
  if (requested !== undefined) {
    if (!offered.includes(requested)) {
      throw new AccountError('ACCOUNT_UNKNOWN', `Account ${requested} is not one of the accounts this login offers: ${offered.join(', ')}.`, offered);
    }
    if (configured && requested !== configured) {
      throw new AccountError('ACCOUNT_UNKNOWN', `This connection is configured for account ${configured}; orders cannot name ${requested}.`, offered);
    }
    return requested;
  }
  if (configured) return configured;
  if (offered.length === 1 && offered[0]) return offered[0];
  throw new AccountError('ACCOUNT_REQUIRED', `This login offers several accounts (${offered.join(', ')}) and the connection names none: the order must name one.`, offered);
}

/** Why the session cannot become ready with this login, if its configured account is not offered. */
export function unofferedAccount({ configured, offered }: AccountChoice): string | undefined {
  if (!configured || offered.includes(configured)) return undefined;
  return `IB Account ID ${configured} is not one of the accounts this login offers: ${offered.join(', ') || 'none'}.`;
}
