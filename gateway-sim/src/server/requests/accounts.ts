// Which accounts an account-data request (reqPnL, reqPnLSingle, reqPositionsMulti) means, and the
// one refusal for an account this gateway does not manage.
import type { Engine } from '../../engine/index.ts';
import { validationText } from '../../protocol/index.ts';
import type { ClientConnection } from '../connection.ts';

/** '' or `All` (any case) = every managed account, summed; otherwise that one account. */
export function requestedAccounts(engine: Engine, account: string): readonly string[] | undefined {
  const a = account.trim();
  if (a === '' || a.toLowerCase() === 'all') return engine.accounts;
  return engine.accounts.includes(a) ? [a] : undefined;
}

/**
 * IB documents no answer for a request naming an account the session does not manage; the
 * simulator answers 321 on the request's id, as it does for reqAccountUpdatesMulti, so a caller
 * waiting on that id hears back instead of timing out.
 */
export function refuseAccount(conn: ClientConnection, reqId: number, account: string): void {
  conn.sendError(reqId, 321, validationText(`Invalid account code ${account}`, 'bC'));
}
