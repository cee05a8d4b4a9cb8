import { afterEach, expect, it } from 'vitest';
import { VERSION, type Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { startKairox } from '../support/kairox.ts';

describeEachEngine('GET /healthz', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('reports ok, the database kind and the version', async () => {
    kairox = await startKairox(engine);
    const response = await kairox.app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', db: engine.name, version: VERSION });
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('answers 503 when the database is gone', async () => {
    kairox = await startKairox(engine);
    await kairox.db.close();
    const response = await kairox.app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable', db: engine.name });
  });
});
