// Scenario: a client opens the event stream and never reads. The stream stops reading the trail
// while the client has not taken what waits for it, and when the client takes nothing for the
// drain timeout, the stream is ended (the client resumes with Last-Event-ID) instead of
// buffering the trail in memory for ever; a client that keeps up stays connected.
import { expect, it } from 'vitest';
import type { AuditEvent, AuditLog } from '../audit/index.ts';
import { createLogger } from '../common/index.ts';
import type { WorkspaceScope } from '../db/index.ts';
import { until } from '../broker/test-support.ts';
import { EventStreams } from './event-stream.ts';

const event = (seq: number): AuditEvent => ({
  id: `aud_${seq}`, seq, occurredAt: '2026-12-01T17:00:00.000Z', actor: { type: 'system', id: null }, action: 'order.working',
  target: { type: 'order', id: `ord_${seq}` }, requestId: null, data: { note: 'x'.repeat(1000) }, prevHash: '', hash: '',
});

/** A trail that grows by `perRead` events at every read. */
function growingTrail(perRead: number): Pick<AuditLog, 'after'> {
  return { after: async (_scope, afterSeq) => Array.from({ length: perRead }, (_, i) => event(afterSeq + i + 1)) };
}

const scope = { workspaceId: 'wks_test' } as unknown as WorkspaceScope;
const timing = { pollMs: 1, heartbeatMs: 60_000, batch: 10, maxBufferedBytes: 64 * 1024, drainTimeoutMs: 50 };

it('ends the stream of a client that reads nothing, holding no more than about one batch for it', async () => {
  const streams = new EventStreams({ audit: growingTrail(10) as AuditLog, logger: createLogger({ level: 'silent' }) }, timing);
  const { body } = streams.start(scope, 0, undefined);
  await until(() => streams.size === 0);
  expect(body.writableEnded).toBe(true);
  // Held back by backpressure: a couple of batches (10 events of ~1 KB), not the growing trail.
  expect(body.writableLength).toBeLessThan(40 * 1024);
});

it('keeps a client that reads what it is sent', async () => {
  const streams = new EventStreams({ audit: growingTrail(10) as AuditLog, logger: createLogger({ level: 'silent' }) }, timing);
  const { body } = streams.start(scope, 0, undefined);
  let received = 0;
  body.on('data', (chunk: Buffer) => { received += chunk.length; });
  await until(() => received > 4 * timing.maxBufferedBytes);
  expect(streams.size).toBe(1);
  await streams.closeAll();
  expect(streams.size).toBe(0);
});
