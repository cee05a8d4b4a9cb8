// Scenario: an owner saves a connection to a live-trading port (IB Gateway 4001, TWS 7496),
// through the form's create and update. The response already warns that orders would trade
// real money — before any session has connected — and a paper port carries no such warning.
import { afterEach, expect, it } from 'vitest';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox } from '../support/kairox.ts';

interface Saved { connection: { id: string; warnings: string[] } }

describeEachEngine('a live port in the connection form', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('is flagged in the warnings of the create and update responses, and of later reads', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox);

    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:4001', clientId: 7 } });
    expect(created.statusCode).toBe(201);
    const { connection } = created.json() as Saved;
    expect(connection.warnings).toEqual([expect.stringMatching(/^Port 4001 is IB Gateway's live-trading port: orders .* would trade real money\./)]);

    const paper = await owner.request({ method: 'PATCH', url: `/api/connections/${connection.id}`, payload: { hostPort: '127.0.0.1:4002' } });
    expect((paper.json() as Saved).connection.warnings).toEqual([]);

    const tws = await owner.request({ method: 'PATCH', url: `/api/connections/${connection.id}`, payload: { hostPort: '127.0.0.1:7496' } });
    expect(tws.statusCode).toBe(200);
    expect((tws.json() as Saved).connection.warnings).toEqual([expect.stringMatching(/^Port 7496 is TWS's live-trading port: .*real money\. TWS paper trading listens on 7497\.$/)]);
    expect(((await owner.request({ url: `/api/connections/${connection.id}` })).json() as Saved).connection.warnings).toEqual((tws.json() as Saved).connection.warnings);
  });
});
