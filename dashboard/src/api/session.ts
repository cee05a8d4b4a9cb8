// Who is signed in (GET /api/me) and whether the owner still has to be set up (GET /api/setup).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken, unwrap } from './client.ts';
import type { Me, SignedIn } from './types.ts';

export const meKey = ['me'] as const;

/** The signed-in user, or null when the browser has no session (a 401). */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await unwrap(api.GET('/api/me'));
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useSetupNeeded() {
  return useQuery({
    queryKey: ['setup'],
    queryFn: async () => unwrap(api.GET('/api/setup')),
    staleTime: Infinity,
  });
}

/** After sign-in or set-up: remember the CSRF token and who this is, without another request. */
export function useSignedIn() {
  const client = useQueryClient();
  return (answer: SignedIn) => {
    setCsrfToken(answer.csrfToken);
    client.setQueryData<Me>(meKey, { ...answer, authenticatedWith: 'session' });
    client.setQueryData(['setup'], { needed: false });
  };
}

export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    await unwrap(api.POST('/api/auth/logout'));
    setCsrfToken(null);
    client.clear();
    client.setQueryData(meKey, null);
  };
}
