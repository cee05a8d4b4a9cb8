// Scenario: signals look their instrument up on every decision, and the parsed approvals are kept
// between look-ups (instruments/view-cache.ts). Two InstrumentsService instances over one database
// stand for two Kairox processes (issue 11): one has just used AAPL when the other revokes it, or
// the row changes underneath; the next look-up must see it, by symbol and by conId alike. IB is a
// fake ContractLookup here; the test is about storage, on SQLite and PostgreSQL.
import { afterEach, expect, it } from 'vitest';
import type { ContractCandidate, ContractSearchResult } from '../../src/broker/index.ts';
import { forWorkspace } from '../../src/db/index.ts';
import { InstrumentsService, type ContractLookup } from '../../src/instruments/index.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox } from '../support/kairox.ts';

const CON = 'con_0000000000000000000000000a';
const BY = { actor: { type: 'user' as const, id: 'usr_00000000000000000000000000' } };
const AAPL: ContractCandidate = {
  conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', primaryExchange: 'NASDAQ', currency: 'USD', multiplier: 1, minTick: 0.01, sizeIncrement: 1,
  localSymbol: 'AAPL', liquidHours: '20261201:0930-20261201:1600', timeZoneId: 'US/Eastern',
};

const fakeIb: ContractLookup = {
  search: async (_connectionId, spec): Promise<ContractSearchResult> =>
    spec.conId === AAPL.conId ? { kind: 'found', candidates: [AAPL] } : { kind: 'not_found', message: 'No security definition has been found for the request' },
};

describeEachEngine('a revoked or rewritten approval is never found from an earlier look-up', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  /** Two services over one database, as two processes would be. */
  async function twoProcesses() {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);
    const { workspace } = (await owner.request({ url: '/api/me' })).json() as { workspace: { id: string } };
    const service = () => new InstrumentsService({
      db: (kairox as Kairox).db, clock: { now: () => Date.parse('2026-12-01T15:00:00Z') }, contracts: fakeIb,
      connections: { describe: async () => ({ enabled: true, state: 'ready' }) },
    });
    return { deciding: service(), other: service(), scope: forWorkspace(kairox.db, workspace.id), kairox };
  }

  it('finds the same parsed approval again while its row is unchanged', async () => {
    const { deciding, scope } = await twoProcesses();
    const approved = await deciding.approve(scope, { connectionId: CON, conId: AAPL.conId }, BY);
    const first = await deciding.findApproved(scope, CON, { symbol: 'AAPL' });
    expect(first).toEqual({ ok: true, instrument: approved });
    const again = await deciding.findApproved(scope, CON, { conId: AAPL.conId });
    expect(again.ok && first.ok && again.instrument).toBe(first.ok && first.instrument);
  });

  it('denies instrument_not_qualified right after the instrument was found, once another process revoked it', async () => {
    const { deciding, other, scope } = await twoProcesses();
    const approved = await other.approve(scope, { connectionId: CON, conId: AAPL.conId }, BY);
    expect(await deciding.findApproved(scope, CON, { symbol: 'AAPL' })).toMatchObject({ ok: true, instrument: { id: approved.id } });
    expect(await deciding.findApproved(scope, CON, { conId: AAPL.conId })).toMatchObject({ ok: true, instrument: { id: approved.id } });

    await other.revoke(scope, approved.id, BY);
    expect(await deciding.findApproved(scope, CON, { symbol: 'AAPL' })).toMatchObject({ ok: false, code: 'instrument_not_qualified' });
    expect(await deciding.findApproved(scope, CON, { conId: AAPL.conId })).toMatchObject({ ok: false, code: 'instrument_not_qualified' });

    // Approved again: a new row, found under its new id.
    const again = await other.approve(scope, { connectionId: CON, conId: AAPL.conId }, BY);
    expect(again.id).not.toBe(approved.id);
    expect(await deciding.findApproved(scope, CON, { symbol: 'AAPL' })).toMatchObject({ ok: true, instrument: { id: again.id } });
    expect(await deciding.findApproved(scope, CON, { conId: AAPL.conId })).toMatchObject({ ok: true, instrument: { id: again.id } });
  });

  it('reads the row as it is now when it was rewritten under the same id', async () => {
    const { deciding, scope, kairox: k } = await twoProcesses();
    const approved = await deciding.approve(scope, { connectionId: CON, conId: AAPL.conId }, BY);
    expect(await deciding.findApproved(scope, CON, { conId: AAPL.conId })).toMatchObject({ ok: true, instrument: { liquidHours: AAPL.liquidHours, localSymbol: 'AAPL' } });

    // Nothing in Kairox rewrites an approval; a migration or an operator could.
    const rewritten = { ...AAPL, liquidHours: '20261201:0930-20261201:1300', localSymbol: 'AAPL.X' };
    await k.db.kysely.updateTable('instruments' as never).set({ details: JSON.stringify(rewritten) } as never).where('id' as never, '=', approved.id as never).execute();
    expect(await deciding.findApproved(scope, CON, { conId: AAPL.conId })).toMatchObject({ ok: true, instrument: { liquidHours: '20261201:0930-20261201:1300', localSymbol: 'AAPL.X' } });
    expect(await deciding.findApproved(scope, CON, { symbol: 'aapl.x' })).toMatchObject({ ok: true, instrument: { id: approved.id } });
  });
});
