// One connection, live: the session's state and since when, PAPER or LIVE, server version,
// accounts, last heartbeat, the current problem with its fix, the pacing queue and the timeline;
// and its controls: the execution switch (off = prepare only; live needs the typed account id),
// the trading state and the workspace kill switch. The events stream refreshes all of it.
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import {
  modeOf, stateLabel, testSavedConnection, useConnection, useEngageKillSwitch, useKillSwitch, useLiftKillSwitch, useSetExecution, useSetTradingState, useTimeline,
  type CancelOutcome, type CheckResult, type Connection, type TradingState,
} from '../../api/connections.ts';
import { useMe } from '../../api/session.ts';
import { Loaded } from '../../ui/async.tsx';
import { FormError } from '../../ui/field.tsx';
import { CheckReport } from './check-report.tsx';
import { formatTime, ModeBadge, StateText } from './parts.tsx';
import './connections.css';

const TRADING_STATES: ReadonlyArray<{ value: TradingState; label: string; hint: string }> = [
  { value: 'active', label: 'Active', hint: 'Signals and tickets trade.' },
  { value: 'reduce_only', label: 'Reduce-only', hint: 'Only orders that lower a position pass.' },
  { value: 'halted', label: 'Halted', hint: 'Nothing new is sent; cancels still pass.' },
];

const errorText = (error: unknown) => (error instanceof Error ? error.message : error ? String(error) : undefined);

export function ConnectionScreen() {
  const { id = '' } = useParams();
  const connection = useConnection(id);
  const location = useLocation();
  const savedNotices = (location.state as { notices?: string[] } | null)?.notices ?? [];
  return (
    <Loaded query={connection}>
      {(c) => (
        <section>
          <div className="page-head">
            <h1>Connection {c.hostPort}</h1>
            <ModeBadge connection={c} large />
          </div>
          <p><Link to={`/connections/${c.id}/risk`}>Risk policy of this connection</Link></p>
          {savedNotices.length > 0 ? <div className="panel">{savedNotices.map((n) => <p key={n} className="hint">{n}</p>)}</div> : null}
          <SessionPanel connection={c} />
          <div className="controls-grid">
            <ExecutionPanel connection={c} />
            <TradingStatePanel connection={c} />
            <KillSwitchPanel />
          </div>
          <TimelinePanel id={c.id} />
        </section>
      )}
    </Loaded>
  );
}

function SessionPanel({ connection: c }: { connection: Connection }) {
  const s = c.status;
  const me = useMe();
  const [test, setTest] = useState<{ pending: boolean; result?: CheckResult; error?: string }>({ pending: false });
  const runTest = () => {
    setTest({ pending: true });
    testSavedConnection(c.id).then((result) => setTest({ pending: false, result }), (error: unknown) => setTest({ pending: false, error: errorText(error) }));
  };
  const label = stateLabel(s?.state);
  const problem = s?.lastError && label.key !== 'ready'
    // IB's explanation is the fix; some messages already end with it.
    ? { text: s.lastError.message, fix: s.lastError.explanation && !s.lastError.message.includes(s.lastError.explanation) ? s.lastError.explanation : undefined }
    : s && !s.canTrade && s.cannotTradeReason ? { text: s.cannotTradeReason, fix: undefined }
      : !s ? { text: c.enabled ? 'The broker worker has not run this connection yet.' : 'This connection is disabled: no session runs.', fix: c.enabled ? 'It starts within a few seconds; check that Kairox runs its worker (kairox start).' : 'Enable it to start its session.' }
        : undefined;
  return (
    <div className="panel" aria-labelledby="session-title">
      <h2 id="session-title">Session</h2>
      <p role="status" aria-live="polite" aria-label="Connection state"><StateText status={s} />{s && label.key === 'reconnecting' ? <span className="muted"> ({s.state.replaceAll('_', ' ')}, attempt {s.attempts})</span> : null}</p>
      <dl className="facts">
        <dt>Mode</dt><dd>{modeText(c)}</dd>
        <dt>Server version</dt><dd>{s?.serverVersion ?? '—'}</dd>
        <dt>Accounts</dt><dd>{s && s.accounts.length > 0 ? s.accounts.join(', ') : '—'}</dd>
        <dt>Orders go to</dt><dd>{c.accountId ?? s?.account ?? 'the login’s only account'}</dd>
        <dt>Client ID</dt><dd>{c.clientId}</dd>
        <dt>Last heartbeat</dt><dd>{s?.lastHeartbeatAt ? formatTime(s.lastHeartbeatAt) : s && s.state !== 'stopped' ? 'none yet' : '—'}</dd>
        <dt>Pacing queue</dt><dd>{s ? `${s.pacingQueueDepth} waiting, ${s.pendingRequests} requests in flight` : '—'}</dd>
        <dt>API</dt><dd>{s?.readOnly === undefined ? '—' : s.readOnly ? 'read-only' : 'read-write'}</dd>
        {s && Object.keys(s.farms).length > 0 ? <><dt>Data farms</dt><dd>{Object.entries(s.farms).map(([farm, f]) => `${farm} ${f.ok ? 'OK' : 'broken'}`).join(', ')}</dd></> : null}
      </dl>
      <h3>Current problem</h3>
      {problem ? (
        <div className="problem">
          <p>{problem.text}</p>
          {problem.fix ? <p><strong>Fix:</strong> {problem.fix}</p> : null}
        </div>
      ) : <p className="problem none">None: the session is {label.text.toLowerCase()}.</p>}
      {[...c.warnings, ...(s?.warnings ?? []).filter((w) => !c.warnings.includes(w))].map((w) => <p key={w} className="hint">Warning: {w}</p>)}
      <div className="actions">
        <button type="button" className="secondary" onClick={runTest} disabled={test.pending || me.data?.workspace.role === 'viewer'}>{test.pending ? 'Testing…' : 'Test connection'}</button>
      </div>
      <div role="status" aria-live="polite">
        {test.result ? <CheckReport result={test.result} /> : null}
        <FormError error={test.error} />
      </div>
    </div>
  );
}

