// The answers of the connection routes (routes/connections.ts, trading-controls.ts): a connection
// with its session's published status and its trading controls, its timeline, a connection test,
// the workspace's kill switch and what a halt's cancel sweep did. Shapes of connections/service.ts
// ConnectionView, broker/reports.ts SessionStatus, connections/trading-controls.ts TradingView,
// sessions/connection-test.ts ConnectionTestResult and orders/cancel-all.ts SweptOrder.
import { z } from 'zod';
import { SESSION_ERROR_KINDS } from '../../broker/index.ts';
import {
  EXECUTION_REFUSAL_CODES, ORDER_STATES, SESSION_STATES, TRADING_MODES, TRADING_STATES, type SessionState,
} from '../../domain/index.ts';
import { SWEEP_OUTCOMES } from '../../orders/index.ts';
import { epochMs } from './common.ts';

const sessionState = z.enum(SESSION_STATES as [SessionState, ...SessionState[]]);
const loginMode = z.enum([...TRADING_MODES, 'mixed']).describe('paper or live from the account ids (DU… paper, U… live); mixed when the login offers both.');

const farmAnswer = z.object({
  ok: z.boolean(),
  code: z.number().describe('IB\'s message code about the farm (e.g. 2104 connected, 2103 broken).'),
  message: z.string().describe('IB\'s text, verbatim.'),
});

const sessionLastError = z.object({
  at: epochMs(),
  kind: z.enum(SESSION_ERROR_KINDS),
  message: z.string(),
  code: z.number().optional().describe('IB\'s error code, when IB sent one.'),
  explanation: z.string().optional().describe('What the code means and what to do, when Kairox knows the code.'),
});

export const sessionStatusAnswer = z.object({
  state: sessionState,
  since: epochMs().describe('When the session entered this state (epoch ms).'),
  host: z.string(),
  port: z.number(),
  clientId: z.number(),
  serverVersion: z.number().optional().describe('The TWS protocol version the gateway chose; absent before a handshake.'),
  connectionTime: z.string().optional().describe('The gateway\'s own clock at the handshake, as it wrote it.'),
  connected: z.boolean().describe('Synced with the gateway now (ready, or degraded while the gateway has lost IB). When false, accounts and mode are what the gateway last reported, at accountsSeenAt.'),
  accounts: z.array(z.string()),
  accountsSeenAt: epochMs().optional().describe('When the gateway last reported the login\'s accounts; absent before any connection got that far.'),
  account: z.string().nullable().describe('The account orders go to: the configured IB Account ID, else the login\'s only account; null when it offers several and none is configured.'),
  mode: loginMode.optional(),
  warnings: z.array(z.string()).describe('Everything the user should know: live trading, port/account mismatch, client id 0, IB conditions (10197, read-only).'),
  readOnly: z.boolean().optional().describe('Read-Only API mode as the gateway last showed it; absent until the session found out.'),
  canTrade: z.boolean().describe('Whether an order could be sent now; when not, cannotTradeReason says why.'),
  cannotTradeReason: z.string().optional(),
  lastHeartbeatAt: epochMs().optional(),
  clockSkewMs: z.number().optional().describe('Gateway clock minus Kairox\'s, from the last heartbeat (IB answers in whole seconds).'),
  lastError: sessionLastError.optional(),
  pacingQueueDepth: z.number().describe('Messages waiting for IB\'s pacing limit.'),
  pendingRequests: z.number().describe('Requests sent to IB and not answered yet.'),
  farms: z.record(z.string(), farmAnswer).describe('IB\'s market data and history farms by name, as the gateway last reported them.'),
  attempts: z.number().describe('Connection attempts since the session was last ready (0 while it is).'),
  nextRetryAt: epochMs().optional().describe('While waiting to retry: when the next attempt starts.'),
});

export const killSwitchAnswer = z.object({
  haltedAt: epochMs(),
  haltedBy: z.string().nullable().describe('Who engaged it: "user:usr_…", "api_token:tok_…" or "system".'),
  reason: z.string().nullable(),
});

const paperFillAnswer = z.object({
  seenAt: epochMs(),
  connectionId: z.string(),
  execId: z.string().describe('IB\'s execution id of the fill.'),
}).describe('The first fill a paper account of the workspace reported: live execution needs one.');

export const workspaceControlsAnswer = z.object({
  killSwitch: killSwitchAnswer.nullable().describe('While the kill switch is on; null when off.'),
  paperFill: paperFillAnswer.nullable(),
});

const tradingState = z.enum(TRADING_STATES);

