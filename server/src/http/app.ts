// Builds the Fastify application: hooks, error handling, and the routes. No listening here.
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { componentLogger } from '../common/index.ts';
import { cookiePolicy } from './cookies.ts';
import type { HttpDeps, RouteContext } from './context.ts';
import { answerClientError } from './client-errors.ts';
import { frameworkErrorHandler, installErrorHandlers, MAX_PARAM_LENGTH } from './errors.ts';
import { installJsonBodyParser } from './json-body.ts';
import { installRequestIds, requestIdFor } from './request-id.ts';
import { RequestLog } from './request-log.ts';
import { lazyRequestLogger } from './request-logger.ts';
import { openApiRoutes, registerOpenApi } from './openapi.ts';
import { installRouteAccess } from './route-access.ts';
import { auditRoutes } from './routes/audit.ts';
import { connectionRoutes } from './routes/connections.ts';
import { dashboardPages, dashboardRoutes } from './routes/dashboard.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { instrumentRoutes } from './routes/instruments.ts';
import { memberRoutes } from './routes/members.ts';
import { riskRoutes } from './routes/risk.ts';
import { sessionRoutes } from './routes/session.ts';
import { signalRoutes } from './routes/signals.ts';
import { orderRoutes } from './routes/orders.ts';
import { installServerTiming } from './server-timing.ts';
import { positionRoutes } from './routes/positions.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { tradingControlRoutes } from './routes/trading-controls.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { responseSerializer, verifyingResponses } from './response-schemas.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { zodValidatorCompiler } from './validation.ts';

export const BODY_LIMIT_BYTES = 64 * 1024;

export async function buildApp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: componentLogger(deps.logger, 'http') as FastifyBaseLogger,
    logController: new RequestLog(),
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: requestIdFor,
    // Every answer goes through the one error format and headers, including the ones Fastify
    // and Node would otherwise write raw: shutdown (refused in installErrorHandlers instead),
    // router refusals, and requests the HTTP parser rejects.
    return503OnClosing: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler(BODY_LIMIT_BYTES),
    clientErrorHandler: answerClientError,
  });
  const ctx: RouteContext = { ...deps, cookies: cookiePolicy(deps.config) };

  // Only JSON bodies: text/plain is a "simple" content type a cross-site form could send. The
  // alert senders' /hooks routes read text/plain in their own scope (routes/webhooks.ts).
  app.removeContentTypeParser('text/plain');
  installJsonBodyParser(app);
  app.decorateRequest('auth', null);
  installRequestIds(app);
  installSecurityHeaders(app);
  installServerTiming(app);
  const pages = dashboardPages(ctx.dashboardDir);
  installErrorHandlers(app, BODY_LIMIT_BYTES, pages);
  // Routes validate with zod schemas, and the same schemas make the OpenAPI document.
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(responseSerializer(verifyingResponses()));
  installRouteAccess(app, ctx);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await registerOpenApi(app, ctx);

  const api = app.withTypeProvider<ZodTypeProvider>();
  healthRoutes(api, ctx);
  sessionRoutes(api, ctx);
  tokenRoutes(api, ctx);
  memberRoutes(api, ctx);
  auditRoutes(api, ctx);
  connectionRoutes(api, ctx);
  instrumentRoutes(api, ctx);
  tradingControlRoutes(api, ctx);
  riskRoutes(api, ctx);
  webhookRoutes(api, ctx);
  signalRoutes(api, ctx);
  orderRoutes(api, ctx);
  positionRoutes(api, ctx);
  eventRoutes(api, ctx);
  await dashboardRoutes(api, ctx.dashboardDir, pages);
  openApiRoutes(api);
  return app;
}
