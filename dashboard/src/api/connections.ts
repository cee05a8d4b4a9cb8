// Broker connections: the list, one connection with its live status, its timeline, its trading
// controls and the workspace kill switch. The shapes are the server's (connections/service.ts
// ConnectionView, broker/reports.ts SessionStatus, connections/trading-controls.ts TradingView,
// sessions/check.ts CheckOutcome). Query keys start with connections / connection / timeline /
// trading / kill-switch, so the live events refresh them (api/live-events.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client.ts';

export type SessionState = 'stopped' | 'connecting' | 'syncing' | 'ready' | 'degraded' | 'disconnected' | 'waiting_to_retry';
export type TradingMode = 'paper' | 'live';
export type TradingState = 'active' | 'reduce_only' | 'halted';

export interface SessionLastError {
  at: number;
  kind: string;
  message: string;
  code?: number;
  explanation?: string;
}

export interface SessionStatus {
  state: SessionState;
  since: number;
  host: string;
  port: number;
  clientId: number;
  serverVersion?: number;
  connectionTime?: string;
  connected: boolean;
  accounts: string[];
  accountsSeenAt?: number;
  account: string | null;
  mode?: TradingMode | 'mixed';
  warnings: string[];
  readOnly?: boolean;
  canTrade: boolean;
  cannotTradeReason?: string;
  lastHeartbeatAt?: number;
  clockSkewMs?: number;
  lastError?: SessionLastError;
  pacingQueueDepth: number;
  pendingRequests: number;
  farms: Record<string, { ok: boolean; code: number; message: string }>;
  attempts: number;
  nextRetryAt?: number;
}

export interface KillSwitch {
  haltedAt: number;
  haltedBy: string | null;
  reason: string | null;
}

export interface ExecutionNeed {
  code: string;
  message: string;
}

export interface TradingView {
  state: TradingState;
  stateReason: string | null;
  stateChangedAt: number | null;
  stateChangedBy: string | null;
  effective: { state: TradingState; source: 'kill_switch' | 'connection'; reason: string | null };
  killSwitch: KillSwitch | null;
  execution: {
    enabled: boolean;
    mode: TradingMode | null;
    enabledBy: string | null;
    enabledAt: number | null;
    accountMode: TradingMode | 'mixed' | null;
    accountModeFrom: 'accounts' | 'port' | 'nothing';
    needs: ExecutionNeed[];
  };
  paperFill: { seenAt: number; connectionId: string; execId: string } | null;
}

export interface Connection {
  id: string;
  connectionType: string;
  platform: string;
  hostPort: string;
  host: string;
  port: number;
  clientId: number;
  accountId: string | null;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  revision: number;
  status: SessionStatus | null;
  statusAt: number | null;
  warnings: string[];
  trading: TradingView;
}

export interface TimelineEvent {
  id: string;
  at: number;
  from: string;
  to: string;
  event: string;
  reason: string;
  code: number | null;
}

/** What `kairox check` finds (sessions/check.ts CheckOutcome) with the text it prints as `report`. */
export interface CheckResult {
  ok: boolean;
  exitCode: number;
  target: string;
  clientId: number;
  failure?: { kind: string; message: string; ibCode?: number };
  serverVersion?: number;
  accounts?: string[];
  mode?: string;
  warnings: string[];
  notices: string[];
  source?: 'running_session' | 'published_status' | 'one_shot_check';
  report: string;
}

export interface WorkspaceControls {
  killSwitch: KillSwitch | null;
  paperFill: { seenAt: number; connectionId: string; execId: string } | null;
}

/** One order the kill switch or a halt tried to cancel (orders/ cancelOpenOrders). */
export interface CancelOutcome {
  orderId: string;
  connectionId: string;
  state: string;
  outcome: 'requested' | 'withheld' | 'not_ready' | 'not_cancellable';
  message: string;
}

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
    queryFn: async () => (await unwrap<{ connections: Connection[] }>(api.GET('/api/connections'))).connections,
  });
}

export function useConnection(id: string) {
  return useQuery({
    queryKey: ['connection', id],
    queryFn: async () => (await unwrap<{ connection: Connection }>(api.GET('/api/connections/{id}', { params: { path: { id } } }))).connection,
    // The events stream refreshes this on every state change; while the session is on its way
    // somewhere, the worker's published status can trail the event by a moment: look again then.
    refetchInterval: (query) => (query.state.data && !SETTLED.includes(query.state.data.status?.state) ? 2_000 : false),
  });
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: ['timeline', id],
    queryFn: async () => (await unwrap<{ events: TimelineEvent[] }>(api.GET('/api/connections/{id}/timeline', { params: { path: { id } } }))).events,
  });
}

export function useKillSwitch() {
  return useQuery({
    queryKey: ['kill-switch'],
    queryFn: async () => unwrap<WorkspaceControls>(api.GET('/api/kill-switch')),
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
      (await unwrap<{ trading: TradingView }>(api.PUT('/api/connections/{id}/execution', { params: { path: { id } }, body: input }))).trading,
    onSuccess: refresh,
  });
}

export function useSetTradingState(id: string) {
  const refresh = useRefreshTrading();
  return useMutation({
    mutationFn: async (input: { state: TradingState; reason?: string; cancelOpenOrders?: boolean }) =>
      unwrap<{ trading: TradingView; cancels?: CancelOutcome[] }>(api.PUT('/api/connections/{id}/trading-state', { params: { path: { id } }, body: input })),
    onSuccess: refresh,
  });
}

export function useEngageKillSwitch() {
  const refresh = useRefreshTrading();
  return useMutation({
    mutationFn: async (input: { reason?: string; cancelOpenOrders?: boolean }) =>
      unwrap<WorkspaceControls & { cancels?: CancelOutcome[] }>(api.POST('/api/kill-switch', { body: input })),
    onSuccess: refresh,
  });
}

export function useLiftKillSwitch() {
  const refresh = useRefreshTrading();
  return useMutation({
    mutationFn: async () => unwrap<WorkspaceControls>(api.DELETE('/api/kill-switch')),
    onSuccess: refresh,
  });
}

export async function testSavedConnection(id: string): Promise<CheckResult> {
  return (await unwrap<{ result: CheckResult }>(api.POST('/api/connections/{id}/test', { params: { path: { id } } }))).result;
}

export async function testUnsavedSettings(form: ConnectionForm): Promise<CheckResult> {
  return (await unwrap<{ result: CheckResult }>(api.POST('/api/connections/test', { body: formBody(form) }))).result;
}

export interface ValidForm { ok: true; hostPort: string; clientId: number; accountId: string | null; notices: string[] }

export async function validateForm(form: ConnectionForm): Promise<ValidForm> {
  return unwrap<ValidForm>(api.POST('/api/connections/validate', { body: formBody(form) }));
}

export async function saveConnection(form: ConnectionForm): Promise<{ connection: Connection; notices: string[] }> {
  return unwrap<{ connection: Connection; notices: string[] }>(api.POST('/api/connections', { body: formBody(form) }));
}
