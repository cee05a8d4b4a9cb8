// Input rules for e-mails, passwords and names, shared by set-up, the CLI and login.
import { z } from 'zod';
import { ValidationError } from '../common/index.ts';

export const PASSWORD_MIN = 12;
/** argon2 work grows with input; cap it so a huge password cannot be used to burn CPU. */
export const PASSWORD_MAX = 256;

export const emailSchema = z
  .string({ error: 'email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'email must be at most 254 characters')
  .pipe(z.email({ error: 'email must be an e-mail address such as you@example.com' }));

export const newPasswordSchema = z
  .string({ error: 'password is required' })
  .min(PASSWORD_MIN, `password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `password must be at most ${PASSWORD_MAX} characters`);

export const nameSchema = z.string({ error: 'name must be text' }).trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters');

/** Parses with a schema and turns the first issue into a ValidationError naming the field. */
export function check<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues[0]?.message ?? `${field} is invalid`, field);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
