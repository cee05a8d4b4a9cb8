// Decoders for the historical-data requests at server versions 176–178. Field orders checked
// against the official Python client 10.30.01 (client.py reqHistoricalData, cancelHistoricalData,
// reqHeadTimeStamp, cancelHeadTimeStamp) and @stoqey/ib 1.6.10's encoder: at these versions
// reqHistoricalData has no version field (dropped at 124, SYNT_REALTIME_BARS) and always carries
// conId/tradingClass, includeExpired, keepUpToDate and chartOptions; cancelHistoricalData keeps
// its version field; the head-timestamp requests never had one.
import { DecodeError } from './fields.ts';
import type { FieldReader } from './fields.ts';
import { contractHead } from './decode.ts';
import type { HistoricalRequest } from './types-history.ts';

const MAX_LEGS = 1000;

function firstReqId(r: FieldReader): number {
  const reqId = r.int();
  r.reqId = reqId;
  return reqId;
}

/** `20|reqId|contract(12)|includeExpired|endDateTime|barSize|duration|useRTH|whatToShow|formatDate|[legs]|keepUpToDate|chartOptions|` */
export function decodeReqHistoricalData(r: FieldReader): HistoricalRequest {
  const reqId = firstReqId(r);
  const contract = contractHead(r);
  contract.includeExpired = r.bool();
  const endDateTime = r.str();
  const barSizeSetting = r.str();
  const durationStr = r.str();
  const useRth = r.bool();
  const whatToShow = r.str();
  const formatDate = r.int();
  if (contract.secType.toUpperCase() === 'BAG') {
    const legs = r.int();
    if (legs < 0 || legs > MAX_LEGS) throw new DecodeError(`combo leg count ${legs} is out of range`, reqId);
    for (let i = 0; i < legs; i += 1) {
      contract.comboLegs.push({
        conId: r.int(), ratio: r.int(), action: r.str(), exchange: r.str(), openClose: 0, shortSaleSlot: 0,
        designatedLocation: '', exemptCode: -1,
      });
    }
  }
  const keepUpToDate = r.bool();
  const chartOptions = r.remaining > 0 ? r.str() : '';
  return {
    kind: 'reqHistoricalData', reqId, contract, endDateTime, barSizeSetting, durationStr, useRth, whatToShow, formatDate,
    keepUpToDate, chartOptions,
  };
}

/** `25|1|reqId|` */
export function decodeCancelHistoricalData(r: FieldReader): HistoricalRequest {
  r.int();
  return { kind: 'cancelHistoricalData', reqId: firstReqId(r) };
}

/** `87|reqId|contract(12)|includeExpired|useRTH|whatToShow|formatDate|` */
export function decodeReqHeadTimestamp(r: FieldReader): HistoricalRequest {
  const reqId = firstReqId(r);
  const contract = contractHead(r);
  contract.includeExpired = r.bool();
  return { kind: 'reqHeadTimestamp', reqId, contract, useRth: r.bool(), whatToShow: r.str(), formatDate: r.int() };
}

/** `90|reqId|` */
export function decodeCancelHeadTimestamp(r: FieldReader): HistoricalRequest {
  return { kind: 'cancelHeadTimestamp', reqId: firstReqId(r) };
}
