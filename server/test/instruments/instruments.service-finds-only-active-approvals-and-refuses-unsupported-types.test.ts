// Scenario: a signal names its instrument; intake asks the instruments module which approved
// instrument it means. Only active approvals of that connection count: a revoked one, or one
// approved on another connection, is instrument_not_qualified; a type Kairox does not automate
// cannot be approved at all. IB is a fake ContractLookup here
// (the port the sessions worker satisfies), so the test is about storage, on SQLite and PostgreSQL.
import { afterEach, expect, it } from 'vitest';
import type { ContractCandidate, ContractSearchResult } from '../../src/broker/index.ts';
import { forWorkspace } from '../../src/db/index.ts';
import { InstrumentsService, type ContractLookup } from '../../src/instruments/index.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox } from '../support/kairox.ts';

const CON_A = 'con_0000000000000000000000000a';
const CON_B = 'con_0000000000000000000000000b';
const BY = { actor: { type: 'user' as const, id: 'usr_00000000000000000000000000' } };

const stock = (conId: number, symbol: string, currency = 'USD'): ContractCandidate => ({
  conId, symbol, secType: 'STK', exchange: 'SMART', currency, multiplier: 1, minTick: 0.01, sizeIncrement: 1, localSymbol: symbol,
});
const IB: Record<number, ContractCandidate> = {
  265598: stock(265598, 'AAPL'), 272093: stock(272093, 'MSFT'), 195014098: stock(195014098, 'SHOP', 'CAD'),
  416904: { ...stock(416904, 'SPX'), secType: 'IND', exchange: 'CBOE' },
};

/** Answers by conId from the table above, as IB would. */
const fakeIb: ContractLookup = {
  search: async (_connectionId, spec): Promise<ContractSearchResult> => {
    const found = spec.conId === undefined ? undefined : IB[spec.conId];
    return found ? { kind: 'found', candidates: [found] } : { kind: 'not_found', message: 'No security definition has been found for the request' };
  },
};

describeEachEngine('finding the approved instrument a signal means', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  async function serviceInAWorkspace() {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const { workspace } = (await owner.request({ url: '/api/me' })).json() as { workspace: { id: string } };
    const service = new InstrumentsService({
      db: kairox.db, clock: { now: () => Date.parse('2026-12-01T15:00:00Z') }, contracts: fakeIb,
      connections: { describe: async () => ({ enabled: true, state: 'ready' }) },
    });
    return { service, scope: forWorkspace(kairox.db, workspace.id), db: kairox.db };
  }

  it('finds active approvals of the connection only', async () => {
    const { service, scope, db } = await serviceInAWorkspace();

    const aapl = await service.approve(scope, { connectionId: CON_A, conId: 265598 }, BY);
    const msft = await service.approve(scope, { connectionId: CON_A, conId: 272093 }, BY);
    await service.approve(scope, { connectionId: CON_B, conId: 195014098 }, BY);
    await service.revoke(scope, msft.id, BY);

    expect(await service.findApproved(scope, CON_A, { symbol: 'AAPL' })).toEqual({ ok: true, instrument: aapl });
    expect(await service.findApproved(scope, CON_A, { conId: 265598 })).toMatchObject({ ok: true, instrument: { id: aapl.id, sizeIncrement: 1 } });
    expect(await service.findApproved(scope, CON_A, { symbol: 'MSFT' })).toMatchObject({ ok: false, code: 'instrument_not_qualified' });
    expect(await service.findApproved(scope, CON_A, { conId: 195014098 })).toMatchObject({ ok: false, code: 'instrument_not_qualified' });
    expect(await service.findApproved(scope, CON_B, { symbol: 'SHOP', currency: 'CAD' })).toMatchObject({ ok: true, instrument: { conId: 195014098 } });
    // Another workspace's scope finds nothing, even by the same connection id.
    expect(await service.findApproved(forWorkspace(db, 'ws_00000000000000000000000000'), CON_A, { conId: 265598 })).toMatchObject({ ok: false, code: 'instrument_not_qualified' });
  });

  it('refuses to approve a type Kairox does not automate, though IB knows it', async () => {
    const { service, scope } = await serviceInAWorkspace();
    await expect(service.approve(scope, { connectionId: CON_A, conId: 416904 }, BY)).rejects.toMatchObject({
      code: 'INSTRUMENT_NOT_SUPPORTED', status: 422, message: 'conId 416904 is SPX, of type IND; Kairox automates STK, FUT, OPT, CASH contracts only.',
    });
    expect(await service.list(scope, { includeRevoked: true })).toEqual([]);
  });
});
