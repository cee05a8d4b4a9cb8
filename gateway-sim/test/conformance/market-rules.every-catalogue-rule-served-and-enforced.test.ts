// Market rules through @stoqey/ib at each version: every rule id the catalogue's contract details
// hand out is answered by reqMarketRule with its bands; a client that rounds with the rule of the
// exchange it routes to gets its order accepted, and a price off that rule's increment is refused
// with 110 (an AAPL option on CBOE moves in nickels from $3, on SMART in cents). An unknown rule
// id is refused on −1 (reqMarketRule carries no request id).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AAPL, VERSIONS, contract, order, startSim } from './support/ib-session.ts';
import type { EventArgs, IbSession, Sim } from './support/ib-session.ts';

type Bands = EventArgs['marketRule'][1];

/** The increment a rule sets for a price (bands by their low edge), as a client computes it. */
const incrementOf = (bands: Bands, price: number): number => bands.filter((b) => price >= b.lowEdge).at(-1)!.increment;
const onGrid = (price: number, increment: number): boolean => Math.abs(price / increment - Math.round(price / increment)) < 1e-6;

describe.each(VERSIONS)('market rules at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
  });
  afterEach(() => sim.close());

  const marketRule = async (id: number): Promise<Bands> => {
    const m = s.mark();
    s.api.reqMarketRule(id);
    const [, bands] = await s.waitFor('marketRule', (rid) => rid === id, m);
    return bands;
  };

  it('reqMarketRule answers every rule id the catalogue hands out, with ascending bands that fit each listing', async () => {
    const ids = new Set(sim.gw.engine.catalogue.instruments.flatMap((i) => i.marketRuleIds.split(',').map(Number)));
    expect(ids.size).toBeGreaterThanOrEqual(8);
    const rules = new Map<number, Bands>();
    for (const id of ids) {
      const bands = await marketRule(id);
      expect(bands.length, `rule ${id}`).toBeGreaterThan(0);
      expect(bands[0]!.lowEdge).toBe(0);
      for (const [k, b] of bands.entries()) {
        expect(b.increment).toBeGreaterThan(0);
        if (k > 0) expect(b.lowEdge).toBeGreaterThan(bands[k - 1]!.lowEdge);
      }
      rules.set(id, bands);
    }
    // A listing's minTick is its own exchange's increment at the listing's price.
    for (const i of sim.gw.engine.catalogue.instruments) {
      const own = Number(i.marketRuleIds.split(',')[i.validExchanges.indexOf(i.exchange)]);
      expect(incrementOf(rules.get(own)!, i.refPrice), i.localSymbol).toBe(i.minTick);
    }
    // US stocks: ten-thousandths below $1, cents from $1.
    expect(rules.get(26)).toEqual([{ lowEdge: 0, increment: 0.0001 }, { lowEdge: 1, increment: 0.01 }]);
  });

  it("contract details name the rules per exchange; an order priced off its exchange's increment is 110, on it accepted", async () => {
    const cd = 501;
    const m0 = s.mark();
    s.api.reqContractDetails(cd, contract({ symbol: 'AAPL', secType: 'OPT', exchange: 'SMART', currency: 'USD', right: 'C' }));
    const [[, details]] = (await s.collect('contractDetails', 'contractDetailsEnd', (r) => r === cd, m0)) as [EventArgs['contractDetails']];
    const exchanges = details.validExchanges!.split(',');
    const ruleIds = details.marketRuleIds!.split(',').map(Number);
    expect(ruleIds).toHaveLength(exchanges.length);
    const cboe = await marketRule(ruleIds[exchanges.indexOf('CBOE')]!);
    const smart = await marketRule(ruleIds[exchanges.indexOf('SMART')]!);
    expect(incrementOf(cboe, 5.37)).toBe(0.05);
    expect(incrementOf(smart, 5.37)).toBe(0.01);

    const conId = details.contract.conId!;
    const id = s.firstOrderId;
    const m = s.mark();
    const buy = (lmtPrice: number) => order({ action: 'BUY', orderType: 'LMT', lmtPrice, totalQuantity: 1 });
    expect(onGrid(5.37, incrementOf(cboe, 5.37))).toBe(false);
    s.api.placeOrder(id, { conId, exchange: 'CBOE' }, buy(5.37));
    expect(await s.waitForError(110, id, m)).toEqual({ code: 110, reqId: id, message: 'The price does not conform to the minimum price variation for this contract.' });
    s.api.placeOrder(id + 1, { conId, exchange: 'CBOE' }, buy(5.35));
    s.api.placeOrder(id + 2, { conId, exchange: 'SMART' }, buy(5.37));
    await s.waitFor('orderStatus', (oid) => oid === id + 1, m);
    await s.waitFor('orderStatus', (oid) => oid === id + 2, m);
    // A stock limit in the sub-dollar band may use ten-thousandths; above $1 it may not.
    s.api.placeOrder(id + 3, AAPL, buy(1.0012));
    await s.waitForError(110, id + 3, m);
    expect(s.errors(m).filter((e) => e.code === 110).map((e) => e.reqId)).toEqual([id, id + 3]);
    expect(s.all('orderStatus', m).some(([oid]) => oid === id || oid === id + 3)).toBe(false);
  });

  it('an unknown rule id is refused with 321 on −1 and the session carries on', async () => {
    const m = s.mark();
    s.api.reqMarketRule(424242);
    expect((await s.waitForError(321, -1, m)).message).toBe("Error validating request.-'bM' : cause - Invalid market rule id 424242");
    expect(s.all('marketRule', m)).toEqual([]);
    expect(await marketRule(239)).toEqual([{ lowEdge: 0, increment: 0.00005 }]);
  });
});
