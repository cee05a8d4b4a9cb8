// Scenario: a newcomer reads the API reference. /api/openapi.json is a valid OpenAPI 3.1 document
// with every registered /api route and method; each request body is described by the schema the
// route validates with (leaving out a field the document calls required is refused, naming that
// field); /api/docs is a readable page that works under the app's CSP; a 404 points to it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/common/config.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/http/index.ts';
import { createKairox, type Kairox } from '../../src/main.ts';
import { setUp, type SignedInClient } from '../support/kairox.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Schema = OpenAPIV3_1.SchemaObject;

/** Fastify's /api/x/:id is OpenAPI's /api/x/{id}. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** A value of the type a schema asks for (enough to get past the type check of that field). */
function sampleOf(schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  // A documented example is valid by construction (a pattern such as con_… or an object such as an instrument).
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0] as unknown;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return type === 'number' || type === 'integer' ? 1 : type === 'boolean' ? true : type === 'null' ? null : 'x';
}

describe('OpenAPI document and reference page', () => {
  let kairox: Kairox;
  let owner: SignedInClient;
  let doc: OpenAPIV3_1.Document;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-openapi-'));

  beforeAll(async () => {
    kairox = await createKairox(loadConfig({ KAIROX_LOG_LEVEL: 'silent', KAIROX_DATA_DIR: dir } as NodeJS.ProcessEnv));
    owner = await setUp(kairox, { email: 'ada@example.test', password: 'correct horse battery staple' });
    const response = await kairox.app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    doc = response.json() as OpenAPIV3_1.Document;
  });
  afterAll(async () => {
    await kairox.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is a valid OpenAPI 3.1 document, served to anyone', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const result = await new Validator().validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.components?.securitySchemes).toMatchObject({ apiToken: { type: 'http', scheme: 'bearer' }, sessionCookie: { type: 'apiKey', in: 'cookie' } });
  });

  it('lists every registered /api route with its method, and who may call it', () => {
    const routes = kairox.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) {
      const op = doc.paths?.[openApiPath(route.url)]?.[route.method.toLowerCase() as Method];
      expect(op, `${route.method} ${route.url} is missing from the document`).toBeDefined();
      expect(op?.summary, `${route.method} ${route.url} has no summary`).toEqual(expect.any(String));
      if (route.access === 'public') expect(op?.security, `${route.method} ${route.url}`).toEqual([]);
      else expect(op?.security, `${route.method} ${route.url}`).toEqual([{ apiToken: [] }, { sessionCookie: [] }]);
      for (const name of route.url.match(/:(\w+)/g) ?? []) {
        expect(op?.parameters, `${route.method} ${route.url}`).toContainEqual(expect.objectContaining({ in: 'path', name: name.slice(1), required: true }));
      }
    }
  });

  it('describes request bodies with the schemas the routes validate with', async () => {
    const connection = doc.paths?.['/api/connections']?.post?.requestBody as OpenAPIV3_1.RequestBodyObject;
    const form = connection.content['application/json']?.schema as Schema;
    expect(form).toMatchObject({ type: 'object', required: ['hostPort', 'clientId'], additionalProperties: false });
    expect(Object.keys(form.properties ?? {}).sort()).toEqual(['accountId', 'clientId', 'connectionType', 'enabled', 'hostPort', 'platform']);
    const members = (doc.paths?.['/api/members']?.post?.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json']?.schema as Schema;
    expect(members).toMatchObject({ required: ['email', 'role'], properties: { role: { enum: ['owner', 'trader', 'viewer'] } } });
    expect((doc.paths?.['/api/audit']?.get?.parameters ?? []).map((p) => (p as OpenAPIV3_1.ParameterObject).name).sort()).toEqual(['before', 'connectionId', 'limit', 'signalId', 'since', 'until']);

    // Every field the document calls required is required by the route: leave it out, and the answer names it.
    let checked = 0;
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const method of ['post', 'put', 'patch'] as const) {
        const body = (item?.[method]?.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content['application/json']?.schema as Schema | undefined;
        for (const field of body?.required ?? []) {
          const others = Object.fromEntries((body?.required ?? []).filter((f) => f !== field).map((f) => [f, sampleOf((body?.properties as Record<string, Schema>)[f]!)]));
          const url = p.replace(/\{userId\}/g, `usr_${'0'.repeat(26)}`).replace(/\{id\}/g, 'con_00000000000000000000000000');
          const r = await owner.request({ method: method.toUpperCase() as 'POST', url, payload: others });
          expect(r.statusCode, `${method} ${p} without ${field}: ${r.body}`).toBe(400);
          expect(r.json(), `${method} ${p} without ${field}`).toMatchObject({ error: { code: 'VALIDATION_FAILED', field } });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7);
  });

  it('publishes a readable reference page at /api/docs that needs no relaxed CSP', async () => {
    const page = await kairox.app.inject({ url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.body).not.toMatch(/<script|<style|<[^>]*\s(style|on\w+)\s*=/i);
    for (const p of Object.keys(doc.paths ?? {})) expect(page.body).toContain(`<code>${p}</code>`);
    expect(page.body).toContain('IB Gateway Host:Port of TWS or IB Gateway');
    const css = page.body.match(/<link rel="stylesheet" href="([^"]+)">/)?.[1];
    expect(css).toBe('/api/docs.css');
    const sheet = await kairox.app.inject({ url: css! });
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toMatch(/^text\/css/);
  });

  it('points every 404 to the reference page', async () => {
    const r = await kairox.app.inject({ url: '/api/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect((r.json() as { error: { message: string } }).error.message).toContain('/api/docs');
  });
});
