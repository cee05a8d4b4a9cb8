// IB's historical-data pacing rules, enforced on the simulated clock for the whole gateway (IB's
// farm sees one user, whatever the client id). A request that breaks one is refused with 162
// "Historical data request pacing violation" and not counted; rules, as IB documents them:
//   1. no identical request (same contract, bar size, duration, end, whatToShow, useRTH) within 15 s;
//   2. no six or more requests for the same contract, exchange and whatToShow within 2 s;
//   3. no more than 60 requests within any 10 minutes.
// IB applies them strictly to bars of 30 s or less and throttles larger bars softly; the simulator
// builds bars of one minute or more and applies them to all, so a client's back-off can be tested.

export interface PacingRequest {
  /** Everything that makes two requests identical. */
  identity: string;
  /** Contract, exchange and whatToShow. */
  series: string;
}

export const IDENTICAL_WINDOW_MS = 15_000;
export const SERIES_WINDOW_MS = 2_000;
export const SERIES_MAX = 5;
export const TOTAL_WINDOW_MS = 600_000;
export const TOTAL_MAX = 60;

export class HistoricalPacing {
  private readonly served: { at: number; identity: string; series: string }[] = [];

  /** Records the request and returns undefined when it may be served; otherwise why not (not recorded). */
  admit(req: PacingRequest, now: number): string | undefined {
    while (this.served.length > 0 && (this.served[0]?.at ?? now) <= now - TOTAL_WINDOW_MS) this.served.shift();
    if (this.served.some((s) => s.identity === req.identity && now - s.at < IDENTICAL_WINDOW_MS)) return 'identical request within 15 seconds';
    if (this.served.filter((s) => s.series === req.series && now - s.at < SERIES_WINDOW_MS).length >= SERIES_MAX) {
      return 'six or more requests for the same contract, exchange and tick type within 2 seconds';
    }
    if (this.served.length >= TOTAL_MAX) return 'more than 60 requests within 10 minutes';
    this.served.push({ at: now, identity: req.identity, series: req.series });
    return undefined;
  }
}
