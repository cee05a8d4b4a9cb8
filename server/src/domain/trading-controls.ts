// Trading controls as pure rules: the effective trading state (the workspace kill switch wins over
// the connection's own state), the paper-first execution switch (what enabling execution on a
// connection needs, and the first refusal when something is missing), and the account-type check
// that halts a connection whose login changed from the type execution was enabled for.
// Every refusal carries a stable code and a message that says what to do.
import type { TradingState } from './trading.ts';
import { accountMode, loginMode, portModeHint, type TradingMode } from './trading-mode.ts';

/** The workspace's kill switch while it is on. */
export interface KillSwitch {
  haltedAt: number;
  haltedBy: string | null;
  reason: string | null;
}

/** The first fill a paper account of one of the workspace's connections reported. */
export interface PaperFillEvidence {
  seenAt: number;
  connectionId: string;
  execId: string;
}

export interface EffectiveTradingState {
  state: TradingState;
  /** What decided it: the workspace kill switch, or the connection's own state. */
  source: 'kill_switch' | 'connection';
  reason: string | null;
}

export function effectiveTradingState(connection: { state: TradingState; reason: string | null }, killSwitch: KillSwitch | null): EffectiveTradingState {
  if (killSwitch) return { state: 'halted', source: 'kill_switch', reason: killSwitch.reason ?? 'The workspace kill switch is on.' };
  return { state: connection.state, source: 'connection', reason: connection.reason };
}

/** What Kairox knows of a connection's login: the accounts a session last saw, else only the port. */
export interface LoginFacts {
  port: number;
  /** The login's accounts as last reported (empty before any session got that far). */
  accounts: readonly string[];
  /** The account orders go to (the configured one, or the login's only one); null when several and none chosen. */
  account: string | null;
}

export interface ConnectionMode {
  mode: TradingMode | 'mixed' | undefined;
  /** Accounts decide; before any were seen, a well-known port hints. */
  from: 'accounts' | 'port' | 'nothing';
}

export function connectionMode(facts: LoginFacts): ConnectionMode {
  if (facts.accounts.length > 0) return { mode: loginMode(facts.accounts), from: 'accounts' };
  const hint = portModeHint(facts.port);
  return hint ? { mode: hint, from: 'port' } : { mode: undefined, from: 'nothing' };
}

export const EXECUTION_REFUSAL_CODES = [
  'MIXED_MODE_LOGIN', 'ACCOUNT_MODE_UNKNOWN', 'PAPER_FILL_REQUIRED', 'OWNER_REQUIRED', 'ACCOUNTS_NOT_SEEN', 'ACCOUNT_NOT_CHOSEN',
  'CONFIRM_ACCOUNT_REQUIRED', 'CONFIRM_ACCOUNT_MISMATCH',
] as const;
export type ExecutionRefusalCode = (typeof EXECUTION_REFUSAL_CODES)[number];

export interface ExecutionRefusal {
  code: ExecutionRefusalCode;
  message: string;
}

export interface EnableExecutionRequest {
  facts: LoginFacts;
  paperFill: PaperFillEvidence | null;
  /** Whether the caller is a workspace owner (live execution needs one). */
  byOwner: boolean;
  /** The account id the caller typed; required for live, checked when given for paper. */
  confirmAccount?: string;
}

export type EnableExecutionDecision =
  | { ok: true; mode: TradingMode; account: string | null }
  | { ok: false; refusal: ExecutionRefusal; mode: TradingMode | 'mixed' | undefined };

/** The account the typed confirmation must equal: the one orders go to, or the login's only one. */
function accountToConfirm(facts: LoginFacts): string | undefined {
  return facts.account ?? (facts.accounts.length === 1 ? facts.accounts[0] : undefined);
}

function unknownModeRefusal(facts: LoginFacts, known: ConnectionMode): ExecutionRefusal {
  const odd = facts.accounts.filter((a) => accountMode(a) === undefined);
  return {
    code: 'ACCOUNT_MODE_UNKNOWN',
    message: known.from === 'accounts'
      ? `Kairox cannot tell whether the account ids ${odd.join(', ')} are paper (DU…, DF…) or live (U…, F…, I…), so it will not enable execution. Check the login the gateway uses.`
      : `Kairox cannot tell yet whether this connection trades paper or real money: no session has reported its accounts and port ${facts.port} is not one of IB's standard ports. Enable the connection, wait until it is ready, then enable execution.`,
  };
}

const confirmHow = (account: string) => `send {"enabled":true,"confirmAccount":"${account}"}`;

/**
 * Everything still missing before execution can be enabled on this connection by this caller, in
 * the order they are asked for (the first is the refusal). Paper needs nothing; live needs the
 * workspace's paper-fill evidence, an owner, a known account, and that account typed to confirm.
 */
