// Request validation with zod; the first problem becomes a 400 that names the field.
import type { z } from 'zod';
import { ValidationError } from '../common/index.ts';

export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query' = 'body'): T {
  if (where === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new ValidationError('Send a JSON object in the request body.');
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  const message = issue?.message ?? 'invalid input';
  throw new ValidationError(field && !message.startsWith(field) ? `${field}: ${message}` : message, field);
}