function modeText(c: Connection): string {
  const mode = modeOf(c);
  const from = c.status?.mode ? 'from the accounts the login reported' : c.trading.execution.accountModeFrom === 'port' ? `guessed from port ${c.port}` : 'not known yet';
  return mode === 'paper' ? `Paper trading (${from})` : mode === 'live' ? `LIVE: real money (${from})` : mode === 'mixed' ? 'Paper and live accounts on one login' : 'Not known yet';
}

function ExecutionPanel({ connection: c }: { connection: Connection }) {
  const me = useMe();
  const setExecution = useSetExecution(c.id);
  const [confirm, setConfirm] = useState('');
  const execution = c.trading.execution;
  const live = modeOf(c) === 'live';
  const role = me.data?.workspace.role;
  const onEnable = (event: FormEvent) => {
    event.preventDefault();
    setExecution.mutate({ enabled: true, ...(live && { confirmAccount: confirm }) }, { onSuccess: () => setConfirm('') });
  };
  const error = setExecution.error;
  return (
    <div className="panel" aria-labelledby="execution-title">
      <h2 id="execution-title">Execution</h2>
      <p role="status" aria-live="polite">
        {execution.enabled
          ? <><strong>On</strong>: orders are sent to IB ({execution.mode === 'live' ? 'LIVE account' : 'paper account'}, since {formatTime(execution.enabledAt)}).</>
          : <><strong>Off</strong>: prepare only — signals and tickets are checked and journaled, nothing is sent to IB.</>}
      </p>
      {execution.enabled ? (
        <button type="button" className="secondary" onClick={() => setExecution.mutate({ enabled: false })} disabled={setExecution.isPending || role === 'viewer'}>Turn execution off</button>
      ) : (
        <form onSubmit={onEnable} noValidate aria-label="Turn execution on">
          {execution.needs.length > 0 ? <ul>{execution.needs.map((n) => <li key={n.code}>{n.message}</li>)}</ul> : null}
          {live ? (
            <div className="field">
              <label htmlFor="confirm-account">Type the live account id to confirm</label>
              <input id="confirm-account" value={confirm} autoComplete="off" spellCheck={false} onChange={(e) => setConfirm(e.target.value)} aria-describedby="confirm-account-hint" />
              <p id="confirm-account-hint" className="hint">Real money: only an owner turns live execution on, typing the account id ({c.accountId ?? c.status?.account ?? c.status?.accounts[0] ?? 'the one the login reports'}).</p>
            </div>
          ) : null}
          <button type="submit" className={live ? 'danger' : undefined} disabled={setExecution.isPending || role === 'viewer'}>{live ? 'Turn LIVE execution on' : 'Turn execution on'}</button>
        </form>
      )}
      <FormError error={errorText(error)} />
    </div>
  );
}