export function unmetExecutionNeeds(request: EnableExecutionRequest): { mode: TradingMode | 'mixed' | undefined; needs: ExecutionRefusal[] } {
  const { facts } = request;
  const known = connectionMode(facts);
  if (known.mode === 'mixed') {
    return {
      mode: 'mixed',
      needs: [{
        code: 'MIXED_MODE_LOGIN',
        message: `The login exposes both paper and live accounts (${facts.accounts.join(', ')}); Kairox enables execution for one account type only. Log the gateway in with a username whose accounts are all paper or all live.`,
      }],
    };
  }
  if (known.mode === undefined) return { mode: undefined, needs: [unknownModeRefusal(facts, known)] };
  const expected = accountToConfirm(facts);
  const typed = request.confirmAccount?.trim();
  if (known.mode === 'paper') {
    // No confirmation needed on paper, but one typed wrong still means the caller has another account in mind.
    const wrong = typed !== undefined && expected !== undefined && typed !== expected;
    return {
      mode: 'paper',
      needs: wrong ? [{ code: 'CONFIRM_ACCOUNT_MISMATCH', message: `confirmAccount "${typed}" is not this connection's paper account ${expected}; leave confirmAccount out (paper needs none) or type ${expected}.` }] : [],
    };
  }

  const needs: ExecutionRefusal[] = [];
  if (!request.paperFill) {
    needs.push({
      code: 'PAPER_FILL_REQUIRED',
      message: 'Live execution needs a filled paper order first: no paper account of this workspace has reported a fill yet. Connect a paper account (DU…), enable execution there and let an order fill, then enable live execution.',
    });
  }
  if (!request.byOwner) {
    needs.push({ code: 'OWNER_REQUIRED', message: 'Only a workspace owner can enable execution on a live account; ask an owner to enable it.' });
  }
  if (known.from === 'port') {
    needs.push({
      code: 'ACCOUNTS_NOT_SEEN',
      message: `Port ${facts.port} is a live-trading port, but no session has reported this login's accounts yet. Enable the connection, wait until it is ready, then confirm with the live account id it reports.`,
    });
  } else if (expected === undefined) {
    needs.push({
      code: 'ACCOUNT_NOT_CHOSEN',
      message: `The login exposes several live accounts (${facts.accounts.join(', ')}); set the connection's IB Account ID to the one to trade, then confirm with that id.`,
    });
  } else if (typed === undefined || typed === '') {
    needs.push({ code: 'CONFIRM_ACCOUNT_REQUIRED', message: `This connection trades real money on account ${expected}: a workspace owner enables execution by typing that account id — ${confirmHow(expected)}.` });
  } else if (typed !== expected) {
    needs.push({ code: 'CONFIRM_ACCOUNT_MISMATCH', message: `confirmAccount "${typed}" is not this connection's live account; type ${expected} exactly — ${confirmHow(expected)}.` });
  }
  return { mode: 'live', needs };
}

export function decideEnableExecution(request: EnableExecutionRequest): EnableExecutionDecision {
  const { mode, needs } = unmetExecutionNeeds(request);
  const first = needs[0];
  if (first || mode === undefined || mode === 'mixed') return { ok: false, refusal: first ?? unknownModeRefusal(request.facts, connectionMode(request.facts)), mode };
  return { ok: true, mode, account: accountToConfirm(request.facts) ?? null };
}

/**
 * Why a connection with execution enabled must halt: the login's account type is no longer the one
 * execution was enabled for (enabled on paper, the gateway now logged in live). Undefined when it is.
 */
export function accountTypeChangeReason(executionMode: TradingMode, accounts: readonly string[]): string | undefined {
  if (accounts.length === 0) return undefined;
  const now = loginMode(accounts);
  if (now === executionMode) return undefined;
  const what = now === 'mixed' ? 'both paper and live accounts' : now === undefined ? 'accounts of an unknown type' : `${now} accounts`;
  return `Execution was enabled for a ${executionMode} account, but the login now reports ${what} (${accounts.join(', ')}): trading is halted so no order reaches an account it was not enabled for. ` +
    `Check which gateway this connection points to; to trade this login, turn execution off and enable it again.`;
}

/**
 * A connection halted for a changed account type must not resume while the mismatch stands:
 * the refusal of setting it active or reduce-only, or undefined when it may.
 */
export function resumeRefusal(input: { state: TradingState; executionEnabled: boolean; executionMode: TradingMode | null; facts: LoginFacts }): { code: 'EXECUTION_MODE_MISMATCH'; message: string } | undefined {
  if (input.state === 'halted' || !input.executionEnabled || input.executionMode === null) return undefined;
  const known = connectionMode(input.facts);
  if (known.from !== 'accounts') return undefined;
  const reason = accountTypeChangeReason(input.executionMode, input.facts.accounts);
  if (!reason) return undefined;
  return {
    code: 'EXECUTION_MODE_MISMATCH',
    message: `Execution was enabled for a ${input.executionMode} account but the login now reports ${input.facts.accounts.join(', ')}; turn execution off (and on again for this account type) before resuming trading.`,
  };
}
