// What the dashboard reads from the API's answers. The OpenAPI document types every request
// (schema.gen.ts); most answers are not described there yet, so their shape is written here,
// field by field as the server builds it (each screen's browser test reads these fields live).
export type Role = 'owner' | 'trader' | 'viewer';

export interface Me {
  user: { id: string; email: string; name: string | null };
  workspace: { id: string; name: string; role: Role };
  authenticatedWith: 'session' | 'token';
  csrfToken: string | null;
}

export interface SignedIn {
  user: Me['user'];
  workspace: Me['workspace'];
  csrfToken: string;
}