function TradingStatePanel({ connection: c }: { connection: Connection }) {
  const me = useMe();
  const setState = useSetTradingState(c.id);
  const [choice, setChoice] = useState<TradingState | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const chosen = choice ?? c.trading.state;
  const t = c.trading;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setState.mutate({ state: chosen, ...(chosen === 'halted' && cancelOpen && { cancelOpenOrders: true }) }, { onSuccess: () => { setChoice(null); setCancelOpen(false); } });
  };
  const effective = TRADING_STATES.find((s) => s.value === t.effective.state)?.label ?? t.effective.state;
  return (
    <div className="panel" aria-labelledby="trading-title">
      <h2 id="trading-title">Trading state</h2>
      <p role="status" aria-live="polite">
        In force: <strong>{effective}</strong>{t.effective.source === 'kill_switch' ? ' (the workspace kill switch is on)' : ''}
        {t.effective.source === 'connection' && t.effective.reason ? <span className="muted"> — {t.effective.reason}</span> : null}
      </p>
      <form onSubmit={onSubmit} noValidate aria-label="Set the trading state">
        <fieldset>
          <legend>This connection’s own state</legend>
          {TRADING_STATES.map((s) => (
            <label key={s.value} className="choice">
              <input type="radio" name="trading-state" value={s.value} checked={chosen === s.value} onChange={() => setChoice(s.value)} />
              <span>{s.label} <span className="muted">— {s.hint}</span></span>
            </label>
          ))}
        </fieldset>
        {chosen === 'halted' ? (
          <label className="choice"><input type="checkbox" checked={cancelOpen} onChange={(e) => setCancelOpen(e.target.checked)} /> Also cancel this connection’s open orders</label>
        ) : null}
        <button type="submit" disabled={setState.isPending || me.data?.workspace.role === 'viewer' || (chosen === t.state && !cancelOpen)}>Set trading state</button>
      </form>
      <FormError error={errorText(setState.error)} />
      {setState.data?.cancels ? <Cancels cancels={setState.data.cancels} /> : null}
    </div>
  );
}

function KillSwitchPanel() {
  const me = useMe();
  const kill = useKillSwitch();
  const engage = useEngageKillSwitch();
  const lift = useLiftKillSwitch();
  const [cancelOpen, setCancelOpen] = useState(true);
  const role = me.data?.workspace.role;
  return (
    <Loaded query={kill}>
      {(w) => (
        <div className={`panel${w.killSwitch ? ' kill-on' : ''}`} aria-labelledby="kill-title">
          <h2 id="kill-title">Kill switch</h2>
          <p role="status" aria-live="polite">
            {w.killSwitch
              ? <><strong className="result-failed">ON</strong>: every connection of the workspace is halted since {formatTime(w.killSwitch.haltedAt)}{w.killSwitch.reason ? ` — ${w.killSwitch.reason}` : ''}.</>
              : <>Off. Engaging it halts every connection of the workspace at once.</>}
          </p>
          {w.killSwitch ? (
            role === 'owner'
              ? <button type="button" className="secondary" onClick={() => lift.mutate()} disabled={lift.isPending}>Release the kill switch</button>
              : <p className="hint">Only an owner releases the kill switch.</p>
          ) : (
            <div className="actions">
              <label className="choice"><input type="checkbox" checked={cancelOpen} onChange={(e) => setCancelOpen(e.target.checked)} /> Also cancel open orders</label>
              <button type="button" className="danger" onClick={() => engage.mutate(cancelOpen ? { cancelOpenOrders: true } : {})} disabled={engage.isPending || role === 'viewer'}>Halt everything</button>
            </div>
          )}
          <FormError error={errorText(engage.error ?? lift.error)} />
          {engage.data?.cancels && w.killSwitch ? <Cancels cancels={engage.data.cancels} /> : null}
        </div>
      )}
    </Loaded>
  );
}

function Cancels({ cancels }: { cancels: CancelOutcome[] }) {
  if (cancels.length === 0) return <p className="hint">There were no open orders to cancel.</p>;
  return (
    <ul className="hint">
      {cancels.map((c) => <li key={c.orderId}><Link to={`/orders/${c.orderId}`}>{c.orderId}</Link>: {c.outcome.replaceAll('_', ' ')} — {c.message}</li>)}
    </ul>
  );
}

function TimelinePanel({ id }: { id: string }) {
  const timeline = useTimeline(id);
  return (
    <div className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <Loaded query={timeline}>
        {(events) => events.length === 0 ? <p className="muted">Nothing happened yet.</p> : (
          <div className="table-wrap">
            <table className="stack-on-phone timeline">
              <thead><tr><th scope="col">When</th><th scope="col">Change</th><th scope="col">Why</th><th scope="col">IB code</th></tr></thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td data-label="When">{formatTime(e.at)}</td>
                    <td data-label="Change">{e.from === e.to ? e.event.replaceAll('_', ' ') : `${e.from.replaceAll('_', ' ')} → ${e.to.replaceAll('_', ' ')}`}</td>
                    <td data-label="Why">{e.reason}</td>
                    {e.code !== null ? <td data-label="IB code" className="num">{e.code}</td> : <td className="num" />}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </div>
  );
}
