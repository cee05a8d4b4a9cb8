// Scenario: recording an alert's delivery fails after intake wrote its signal (the disk goes, the
// process dies between the two). A re-send is recognised by its delivery record, so a signal kept
// without one would be decided again: a second signal, possibly a second order. The signal and its
// delivery are one transaction, so the failure keeps neither; the sender is told 503 (try again)
// and its re-send becomes the one signal, whose own re-send is then answered from it.
import { afterEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.ts';
import { signalTables } from '../../src/intake/signal-store.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { TRADINGVIEW_ALERT, webhookDesk } from '../support/webhooks.ts';

const FAILURE = 'simulated: the disk went away while the delivery was recorded';

/** Makes every insert of an accepted delivery fail inside its transaction; returns the undo. */
async function failAcceptedDeliveries(db: Db): Promise<() => Promise<void>> {
  if (db.kind === 'sqlite') {
    await sql.raw(`create trigger fail_accepted_deliveries before insert on webhook_deliveries when new.outcome = 'accepted' begin select raise(abort, '${FAILURE}'); end`).execute(db.kysely);
    return async () => { await sql`drop trigger fail_accepted_deliveries`.execute(db.kysely); };
  }
  await sql.raw(`create function fail_accepted_delivery() returns trigger language plpgsql as $$ begin raise exception '${FAILURE}'; end $$`).execute(db.kysely);
  await sql`create trigger fail_accepted_deliveries before insert on webhook_deliveries for each row when (new.outcome = 'accepted') execute function fail_accepted_delivery()`.execute(db.kysely);
  return async () => { await sql`drop trigger fail_accepted_deliveries on webhook_deliveries`.execute(db.kysely); };
}

describeEachEngine('webhooks: a signal and its delivery record commit together', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('keeps no signal when the delivery cannot be recorded, answers 503, and decides the re-send once', async () => {
    const desk = await webhookDesk(engine, {}, { intake: 'real' });
    kairox = desk.kairox;
    const db = desk.kairox.db;
    const send = () => desk.kairox.app.inject({
      method: 'POST', url: `/hooks/${desk.webhook.id}`, headers: { 'content-type': 'application/json' }, payload: { ...TRADINGVIEW_ALERT, passphrase: desk.webhook.secret },
    });
    const signalIds = async () => (await signalTables(db).selectFrom('signals').select('id').execute()).map((r) => r.id);
    const deliveries = async () => ((await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}/deliveries` })).json() as { deliveries: Array<{ outcome: string; httpStatus: number; signalId: string | null; code: string | null }> }).deliveries;

    const undo = await failAcceptedDeliveries(db);
    const failed = await send();
    expect(failed.statusCode, failed.body).toBe(503);
    expect(failed.headers['retry-after']).toBe('5');
    expect(failed.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/nothing was created.*send it again/) } });
    expect(await signalIds()).toEqual([]);
    // What the sender was told is kept, as a failure, which is never the first of a re-delivery.
    expect(await deliveries()).toMatchObject([{ outcome: 'failed', httpStatus: 503, signalId: null, code: 'internal' }]);

    await undo();
    desk.clock.advance(5_000);
    const resent = await send();
    expect(resent.statusCode, resent.body).toBe(202);
    const { signalId } = resent.json() as { signalId: string };
    expect(resent.json()).toMatchObject({ repeated: false, decision: { status: 'denied', code: 'connection_disabled' } });
    expect(await signalIds()).toEqual([signalId]);

    desk.clock.advance(5_000);
    const again = await send();
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(resent.json());
    expect(await signalIds()).toEqual([signalId]);
    expect((await deliveries()).map((d) => [d.outcome, d.signalId])).toEqual([['repeated', signalId], ['accepted', signalId], ['failed', null]]);
    const webhook = (await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}` })).json() as { webhook: { lastDeliveryAt: number } };
    expect(webhook.webhook.lastDeliveryAt).toBe(desk.clock.now());
    expect((await desk.owner.request({ url: '/api/audit/verify' })).json()).toMatchObject({ ok: true });
  });
});
