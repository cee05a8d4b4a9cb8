// Reading IB's notices and errors beyond the message-code table (domain): which market data farm
// a notice is about, and whom an error with no waiting request concerns.
import { ibCodeInfo } from '../domain/index.ts';

const FARM_UP_CODES = [2104, 2106, 2107, 2108, 2158];

export interface FarmStatus {
  farm: string;
  ok: boolean;
}

/** For a farm notice (2103-2108, 2119, 2157, 2158): the farm it names and whether it is up. */
export function farmStatus(code: number, message: string): FarmStatus | undefined {
  if (!(code >= 2103 && code <= 2108 || code === 2119 || code === 2157 || code === 2158)) return undefined;
  const farm = message.split(':').pop()?.trim() || message.replace(/.*\./, '').trim() || String(code);
  return { farm, ok: FARM_UP_CODES.includes(code) };
}

/**
 * An error no pending request claims: about an order (its reqId is the order id), about the
 * connection itself, or a notice like any other.
 */
export function errorSubject(code: number, reqId: number): 'order' | 'connection' | 'notice' {
  const info = ibCodeInfo(code);
  if (reqId > 0 && (info.category === 'order' || info.action === 'order_report' || info.category === 'request')) return 'order';
  if (info.action === 'reconnect') return 'connection';
  return 'notice';
}
