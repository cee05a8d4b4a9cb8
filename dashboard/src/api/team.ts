// The team screens' reads and writes: members and roles (/api/members), API tokens (/api/tokens)
// and webhooks (/api/webhooks). The answer types come from the server's OpenAPI document
// (schema.gen.ts). Secrets (a token's, a webhook's URL) are returned to the caller that created
// them and never put in the query cache.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type AnswerOf } from './client.ts';
import type { Role } from './types.ts';

export const ROLES: readonly Role[] = ['viewer', 'trader', 'owner'];

/** What each role may do, as the server enforces it (http/routes/*.ts access levels). */
export const ROLE_EXPLANATIONS: Readonly<Record<Role, string>> = {
  viewer: 'Reads everything: connections, orders, positions, the audit trail. Manages only their own API tokens.',
  trader: 'Also trades (signals, the order ticket, cancels, the kill switch), changes connection settings, risk limits and approved instruments, and manages webhooks.',
  owner: 'Also manages members and their roles, and lifts the workspace kill switch. A workspace always keeps at least one owner.',
};

export type Member = AnswerOf<'/api/members', 'get'>['members'][number];

export function useMembers() {
  return useQuery({ queryKey: ['members'], queryFn: async () => (await unwrap(api.GET('/api/members'))).members });
}

export interface NewMember {
  email: string;
  role: Role;
  password?: string;
  name?: string;
}

export function useMemberWrites() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['members'] });
  return {
    add: async (body: NewMember) => {
      const answer = await unwrap(api.POST('/api/members', { body }));
      await refresh();
      return answer;
    },
    changeRole: async (userId: string, role: Role) => {
      await unwrap(api.PATCH('/api/members/{userId}', { params: { path: { userId } }, body: { role } }));
      await refresh();
    },
    remove: async (userId: string) => {
      await unwrap(api.DELETE('/api/members/{userId}', { params: { path: { userId } } }));
      await refresh();
    },
  };
}

export type ApiToken = AnswerOf<'/api/tokens', 'get'>['tokens'][number];

export function useTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: async () => (await unwrap(api.GET('/api/tokens'))).tokens });
}

export function useTokenWrites() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['tokens'] });
  return {
    create: async (name: string) => {
      const answer = await unwrap(api.POST('/api/tokens', { body: { name } }));
      await refresh();
      return answer;
    },
    revoke: async (id: string) => {
      await unwrap(api.DELETE('/api/tokens/{id}', { params: { path: { id } } }));
      await refresh();
    },
  };
}

export type Webhook = AnswerOf<'/api/webhooks', 'get'>['webhooks'][number];
/** Shown once, on create and rotate: the URL with the secret in its path, and the secret. */
export type WebhookCredentials = AnswerOf<'/api/webhooks', 'post', 201>;
export type WebhookDelivery = AnswerOf<'/api/webhooks/{id}/deliveries', 'get'>['deliveries'][number];

export function useWebhooks() {
  return useQuery({ queryKey: ['webhooks'], queryFn: async () => (await unwrap(api.GET('/api/webhooks'))).webhooks });
}

export function useDeliveries(id: string) {
  // Under signals: a delivery that became a signal refreshes this list live.
  return useQuery({
    queryKey: ['signals', 'webhook-deliveries', id],
    queryFn: async () => (await unwrap(api.GET('/api/webhooks/{id}/deliveries', { params: { path: { id } } }))).deliveries,
  });
}

export function useWebhookWrites() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['webhooks'] });
  return {
    create: async (body: { connectionId: string; name: string }) => {
      const answer = await unwrap(api.POST('/api/webhooks', { body }));
      await refresh();
      return answer;
    },
    rotate: async (id: string) => {
      const answer = await unwrap(api.POST('/api/webhooks/{id}/rotate', { params: { path: { id } } }));
      await refresh();
      return answer;
    },
    revoke: async (id: string) => {
      await unwrap(api.DELETE('/api/webhooks/{id}', { params: { path: { id } } }));
      await refresh();
    },
  };
}


/**
 * The alert message to paste into TradingView for a webhook whose URL carries the secret: a
 * TradingView-style alert (intake/tradingview-alert.ts) whose values are TradingView's own
 * placeholders, which it fills in when the alert fires. Quoted placeholders arrive as text
 * ("10"), which the server reads as numbers; sentiment (the position after the order: long,
 * short or flat) turns a sell to flat into a close.
 */
export function tradingViewMessage(webhook: Pick<Webhook, 'name'>): string {
  const message = {
    ticker: '{{ticker}}',
    action: '{{strategy.order.action}}',
    sentiment: '{{strategy.market_position}}',
    quantity: '{{strategy.order.contracts}}',
    price: '{{strategy.order.price}}',
    time: '{{timenow}}',
    strategy: webhook.name,
  };
  return JSON.stringify(message, null, 2);
}
