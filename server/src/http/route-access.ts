// Who may call a route is declared once, in its options (`config: { access }`), and that one
// declaration both enforces it (the auth hook is added here) and documents it (OpenAPI security
// and a sentence in the reference). An /api route that declares nothing does not start.
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { MembershipRole } from '../db/index.ts';
import { requireAuth } from './auth.ts';
import type { RouteContext } from './context.ts';

/** 'public' for routes anyone may call (set-up, sign-in, the API reference); else the least role. */
export type RouteAccess = MembershipRole | 'public';

/** One registered route and who may call it (undefined outside /api). */
export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every route registered on the app, as the router got it (HEAD twins of GET included). */
    readonly routeTable: readonly RouteEntry[];
  }
}

/** The OpenAPI security schemes a signed-in route accepts: an API token, or the dashboard's cookie. */
export const SIGNED_IN_SECURITY: ReadonlyArray<Record<string, readonly string[]>> = [{ apiToken: [] }, { sessionCookie: [] }];

const WHO: Record<MembershipRole, string> = {
  viewer: 'Any member of the workspace (viewer, trader or owner).',
  trader: 'Needs the trader or owner role.',
  owner: 'Needs the owner role.',
};

function withDescription(existing: unknown, sentence: string): string {
  return typeof existing === 'string' && existing.length > 0 ? `${existing}\n\n${sentence}` : sentence;
}

function toList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Must be installed before any route is registered. */
export function installRouteAccess(app: FastifyInstance, ctx: RouteContext): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    for (const method of toList(route.method)) table.push({ method, url: route.url, access });
    if (access === undefined) {
      if (route.url.startsWith('/api/')) {
        throw new Error(`route ${String(route.method)} ${route.url} must declare who may call it: config: { access: 'public' | 'viewer' | 'trader' | 'owner' }`);
      }
      return;
    }
    const schema = route.schema ?? {};
    if (access === 'public') {
      route.schema = { ...schema, security: [] };
      return;
    }
    // preValidation, not preHandler: a caller without the role gets 403 before their body is judged.
    route.preValidation = [requireAuth(ctx, access), ...toList(route.preValidation)];
    route.schema = { ...schema, security: SIGNED_IN_SECURITY, description: withDescription(schema.description, WHO[access]) };
  });
}