export const tradingAnswer = z.object({
  state: tradingState.describe('The connection\'s own state, as last set.'),
  stateReason: z.string().nullable(),
  stateChangedAt: epochMs().nullable(),
  stateChangedBy: z.string().nullable().describe('"user:usr_…", "api_token:tok_…" or "system"; null while never changed.'),
  effective: z.object({
    state: tradingState,
    source: z.enum(['kill_switch', 'connection']).describe('What decided it: the workspace kill switch, or the connection\'s own state.'),
    reason: z.string().nullable(),
  }).describe('What the risk gate applies: halted while the kill switch is on, else the connection\'s own state.'),
  killSwitch: killSwitchAnswer.nullable(),
  execution: z.object({
    enabled: z.boolean().describe('Off: signals are prepared, not sent.'),
    mode: z.enum(TRADING_MODES).nullable().describe('The account type execution was enabled for.'),
    enabledBy: z.string().nullable(),
    enabledAt: epochMs().nullable(),
    accountMode: loginMode.nullable().describe('The login\'s account type as Kairox knows it now (the accounts seen decide; else the port hints); null when unknown.'),
    accountModeFrom: z.enum(['accounts', 'port', 'nothing']),
    needs: z.array(z.object({ code: z.enum(EXECUTION_REFUSAL_CODES), message: z.string() }))
      .describe('What enabling execution still needs, each with a stable code; empty when enabled or nothing is missing.'),
  }),
  paperFill: paperFillAnswer.nullable(),
});

export const connectionAnswer = z.object({
  id: z.string().describe('con_…'),
  connectionType: z.string(),
  platform: z.string(),
  hostPort: z.string().describe('IB Gateway Host:Port as the form shows it (an IPv6 host in brackets).'),
  host: z.string(),
  port: z.number(),
  clientId: z.number(),
  accountId: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: epochMs(),
  updatedAt: epochMs(),
  revision: z.number().describe('+1 on every change of the settings.'),
  status: sessionStatusAnswer.nullable().describe('The status the worker last published; null before a worker ran this connection.'),
  statusAt: epochMs().nullable().describe('When the worker published that status.'),
  warnings: z.array(z.string()).describe('About the settings: a live port, live accounts once seen, client id 0. The status has the session\'s own.'),
  trading: tradingAnswer,
});

export const savedConnectionAnswer = z.object({
  connection: connectionAnswer,
  notices: z.array(z.string()).describe('What the form\'s rules want the user to know about valid settings (e.g. client id 0).'),
});

export const validFormAnswer = z.object({
  ok: z.literal(true),
  hostPort: z.string(),
  clientId: z.number(),
  accountId: z.string().nullable(),
  notices: z.array(z.string()),
});

export const timelineAnswer = z.object({
  events: z.array(z.object({
    id: z.string(),
    at: epochMs(),
    from: z.string().describe('The session state before (the same as `to` for a note).'),
    to: z.string().describe('The session state after.'),
    event: z.string().describe('What happened: a session event (handshake_done, synced, dropped, …) or a note that changes no state (a warning came or went, trading halted).'),
    reason: z.string(),
    code: z.number().nullable().describe('IB\'s message code behind it, if any.'),
  })),
});

export const connectionTestAnswer = z.object({
  result: z.object({
    ok: z.boolean(),
    exitCode: z.number().describe('The exit code `kairox check` gives for this outcome (0 ready).'),
    target: z.string().describe('host:port.'),
    clientId: z.number(),
    failure: z.object({
      kind: z.string().describe('refused, timeout, client_id_in_use, account_unknown, read_only, not_ready, … (the session\'s error kinds and a check\'s own).'),
      message: z.string(),
      ibCode: z.number().optional(),
    }).optional().describe('Why it is not ok.'),
    serverVersion: z.number().optional(),
    connectionTime: z.string().optional(),
    connectMs: z.number().optional().describe('A one-shot check: how long connecting and syncing took.'),
    clockSkewMs: z.number().optional(),
    accounts: z.array(z.string()).optional(),
    mode: loginMode.optional(),
    account: z.object({ id: z.string(), exists: z.boolean().describe('Whether the login offers it.') }).nullable().optional()
      .describe('The configured IB Account ID and whether the login offers it; null when none is configured.'),
    readOnly: z.boolean().optional(),
    farms: z.record(z.string(), farmAnswer).optional(),
    warnings: z.array(z.string()),
    notices: z.array(z.string()),
    source: z.enum(['running_session', 'published_status', 'one_shot_check']).describe('Where the answer came from: the session this process runs, the status another worker published, or a connection of its own.'),
    state: sessionState.optional(),
    lastHeartbeatAt: epochMs().optional(),
    roundTripMs: z.number().optional().describe('A running session: the round trip of a fresh reqCurrentTime.'),
    statusAt: epochMs().optional().describe('A published status: when the worker published it.'),
    canTrade: z.boolean().optional(),
    cannotTradeReason: z.string().optional(),
    report: z.string().describe('The text `kairox check` prints for this outcome.'),
  }),
});

/** What a halt with cancelOpenOrders did to each open Kairox order. */
const cancelsAnswer = z.array(z.object({
  orderId: z.string(),
  connectionId: z.string(),
  state: z.enum(ORDER_STATES).describe('The order\'s state when the sweep found it.'),
  outcome: z.enum(SWEEP_OUTCOMES),
  message: z.string(),
})).optional().describe('Only with cancelOpenOrders: true — every Kairox order that was open and what happened to it.');

export const tradingStateAnswer = z.object({ trading: tradingAnswer, cancels: cancelsAnswer });
export const killSwitchEngagedAnswer = workspaceControlsAnswer.extend({ cancels: cancelsAnswer });
