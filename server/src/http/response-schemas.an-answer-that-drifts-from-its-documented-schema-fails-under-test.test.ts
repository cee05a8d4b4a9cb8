// Scenario: a route starts sending a field of another type than its OpenAPI document says (and so
// than the dashboard's generated types say). Under tests (KAIROX_VERIFY_RESPONSES=true) the
// request fails naming the field; in production the answer is sent as it is, untouched.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonTextChecker, responseSerializer, verifyingResponses } from './response-schemas.ts';

const documented = z.object({ needed: z.boolean(), user: z.object({ email: z.string() }) });
const compile = (verify: boolean) => responseSerializer(verify)({ schema: documented, method: 'GET', url: '/api/x', httpStatus: '200' });

describe('documented answers', () => {
  it('are checked under test: a drifted field fails the request, naming it', () => {
    expect(verifyingResponses()).toBe(true);
    const serialize = compile(true);
    expect(serialize({ needed: true, user: { email: 'a@b.test' }, extra: 1 })).toBe('{"needed":true,"user":{"email":"a@b.test"},"extra":1}');
    expect(() => serialize({ needed: 'yes', user: { email: 'a@b.test' } })).toThrow(/200 answer of GET \/api\/x does not match its documented schema \(needed: /);
    expect(() => serialize({ needed: true, user: {} })).toThrow(/user\.email/);
  });

  it('are sent untouched in production: no field stripped, nothing checked', () => {
    const serialize = compile(false);
    expect(serialize({ needed: 'yes', undocumented: [1] })).toBe('{"needed":"yes","undocumented":[1]}');
  });

  it('written as JSON text by the route itself are checked the same way under test, and passed through in production', () => {
    const text = '{"needed":"yes","user":{"email":"a@b.test"}}';
    expect(jsonTextChecker(true, documented, 'POST', '/api/x', 202)('{"needed":true,"user":{"email":"a@b.test"}}')).toBe('{"needed":true,"user":{"email":"a@b.test"}}');
    expect(() => jsonTextChecker(true, documented, 'POST', '/api/x', 202)(text)).toThrow(/202 answer of POST \/api\/x does not match its documented schema \(needed: /);
    expect(jsonTextChecker(false, documented, 'POST', '/api/x', 202)(text)).toBe(text);
  });
});
