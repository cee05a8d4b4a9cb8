// Answers documented by zod schemas (a route's `response`), for the OpenAPI document and the
// dashboard's typed client. Serialising stays plain JSON.stringify: a schema never strips or
// rewrites an answer in production. With KAIROX_VERIFY_RESPONSES=true (every test run sets it,
// vitest.config.ts) each documented answer is also checked against its schema, and one that does
// not match fails the request with the mismatch named — so the document cannot drift from what
// the routes really send.
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';
import { KairoxError } from '../common/index.ts';

export function verifyingResponses(): boolean {
  return process.env.KAIROX_VERIFY_RESPONSES === 'true';
}

function mismatch(method: string, url: string, status: number | string, issues: readonly z.core.$ZodIssue[]): KairoxError {
  const named = issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(answer)'}: ${i.message}`).join('; ');
  return new KairoxError('INTERNAL', 500, `The ${status} answer of ${method} ${url} does not match its documented schema (${named}).`);
}

export function responseSerializer(verify: boolean): FastifySerializerCompiler<unknown> {
  return ({ schema, method, url, httpStatus }) => {
    if (!verify || !(schema instanceof z.ZodType)) return (data) => JSON.stringify(data);
    return (data) => {
      const result = schema.safeParse(data);
      if (!result.success) throw mismatch(method, url, httpStatus ?? 'documented', result.error.issues);
      return JSON.stringify(data);
    };
  };
}

/**
 * For a route that writes its answer's JSON text itself (Fastify sends a string as it is, past the
 * serializer): the same check, on that text, when verifying.
 */
export function jsonTextChecker(verify: boolean, schema: z.ZodType, method: string, url: string, status: number): (text: string) => string {
  if (!verify) return (text) => text;
  return (text) => {
    const result = schema.safeParse(JSON.parse(text));
    if (!result.success) throw mismatch(method, url, status, result.error.issues);
    return text;
  };
}
