// Decoders for the account-data requests at server versions 176–178, in the field order the
// official clients send them (Python client.py and Java EClient: reqPositionsMulti /
// cancelPositionsMulti carry a version field 1; reqPnL, cancelPnL, reqPnLSingle, cancelPnLSingle
// and reqUserInfo never had one), as @stoqey/ib 1.6.10's encoder does too.
import { DecodeError } from './fields.ts';
import type { FieldReader } from './fields.ts';
import { IN } from './message-ids.ts';
import type { AccountDataRequest } from './types-account-data.ts';

function reqIdFirst(r: FieldReader): number {
  const reqId = r.int();
  r.reqId = reqId;
  return reqId;
}

function reqIdAfterVersion(r: FieldReader): number {
  r.int();
  return reqIdFirst(r);
}

/** One of the account-data requests, the message id already read. */
export function decodeAccountDataRequest(msgId: number, r: FieldReader): AccountDataRequest {
  switch (msgId) {
    case IN.reqPositionsMulti: {
      const reqId = reqIdAfterVersion(r);
      return { kind: 'reqPositionsMulti', reqId, account: r.str(), modelCode: r.str() };
    }
    case IN.cancelPositionsMulti:
      return { kind: 'cancelPositionsMulti', reqId: reqIdAfterVersion(r) };
    case IN.reqPnL: {
      const reqId = reqIdFirst(r);
      return { kind: 'reqPnL', reqId, account: r.str(), modelCode: r.str() };
    }
    case IN.cancelPnL:
      return { kind: 'cancelPnL', reqId: reqIdFirst(r) };
    case IN.reqPnLSingle: {
      const reqId = reqIdFirst(r);
      return { kind: 'reqPnLSingle', reqId, account: r.str(), modelCode: r.str(), conId: r.int() };
    }
    case IN.cancelPnLSingle:
      return { kind: 'cancelPnLSingle', reqId: reqIdFirst(r) };
    case IN.reqUserInfo:
      return { kind: 'reqUserInfo', reqId: reqIdFirst(r) };
    default:
      throw new DecodeError(`message ${msgId} is not an account-data request`);
  }
}
