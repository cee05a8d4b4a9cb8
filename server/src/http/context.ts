// What routes receive: the services main.ts built, and per request the authenticated principal.
import type { ApiTokens, PasswordHasher, SessionStore } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { ConnectionsService, RiskPolicyService, TradingControlsService } from '../connections/index.ts';
import type { InstrumentsService } from '../instruments/index.ts';
import type { WebhooksService } from '../intake/index.ts';
import type { SignalIntakeService } from '../intake/index.ts';
import type { ConnectionTester, LiveUpdateFeed } from '../sessions/index.ts';
import type { FillQueries, IbBook, OrderExecution, OrderModifications, OrderQueries } from '../orders/index.ts';
import type { Clock, Config, Logger } from '../common/index.ts';
import type { Db } from '../db/index.ts';
import type { WorkspaceAccess, WorkspaceMembers } from '../workspaces/index.ts';
import type { AddressPolicy, AuditActor, RequestMeta } from '../domain/index.ts';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CookiePolicy } from './cookies.ts';

export interface HttpDeps {
  db: Db;
  config: Config;
  logger: Logger;
  clock: Clock;
  version: string;
  hasher: PasswordHasher;
  sessions: SessionStore;
  tokens: ApiTokens;
  audit: AuditLog;
  connections: ConnectionsService;
  /** Approved instruments: IB contract search, approval by conId, revocation. */
  instruments: InstrumentsService;
  /** Trading state per connection, the workspace kill switch, the paper-first execution switch. */
  tradingControls: TradingControlsService;
  /** Each connection's risk policy, and the usage next to its limits. */
  riskPolicies: RiskPolicyService;
  /** Signals: recorded, decided (instrument, sizing, risk gate) and answered; listed and read. */
  signals: SignalIntakeService;
  /** Webhooks for alert senders (TradingView, ...): management and deliveries. */
  webhooks: WebhooksService;
  /** The execution journal, read from the database (any process). */
  orders: OrderQueries;
  /** Execution, when this process runs the broker worker: cancels go through it. */
  execution?: OrderExecution;
  /** Modifying working orders (present with execution). */
  modifications?: OrderModifications;
  /** IB's open orders and positions, each marked Kairox's or not (read through this process's sessions). */
  ibBook: IbBook;
  /** The journal's executions. */
  fills: FillQueries;
  members: WorkspaceMembers;
  /** Which gateway addresses the worker and the test endpoint may connect to. */
  gatewayPolicy: AddressPolicy;
  /** Answers a connection test from the session that runs it, when one does (sessions/connection-test.ts). */
  connectionTests: ConnectionTester;
  /** Live positions and P&L of the sessions this process runs, for GET /api/events (absent without a worker). */
  liveUpdates?: LiveUpdateFeed;
  /** The built dashboard (index.html and assets/); a placeholder is served while it is not built. */
  dashboardDir?: string;
}

/** The app as routes see it: request parts typed from their zod schemas. */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface RouteContext extends HttpDeps {
  cookies: CookiePolicy;
}

export type AuthContext = WorkspaceAccess &
  ({ via: 'session'; sessionIdHash: string; csrfToken: string } | { via: 'token'; tokenId: string });

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export function actorOf(auth: AuthContext): AuditActor {
  return auth.via === 'token' ? { type: 'api_token', id: auth.tokenId } : { type: 'user', id: auth.user.id };
}

export function metaOf(request: FastifyRequest): RequestMeta {
  return { requestId: request.id, ip: request.ip };
}
