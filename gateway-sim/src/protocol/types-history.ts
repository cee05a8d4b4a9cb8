// The historical-data requests as decoded from the wire (decode-history.ts). Parameters stay as
// the client wrote them (IB's strings); what they mean is checked where they are served.
import type { WireContract } from './types.ts';

export type HistoricalRequest =
  | {
      kind: 'reqHistoricalData';
      reqId: number;
      contract: WireContract;
      /** `yyyyMMdd HH:mm:ss[ zone]`, `yyyyMMdd-HH:mm:ss` (UTC) or empty (now). */
      endDateTime: string;
      /** `1 min` … `1 day`. */
      barSizeSetting: string;
      /** `<n> S|D|W|M|Y`. */
      durationStr: string;
      useRth: boolean;
      whatToShow: string;
      /** 1 = date strings, 2 = epoch seconds (intraday bars only). */
      formatDate: number;
      keepUpToDate: boolean;
      chartOptions: string;
    }
  | { kind: 'cancelHistoricalData'; reqId: number }
  | { kind: 'reqHeadTimestamp'; reqId: number; contract: WireContract; useRth: boolean; whatToShow: string; formatDate: number }
  | { kind: 'cancelHeadTimestamp'; reqId: number };
