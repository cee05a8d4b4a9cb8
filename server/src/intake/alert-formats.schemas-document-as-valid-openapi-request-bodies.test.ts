// Scenario: the next routes (POST /api/signals, the webhooks) take these schemas as their bodies,
// and the OpenAPI reference is generated from them. Through the app's own generator they must make
// a valid OpenAPI 3.1 document that shows the signal's example and the instrument's two forms.
import fastifySwagger from '@fastify/swagger';
import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SignalSchema } from '../domain/index.ts';
import { TradingViewAlertSchema } from './tradingview-alert.ts';

describe('the signal and alert schemas in the OpenAPI document', () => {
  it('make a valid OpenAPI 3.1 document with the signal example and both instrument forms', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(fastifySwagger, { openapi: { openapi: '3.1.0', info: { title: 'schemas', version: '1' } }, transform: jsonSchemaTransform });
    app.post('/signals', { schema: { body: SignalSchema } }, async () => ({}));
    app.post('/webhook', { schema: { body: z.union([SignalSchema, TradingViewAlertSchema]) } }, async () => ({}));
    await app.ready();
    const doc = app.swagger() as OpenAPIV3_1.Document;
    await app.close();

    const result = await new Validator().validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    const content = (doc.paths?.['/signals']?.post?.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json'];
    expect(content?.example).toMatchObject({ instrument: { symbol: 'AAPL' }, action: 'buy', orderType: 'LMT', limitPrice: 190.5 });
    const schema = content?.schema as OpenAPIV3_1.SchemaObject;
    expect(schema.properties?.instrument).toMatchObject({ oneOf: [{ required: ['symbol'] }, { required: ['conId'] }] });
    expect(schema.properties?.size).toMatchObject({ oneOf: expect.arrayContaining([{ required: ['riskAmount', 'stopPrice'] }]) });
  });
});
