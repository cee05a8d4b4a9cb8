// The order ticket: the approved instruments of a connection, a signal's preview (POST
// /api/signals/preview: the decision it would get and IB's what-if), its submission (POST
// /api/signals, the same body) and the signal it became, followed live. The answer types come from
// the server's OpenAPI document (schema.gen.ts). Query keys start with instruments / signals, so
// the live events refresh them (api/live-events.ts).
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, unwrap, type AnswerOf } from './client.ts';
import type { OrderDetail } from './orders.ts';
import type { paths } from './schema.gen.ts';

/** The body POST /api/signals and its preview take (the one Kairox signal schema). */
export type SignalBody = paths['/api/signals']['post']['requestBody']['content']['application/json'];

export type SignalPreview = AnswerOf<'/api/signals/preview', 'post'>['preview'];
export type DecisionView = SignalPreview['decision'];
export type DecisionStep = DecisionView['steps'][number];
/** IB's what-if: absent where IB left a value unset. */
export type WhatIf = NonNullable<SignalPreview['whatIf']>;
export type PreviewOrder = NonNullable<SignalPreview['order']>;
export type SubmitAnswer = AnswerOf<'/api/signals', 'post', 202>;
export type SignalView = AnswerOf<'/api/signals/{id}', 'get'>['signal'];

export function useApprovedInstruments(connectionId: string | undefined) {
  return useQuery({
    queryKey: ['instruments', { connectionId }],
    enabled: connectionId !== undefined,
    queryFn: async () => (await unwrap(api.GET('/api/instruments', { params: { query: { connectionId: connectionId! } } }))).instruments,
  });
}

export async function previewSignal(body: SignalBody): Promise<SignalPreview> {
  return (await unwrap(api.POST('/api/signals/preview', { body }))).preview;
}

export function submitSignal(body: SignalBody): Promise<SubmitAnswer> {
  return unwrap(api.POST('/api/signals', { body }));
}

/** The signal a ticket sent, refreshed by the events stream as execution moves it on. */
export function useSignal(id: string | undefined) {
  return useQuery({
    queryKey: ['signals', id],
    enabled: id !== undefined,
    queryFn: async () => (await unwrap(api.GET('/api/signals/{id}', { params: { path: { id: id! } } }))).signal,
  });
}

/** The sent signal's order, live (order events refresh ['order', …]); null while execution has none (execution off: prepared only). */
export function useTicketOrder(id: string | null | undefined) {
  return useQuery({
    queryKey: ['order', id],
    enabled: typeof id === 'string',
    queryFn: async (): Promise<OrderDetail | null> => {
      try {
        return (await unwrap(api.GET('/api/orders/{id}', { params: { path: { id: id! } } }))).order;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}
