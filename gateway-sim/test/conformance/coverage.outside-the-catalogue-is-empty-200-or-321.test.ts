// What the simulator does not cover is answered, never left hanging (README "Coverage"), through
// @stoqey/ib at each version: matching symbols finds catalogue stocks only and an empty list for any
// other name; contract details for an index, a crypto pair or a bond are 200 on the request id;
// depth, scanners and news are 321, on the request id where the request has one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, VERSIONS, contract, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('coverage at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
  });
  afterEach(() => sim.close());

  const samples = async (reqId: number, pattern: string) => {
    const m = s.mark();
    s.api.reqMatchingSymbols(reqId, pattern);
    const [, found] = await s.waitFor('symbolSamples', (r) => r === reqId, m);
    return found;
  };

  it('matching symbols: catalogue stocks by prefix and name, nothing for a name outside the catalogue', async () => {
    const apple = await samples(801, 'AAP');
    expect(apple.map((d) => d.contract.symbol)).toEqual(['AAPL']);
    expect(apple[0]!.derivativeSecTypes).toEqual(['OPT']);
    expect((await samples(802, 'MICROSOFT')).map((d) => d.contract.symbol)).toEqual(['MSFT']);
    for (const [id, outside] of [[803, 'BITCOIN'], [804, 'SPX'], [805, 'ZZZZ']] as const) {
      expect(await samples(id, outside), outside).toEqual([]);
    }
  });

  it('an index, a crypto pair and a bond are 200 on the request id', async () => {
    const m = s.mark();
    const asks = [
      [811, contract({ symbol: 'SPX', secType: 'IND' as never, exchange: 'CBOE', currency: 'USD' })],
      [812, contract({ symbol: 'BTC', secType: 'CRYPTO' as never, exchange: 'PAXOS', currency: 'USD' })],
      [813, contract({ symbol: 'IBCID123456', secType: 'BOND' as never, exchange: 'SMART', currency: 'USD' })],
    ] as const;
    for (const [id, c] of asks) s.api.reqContractDetails(id, c);
    for (const [id] of asks) expect((await s.waitForError(200, id, m)).message).toBe('No security definition has been found for the request');
    expect(s.all('contractDetailsEnd', m)).toEqual([]);
  });

  it('depth, scanner subscriptions and news articles are 321 on their ids; news providers, without one, on −1', async () => {
    const m = s.mark();
    s.api.reqMktDepth(821, AAPL, 5, false);
    s.api.reqScannerSubscription(822, { instrument: 'STK', locationCode: 'STK.US.MAJOR', scanCode: 'TOP_PERC_GAIN' } as never);
    s.api.reqNewsArticle(823, 'BRFG', 'BRFG$04fb9da2');
    for (const id of [821, 822, 823]) await s.waitForError(321, id, m);
    s.api.reqNewsProviders();
    expect((await s.waitForError(321, -1, m)).message).toMatch(/message id 85$/);
  });
});
