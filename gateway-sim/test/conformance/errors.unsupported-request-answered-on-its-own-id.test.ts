// A request the simulator does not implement is refused on the id it carries, as TWS answers a
// failed request: @stoqey/ib's error event names that request id, and IBApiNext's promise for the
// request rejects at once instead of waiting for its own time-out. A request without an id
// (reqFamilyCodes) is still answered on −1, and the session carries on in every case.
import { DurationUnit, IBApiNextError } from '@stoqey/ib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, AAPL_CON_ID, VERSIONS, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';
import { openNext, rejectionOf } from './support/ib-next.ts';

const UNSUPPORTED = /^Error validating request\.-'bU' : cause - The simulated gateway does not support request message id \d+$/;

describe.each(VERSIONS)('unsupported requests at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
  });
  afterEach(() => sim.close());

  it('IBApi: option parameters, fundamentals and depth are refused with 321 on their own request ids', async () => {
    const m = s.mark();
    s.api.reqSecDefOptParams(7101, 'AAPL', '', 'STK', AAPL_CON_ID);
    s.api.reqFundamentalData(7102, AAPL, 'ReportSnapshot');
    s.api.reqMktDepth(7103, AAPL, 5, false);
    for (const id of [7101, 7102, 7103]) {
      const err = await s.waitForError(321, id, m);
      expect(err.message).toMatch(UNSUPPORTED);
    }
    expect(s.errors(m).filter((e) => e.code === 321).map((e) => e.reqId)).toEqual([7101, 7102, 7103]);
    // No id to answer on: −1, delivered as info.
    s.api.reqFamilyCodes();
    expect((await s.waitForError(321, -1, m)).message).toMatch(/message id 80$/);
    const t = s.mark();
    s.api.reqCurrentTime();
    await s.waitFor('currentTime', () => true, t);
  });

  it('IBApiNext: the promise of an unsupported request rejects with the error on its request id', async () => {
    const next = await openNext(sim.gw, 2, version);
    try {
      const histogram = await rejectionOf(next.api.getHistogramData(AAPL, true, 1, DurationUnit.WEEK));
      expect(histogram).toBeInstanceOf(IBApiNextError);
      const { code, reqId, error } = histogram as IBApiNextError;
      expect(code).toBe(321);
      expect(reqId).toBeGreaterThan(0);
      expect(error.message).toMatch(/message id 88$/);

      const options = (await rejectionOf(next.api.getSecDefOptParams('AAPL', '', 'STK' as never, AAPL_CON_ID))) as IBApiNextError;
      expect([options.code, options.error.message.endsWith('message id 78')]).toEqual([321, true]);
      expect(options.reqId).not.toBe(reqId);
      // The connection is unharmed.
      expect(await next.api.getCurrentTime()).toBeGreaterThan(0);
    } finally {
      await next.close();
    }
  });
});
