// Request validation: routes declare zod schemas (body, querystring, params) in their options;
// the same schemas generate the OpenAPI document (openapi.ts). This compiler runs them and turns
// the first problem into a ValidationError naming the field, which the one error handler renders.
// It returns the error itself (not zod's issue list), so nothing about the input rides along.
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../common/index.ts';

/** The problem to report first: an unknown field (often a misplaced secret) before any other. */
function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
}

export function validationErrorOf(issues: readonly z.core.$ZodIssue[], httpPart: string | undefined): ValidationError {
  const issue = firstIssue(issues);
  if (!issue) return new ValidationError('The request is not valid.');
  if (issue.path.length === 0 && issue.code === 'invalid_type') {
    return new ValidationError(httpPart === 'body' ? 'Send a JSON object in the request body.' : issue.message);
  }
  const field = issue.path.map(String).join('.') || undefined;
  const message = field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
  return new ValidationError(message, field);
}

export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, method, url, httpPart }) => {
  if (!(schema instanceof z.ZodType)) throw new Error(`route ${method} ${url}: the ${httpPart ?? 'request'} schema must be a zod schema`);
  return (data: unknown) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: validationErrorOf(result.error.issues, httpPart) };
  };
};
