// A connection's risk policy and the usage next to each limit. The body of a replacement is
// validated by the risk gate's own parser (parseRiskPolicy), so a problem names the field's path
// and its unit; the same schema documents the body in the OpenAPI reference.
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../common/index.ts';
import { parseRiskPolicy, RiskPolicySchema } from '../../risk/index.ts';
import { riskAnswer } from '../answers/risk.ts';
import { authOf } from '../auth.ts';
import { actorOf, metaOf, type Api, type RouteContext } from '../context.ts';
import { zodValidatorCompiler } from '../validation.ts';

const byId = z.object({ id: z.string().describe('A connection id (con_…).') });

const policyBody = RiskPolicySchema.meta({
  examples: [{
    maxOrderQuantity: 200, maxOrderNotional: 20_000, maxDailyLoss: 1_000, allowedMarkets: ['STK', 'FUT'],
    markets: { FUT: { maxOrderQuantity: 2, maxPositionQuantity: 4 } },
    symbols: { TSLA: { maxOrderQuantity: 10, priceCollarPercent: 2 } },
  }],
});

/** The body goes through parseRiskPolicy (its messages name the unit); params and the rest through zod as usual. */
const validateWithPolicyParser: FastifySchemaCompiler<unknown> = (route) => {
  if (route.httpPart !== 'body') return zodValidatorCompiler(route);
  return (data: unknown) => {
    const result = parseRiskPolicy(data);
    if (result.ok) return { value: result.policy };
    const first = result.problems[0];
    return { error: new ValidationError(first?.message ?? 'The risk policy is not valid.', first?.field || undefined) };
  };
};

const tags = ['Risk'];

const USAGE_NOTE = 'Usage shows each connection-level limit next to its current value where Kairox knows it; '
  + 'an unknown value is null with `unavailable: {code, message}` (`counted_once_execution_lands` for order counts, '
  + '`no_worker_here`, `connection_not_running`, `connection_not_ready`, `account_not_chosen`, `ib_read_failed`). '
  + "Daily loss, open positions and gross exposure are read from the connection's IB session when it runs in this process and is ready.";

export function riskRoutes(app: Api, ctx: RouteContext): void {
  const service = ctx.riskPolicies;

  app.get('/api/connections/:id/risk', {
    config: { access: 'viewer' },
    schema: {
      summary: 'The connection’s risk policy (defaults filled in), the defaults, and the usage next to each limit',
      description: `With no policy stored the connection runs on the defaults (revision 0). ${USAGE_NOTE}`,
      tags, params: byId, response: { 200: riskAnswer },
    },
  }, async (request) => ({ risk: await service.view(authOf(request).scope, request.params.id) }));

  app.put('/api/connections/:id/risk', {
    config: { access: 'trader' },
    schema: {
      summary: 'Replaces the connection’s risk policy; limits left out take their default',
      description: 'Stored as a new revision and audited (risk_policy.replaced, with each changed limit before and after). '
        + 'A problem answers 400 VALIDATION_FAILED naming the field’s path and its unit, e.g. `markets.FUT.maxOrderQuantity`.',
      tags, params: byId, body: policyBody, response: { 200: riskAnswer },
    },
    validatorCompiler: validateWithPolicyParser,
  }, async (request) => {
    const a = authOf(request);
    return { risk: await service.replace(a.scope, request.params.id, request.body, { actor: actorOf(a), meta: metaOf(request) }) };
  });
}
