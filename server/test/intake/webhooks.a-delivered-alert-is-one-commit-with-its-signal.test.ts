// Scenario: an alert arrives and becomes a signal. Its signal row, the decision's audit entries, the
// delivery record, the webhook's last delivery time and the delivery's audit entry are written by
// one transaction: one durable commit (one fsync with SQLite synchronous=FULL), and no moment at
// which some of them exist without the others. Counted, not timed: on SQLite the commit frames the
// write-ahead log gained; on PostgreSQL the transaction id (xmin) that wrote each of those rows.
import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.ts';
import { signalTables } from '../../src/intake/signal-store.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { TRADINGVIEW_ALERT, webhookDesk } from '../support/webhooks.ts';

const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

/** Commit frames in a SQLite write-ahead log: a frame whose "database size after commit" is set ends a transaction. */
function walCommits(walPath: string): number {
  const wal = fs.existsSync(walPath) ? fs.readFileSync(walPath) : Buffer.alloc(0);
  if (wal.length < WAL_HEADER_BYTES) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salts = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  let commits = 0;
  for (let at = WAL_HEADER_BYTES; at + FRAME_HEADER_BYTES + pageSize <= wal.length; at += FRAME_HEADER_BYTES + pageSize) {
    // Frames left over from before the log was last restarted carry other salts: not this log's.
    if (wal.readUInt32BE(at + 8) !== salts[0] || wal.readUInt32BE(at + 12) !== salts[1]) break;
    if (wal.readUInt32BE(at + 4) !== 0) commits += 1;
  }
  return commits;
}

/** The transaction ids that wrote the rows of one workspace's signal and its delivery. */
async function writersOf(db: Db, signalId: string, deliveryId: string, webhookId: string): Promise<Record<'signal' | 'delivery' | 'webhook' | 'audit' | 'auditHead', string[]>> {
  const xmins = async (query: ReturnType<typeof sql<{ xmin: string }>>) => [...new Set((await query.execute(db.kysely)).rows.map((r) => String(r.xmin)))];
  return {
    signal: await xmins(sql<{ xmin: string }>`select xmin from signals where id = ${signalId}`),
    delivery: await xmins(sql<{ xmin: string }>`select xmin from webhook_deliveries where id = ${deliveryId}`),
    webhook: await xmins(sql<{ xmin: string }>`select xmin from webhooks where id = ${webhookId}`),
    audit: await xmins(sql<{ xmin: string }>`select xmin from audit_events where target_id = ${signalId} or (action = 'webhook.delivery_accepted' and data like ${`%${deliveryId}%`})`),
    auditHead: await xmins(sql<{ xmin: string }>`select w.xmin from workspaces w join webhooks h on h.workspace_id = w.id where h.id = ${webhookId}`),
  };
}

describeEachEngine('webhooks: one commit per delivered alert', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('writes the signal, its audit entries and its delivery record in one transaction', async () => {
    const desk = await webhookDesk(engine, {}, { intake: 'real' });
    kairox = desk.kairox;
    const db = desk.kairox.db;
    const walPath = `${desk.kairox.config.sqlitePath}-wal`;
    if (db.kind === 'sqlite') {
      // An empty log that only grows: no checkpoint may restart it while the commits are counted.
      await sql`pragma wal_autocheckpoint = 0`.execute(db.kysely);
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db.kysely);
      expect(walCommits(walPath)).toBe(0);
    }

    const delivered = await desk.kairox.app.inject({
      method: 'POST', url: `/hooks/${desk.webhook.id}/${desk.webhook.secret}`, headers: { 'content-type': 'application/json' }, payload: TRADINGVIEW_ALERT,
    });
    expect(delivered.statusCode, delivered.body).toBe(202);
    const { signalId, deliveryId } = delivered.json() as { signalId: string; deliveryId: string };
    // Everything the delivery was to write is there (a commit count of one alone could miss a write).
    expect(await signalTables(db).selectFrom('signals').select('id').execute()).toEqual([{ id: signalId }]);
    const { deliveries } = (await desk.owner.request({ url: `/api/webhooks/${desk.webhook.id}/deliveries` })).json() as { deliveries: Array<{ id: string; signalId: string }> };
    expect(deliveries).toMatchObject([{ id: deliveryId, signalId }]);

    if (db.kind === 'sqlite') {
      expect(walCommits(walPath)).toBe(1);
    } else {
      const writers = await writersOf(db, signalId, deliveryId, desk.webhook.id);
      const xid = writers.signal[0];
      expect(xid).toBeDefined();
      expect(writers).toEqual({ signal: [xid], delivery: [xid], webhook: [xid], audit: [xid], auditHead: [xid] });
    }
    const audit = (await desk.owner.request({ url: '/api/audit?limit=20' })).json() as { events: Array<{ action: string }> };
    expect(audit.events.slice(0, 2).map((e) => e.action)).toEqual(['webhook.delivery_accepted', 'signal.denied']);
  });
});
