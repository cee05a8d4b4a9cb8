// Scenario: someone setting up TradingView reads the API reference. Both /hooks routes are in the
// OpenAPI document, public (the secret is the credential), taking application/json and text/plain,
// with a TradingView alert as the example body and the answers explained; /api/docs lists them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/common/config.ts';
import { createKairox, type Kairox } from '../../src/main.ts';

describe('the alert senders’ door in the API reference', () => {
  let kairox: Kairox;
  let doc: OpenAPIV3_1.Document;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-hooks-doc-'));
  beforeAll(async () => {
    kairox = await createKairox(loadConfig({ KAIROX_LOG_LEVEL: 'silent', KAIROX_DATA_DIR: dir } as NodeJS.ProcessEnv));
    doc = (await kairox.app.inject({ url: '/api/openapi.json' })).json() as OpenAPIV3_1.Document;
  });
  afterAll(async () => {
    await kairox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('documents both /hooks routes as public, reading JSON and plain text, with a TradingView example', async () => {
    for (const [p, params] of [['/hooks/{webhookId}/{secret}', ['webhookId', 'secret']], ['/hooks/{webhookId}', ['webhookId']]] as const) {
      const op = doc.paths?.[p]?.post;
      expect(op, p).toBeDefined();
      expect(op?.security).toEqual([]);
      expect(op?.description).toContain('TradingView');
      expect(op?.description).toContain('{{strategy.order.action}}');
      expect((op?.parameters as OpenAPIV3_1.ParameterObject[]).map((x) => x.name)).toEqual(params);
      const content = (op?.requestBody as OpenAPIV3_1.RequestBodyObject).content;
      expect(Object.keys(content).sort()).toEqual(['application/json', 'text/plain']);
      expect((content['text/plain']?.schema as OpenAPIV3_1.SchemaObject).example).toMatchObject({ ticker: 'NASDAQ:AAPL', action: 'buy' });
    }
    const page = (await kairox.app.inject({ url: '/api/docs' })).body;
    expect(page).toContain('<code>/hooks/{webhookId}/{secret}</code>');
  });
});
