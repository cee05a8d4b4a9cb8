// Broker connections: the list, one connection with its live status, its timeline, its trading
// controls and the workspace kill switch. The answer types come from the server's OpenAPI
// document (schema.gen.ts). Query keys start with connections / connection / timeline / trading /
// kill-switch, so the live events refresh them (api/live-events.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type AnswerOf } from './client.ts';

export type Connection = AnswerOf<'/api/connections/{id}', 'get'>['connection'];
export type SessionStatus = NonNullable<Connection['status']>;
export type SessionState = SessionStatus['state'];
export type TradingView = Connection['trading'];
export type TradingState = TradingView['state'];
export type TradingMode = NonNullable<TradingView['execution']['mode']>;
export type TimelineEvent = AnswerOf<'/api/connections/{id}/timeline', 'get'>['events'][number];
/** What `kairox check` finds, with the text it prints as `report`. */
export type CheckResult = AnswerOf<'/api/connections/{id}/test', 'post'>['result'];
export type WorkspaceControls = AnswerOf<'/api/kill-switch', 'get'>;
/** One order the kill switch or a halt tried to cancel. */
export type CancelOutcome = NonNullable<AnswerOf<'/api/kill-switch', 'post'>['cancels']>[number];
export type ValidForm = AnswerOf<'/api/connections/validate', 'post'>;

/** The form's fields as the API takes them (all text; the server's rules decide). */
export interface ConnectionForm {
  hostPort: string;
  clientId: string;
  accountId: string;
}

export function formBody(form: ConnectionForm) {
  return { connectionType: 'Financial', platform: 'Interactive Brokers', hostPort: form.hostPort, clientId: form.clientId, accountId: form.accountId === '' ? null : form.accountId };
}

/** The state's plain name on the screens: the session's inner steps towards ready read as reconnecting. */
export function stateLabel(state: SessionState | undefined): { key: 'ready' | 'degraded' | 'reconnecting' | 'stopped'; text: string } {
  switch (state) {
    case 'ready': return { key: 'ready', text: 'Ready' };
    case 'degraded': return { key: 'degraded', text: 'Degraded' };
    case 'stopped': case undefined: return { key: 'stopped', text: 'Stopped' };
    default: return { key: 'reconnecting', text: 'Reconnecting' };
  }
}

/** PAPER or LIVE: what the session saw (its accounts), else what the settings suggest. */
export function modeOf(connection: Connection): TradingMode | 'mixed' | null {
  return connection.status?.mode ?? connection.trading.execution.accountMode;
}

const SETTLED: ReadonlyArray<SessionState | undefined> = ['ready', 'stopped', 'degraded'];

export function useConnections() {
  return useQuery({
    queryKey: ['connections'],
    queryFn: async () => (await unwrap(api.GET('/api/connections'))).connections,
  });
}

export function useConnection(id: string) {
  return useQuery({
    queryKey: ['connection', id],
    queryFn: async () => (await unwrap(api.GET('/api/connections/{id}', { params: { path: { id } } }))).connection,
    // The events stream refreshes this on every state change; while the session is on its way
    // somewhere, the worker's published status can trail the event by a moment: look again then.
    refetchInterval: (query) => (query.state.data && !SETTLED.includes(query.state.data.status?.state) ? 2_000 : false),
  });
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: ['timeline', id],
    queryFn: async () => (await unwrap(api.GET('/api/connections/{id}/timeline', { params: { path: { id } } }))).events,
  });
}

export function useKillSwitch() {
  return useQuery({
    queryKey: ['kill-switch'],
    queryFn: async () => unwrap(api.GET('/api/kill-switch')),
  });
}

/** Refreshes what a trading control changes (the events stream does too, a moment later). */
function useRefreshTrading() {
  const client = useQueryClient();
  return () => Promise.all(['connections', 'connection', 'trading', 'kill-switch', 'timeline'].map((name) => client.invalidateQueries({ queryKey: [name] })));
}

export function useSetExecution(id: string) {
  const refresh = useRefreshTrading();
  return useMutation({
    mutationFn: async (input: { enabled: boolean; confirmAccount?: string }) =>
      (await unwrap(api.PUT('/api/connections/{id}/execution', { params: { path: { id } }, body: input }))).trading,
    onSuccess: refresh,
  });
}

export function useSetTradingState(id: string) {
  const refresh = useRefreshTrading();
  return useMutation({
    mutationFn: async (input: { state: TradingState; reason?: string; cancelOpenOrders?: boolean }) =>
      unwrap(api.PUT('/api/connections/{id}/trading-state', { params: { path: { id } }, body: input })),
    onSuccess: refresh,
  });
}

export function useEngageKillSwitch() {
  const refresh = useRefreshTrading();
  return useMutation({
    mutationFn: async (input: { reason?: string; cancelOpenOrders?: boolean }) =>
      unwrap(api.POST('/api/kill-switch', { body: input })),
    onSuccess: refresh,
  });
}

export function useLiftKillSwitch() {
  const refresh = useRefreshTrading();
  return useMutation({
    mutationFn: async () => unwrap(api.DELETE('/api/kill-switch')),
    onSuccess: refresh,
  });
}

export async function testSavedConnection(id: string): Promise<CheckResult> {
  return (await unwrap(api.POST('/api/connections/{id}/test', { params: { path: { id } } }))).result;
}

export async function testUnsavedSettings(form: ConnectionForm): Promise<CheckResult> {
  return (await unwrap(api.POST('/api/connections/test', { body: formBody(form) }))).result;
}

export async function validateForm(form: ConnectionForm): Promise<ValidForm> {
  return unwrap(api.POST('/api/connections/validate', { body: formBody(form) }));
}

export async function saveConnection(form: ConnectionForm): Promise<{ connection: Connection; notices: string[] }> {
  return unwrap(api.POST('/api/connections', { body: formBody(form) }));
}
