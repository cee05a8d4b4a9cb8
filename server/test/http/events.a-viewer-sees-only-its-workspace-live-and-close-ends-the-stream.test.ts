// Scenario: an owner and a viewer of one workspace and the owner of another each open
// GET /api/events over loopback. A connection created in the first workspace reaches the viewer's
// stream live (seq as the id, the family as the event name, no secret in it) and never the other
// workspace's; a request that does not accept text/event-stream is told to; kairox.close() ends
// every open stream instead of waiting for them. The API reference says the answer is text/event-stream.
import { afterEach, expect, it } from 'vitest';
import { addUser, type Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { listenOnLoopback, openEventStream, type EventStreamReader } from '../support/event-stream.ts';
import { logIn, setUp, startKairox } from '../support/kairox.ts';

const VIEWER = { email: 'vic@example.test', password: 'vic has a long password' };

describeEachEngine('events stream', (engine) => {
  let kairox: Kairox | undefined;
  const readers: EventStreamReader[] = [];
  afterEach(async () => {
    for (const reader of readers.splice(0)) reader.close();
    await kairox?.close();
    kairox = undefined;
  });

  it('carries its own workspace’s events to a viewer, live, and ends on close', async () => {
    kairox = await startKairox(engine);
    const owner = await setUp(kairox, { email: 'ada@example.test', password: 'correct horse battery staple', workspaceName: 'Desk' });
    expect((await owner.request({ method: 'POST', url: '/api/members', payload: { ...VIEWER, role: 'viewer' } })).statusCode).toBe(201);
    const viewer = await logIn(kairox, VIEWER.email, VIEWER.password);
    await addUser(kairox.config, { email: 'bob@example.test', password: 'bob has a long password', newWorkspace: true });
    const other = await logIn(kairox, 'bob@example.test', 'bob has a long password');
    const base = await listenOnLoopback(kairox);

    const doc = (await kairox.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, { get: { responses: Record<string, { content?: object }> } }> };
    expect(Object.keys(doc.paths['/api/events']?.get.responses['200']?.content ?? {})).toEqual(['text/event-stream']);

    const refused = await fetch(`${base}/api/events`, { headers: { cookie: viewer.cookie } });
    expect(refused.status).toBe(406);
    expect(await refused.json()).toMatchObject({ error: { message: expect.stringContaining('Accept: text/event-stream') } });

    const viewers = await openEventStream(base, { cookie: viewer.cookie });
    const others = await openEventStream(base, { cookie: other.cookie });
    readers.push(viewers, others);
    expect(viewers.status).toBe(200);
    expect(viewers.contentType).toMatch(/^text\/event-stream/);

    const created = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:4002', clientId: 7 } });
    expect(created.statusCode, created.body).toBe(201);
    const connectionId = (created.json() as { connection: { id: string } }).connection.id;
    const event = await viewers.untilEvent((e) => e.data.action === 'connection.created', 'connection.created');
    expect(event).toMatchObject({ id: String(event.data.seq), event: 'connection', data: { target: { type: 'connection', id: connectionId } } });
    // What the trail says about it, exactly: the stream is the trail.
    const trail = (await owner.request({ url: '/api/audit?limit=200' })).json() as { events: Array<{ seq: number }> };
    expect(trail.events.find((e) => e.seq === event.data.seq)).toEqual(event.data);

    // Bob's own event reaches Bob's stream: it is live, and it never saw Desk's.
    const token = await other.request({ method: 'POST', url: '/api/tokens', payload: { name: 'B bot' } });
    expect(token.statusCode).toBe(201);
    await others.untilEvent((e) => e.data.action === 'token.created', 'token.created in the other workspace');
    expect(JSON.stringify(others.events)).not.toContain((token.json() as { secret: string }).secret);
    expect(others.events.map((e) => e.data.action)).not.toContain('connection.created');
    expect(viewers.events.map((e) => e.data.action)).not.toContain('token.created');

    await kairox.close();
    kairox = undefined;
    await viewers.ended;
    await others.ended;
  });
});
