// How a failed IB contract look-up reads to the person who asked: which state the connection is
// in and what to do about it, IB's own words when IB refused, never an internal error.
import { BrokerError, IbRequestError, InvalidRequestError, NotReadyError } from '../broker/index.ts';
import { KairoxError, ValidationError } from '../common/index.ts';

function readyHint(connectionId: string, state: string): string {
  return state === 'disabled'
    ? `Enable it (PATCH /api/connections/${connectionId} {"enabled":true}) and wait until its status reads ready.`
    : `Wait until its status reads ready (GET /api/connections/${connectionId}); its timeline (GET /api/connections/${connectionId}/timeline) says why it is not.`;
}

/** 409: the connection exists but cannot answer now. `state` is the session's state, or "disabled" / "not started". */
export function connectionNotReady(connectionId: string, state: string): KairoxError {
  return new KairoxError(
    'CONNECTION_NOT_READY', 409,
    `Connection ${connectionId} is ${state.replaceAll('_', ' ')}, not ready: looking contracts up at IB needs the connection enabled and its session ready. ${readyHint(connectionId, state)}`,
    { connectionId, state },
  );
}

/** 503: this process runs no broker worker (`kairox api`), so it cannot ask IB. */
export function noWorkerHere(connectionId: string): KairoxError {
  return new KairoxError(
    'SERVICE_UNAVAILABLE', 503,
    `This Kairox process runs no broker worker (it was started with \`kairox api\`), so it cannot ask IB about contracts for connection ${connectionId}. Send this request to a process started with \`kairox start\`.`,
    { connectionId },
  );
}

/** Maps the broker's typed failures; anything else is rethrown as it is. */
export function lookupFailure(error: unknown, connectionId: string): unknown {
  if (error instanceof NotReadyError) return connectionNotReady(connectionId, error.state);
  if (error instanceof InvalidRequestError) return new ValidationError(`The contract description was refused before anything was sent to IB: ${error.message}.`);
  if (error instanceof IbRequestError) {
    return new KairoxError('IB_ERROR', 502, `IB refused the contract look-up: ${error.message}`, { ibCode: error.ibCode, ibMessage: error.ibMessage });
  }
  if (error instanceof BrokerError) {
    if (error.code === 'STOPPED') return connectionNotReady(connectionId, 'stopped');
    return new KairoxError('SERVICE_UNAVAILABLE', 503, `${error.message} Try again once the connection is ready.`, { connectionId });
  }
  return error;
}
