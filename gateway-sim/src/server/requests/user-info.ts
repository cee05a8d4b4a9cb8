// reqUserInfo: userInfo with the white-branding id, which is empty for an account IB does not
// white-label (every simulated account).
import { encodeUserInfo } from '../../protocol/index.ts';
import type { ClientConnection } from '../connection.ts';

export function handleUserInfo(conn: ClientConnection, reqId: number): void {
  conn.send(encodeUserInfo(reqId, ''));
}
