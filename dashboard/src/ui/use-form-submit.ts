// Submitting a form to the API: pending state, and the server's refusal split into the messages
// for each field and one for the form.
import { useState } from 'react';
import { ApiError } from '../api/client.ts';

export interface Submission {
  pending: boolean;
  /** The server's message for a field of this form. */
  fieldError(field: string): string | undefined;
  /** The refusal's message when it named none of `fields`. */
  formError(fields: readonly string[]): string | undefined;
  submit(work: () => Promise<void>): Promise<void>;
  clear(): void;
}

export function useFormSubmit(): Submission {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  return {
    pending,
    fieldError: (field) => (error instanceof ApiError ? error.forField(field) : undefined),
    formError: (fields) => {
      if (!error) return undefined;
      if (error instanceof ApiError && fields.some((f) => error.forField(f))) return undefined;
      return error.message;
    },
    submit: async (work) => {
      setPending(true);
      setError(null);
      try {
        await work();
      } catch (caught) {
        setError(caught instanceof Error ? caught : new Error(String(caught)));
      } finally {
        setPending(false);
      }
    },
    clear: () => setError(null),
  };
}
