// Typed failures of broker calls. Each carries a stable code; IB's own code and text travel with
// the explanation from the message-code table when IB is the one who said no.
import { ibCodeInfo, type IbCodeInfo, type MarketDataRefusal, type SessionState } from '../domain/index.ts';

export type BrokerErrorCode =
  | 'NOT_READY' | 'DISCONNECTED' | 'REQUEST_TIMEOUT' | 'IB_ERROR' | 'ACCOUNT_REQUIRED' | 'ACCOUNT_UNKNOWN' | 'INVALID_REQUEST' | 'STOPPED' | 'NO_MARKET_DATA';

export class BrokerError extends Error {
  constructor(readonly code: BrokerErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotReadyError extends BrokerError {
  constructor(readonly state: SessionState) {
    super('NOT_READY', `The IB session is ${state.replaceAll('_', ' ')}, not ready; nothing was sent (nothing is queued for later).`);
  }
}

export class DisconnectedError extends BrokerError {
  constructor(reason: string) {
    super('DISCONNECTED', `The connection to the gateway was lost before IB answered (${reason}); the outcome is unknown until the session reconciles.`);
  }
}

export class RequestTimeoutError extends BrokerError {
  constructor(what: string, ms: number) {
    super('REQUEST_TIMEOUT', `IB did not answer ${what} within ${ms} ms.`);
  }
}

export class IbRequestError extends BrokerError {
  readonly info: IbCodeInfo;
  constructor(readonly ibCode: number, readonly ibMessage: string) {
    const info = ibCodeInfo(ibCode);
    super('IB_ERROR', `IB error ${ibCode}: ${ibMessage} — ${info.explanation}`);
    this.info = info;
  }
}

export class AccountError extends BrokerError {
  constructor(code: 'ACCOUNT_REQUIRED' | 'ACCOUNT_UNKNOWN', message: string, readonly accounts: readonly string[]) {
    super(code, message);
  }
}

export class InvalidRequestError extends BrokerError {
  constructor(message: string) {
    super('INVALID_REQUEST', message);
  }
}

/**
 * IB will not show this login the instrument's prices (354, 10089, 10168, 10197; 10167 unless
 * delayed data was allowed). `reason` is the stable code sizing and the risk gate record;
 * `refusal` says what is missing and how to fix it (domain/ib-message-codes.ts).
 */
export class NoMarketDataError extends BrokerError {
  readonly reason = 'no_market_data';
  constructor(readonly refusal: MarketDataRefusal, readonly ibMessage: string) {
    super('NO_MARKET_DATA', `${refusal.missing} ${refusal.fix} (IB ${refusal.code}: ${ibMessage})`);
  }
}
