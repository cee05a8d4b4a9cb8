// The order ticket (dashboard issue, item 7): an order prepared the way a signal is — connection
// (and account when the login has several), an approved instrument, side, size, order type with
// the prices it needs, time in force, outside RTH, an optional bracket. "Preview" asks the server
// what the decision would be now and IB's what-if margin and commission, recording and sending
// nothing; "Send" posts the same body to POST /api/signals under an idempotency key made once per
// ticket, so a double click or a retry never makes two signals. The server's messages sit beside
// the fields they name.
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useConnections, type Connection } from '../../api/connections.ts';
import { useMe } from '../../api/session.ts';
import {
  previewSignal, submitSignal, useApprovedInstruments, useSignal, useTicketOrder,
  type DecisionStep, type SignalBody, type SignalPreview, type SubmitAnswer, type WhatIf,
} from '../../api/ticket.ts';
import { Field, FormError } from '../../ui/field.tsx';
import { TableWrap } from '../../ui/table-wrap.tsx';
import './ticket.css';

type SizeKind = 'qty' | 'notional' | 'percentOfEquity' | 'riskAmount';
type OrderType = 'MKT' | 'LMT' | 'STP' | 'STP LMT' | 'TRAIL';

interface TicketForm {
  connectionId: string;
  account: string;
  conId: string;
  action: 'buy' | 'sell';
  sizeKind: SizeKind;
  size: string;
  riskStop: string;
  orderType: OrderType;
  limitPrice: string;
  stopPrice: string;
  trailBy: 'amount' | 'percent';
  trail: string;
  tif: 'DAY' | 'GTC' | 'IOC';
  outsideRth: boolean;
  bracket: boolean;
  takeProfit: string;
  stopLoss: string;
}

const EMPTY: TicketForm = {
  connectionId: '', account: '', conId: '', action: 'buy', sizeKind: 'qty', size: '', riskStop: '', orderType: 'MKT', limitPrice: '', stopPrice: '',
  trailBy: 'amount', trail: '', tif: 'DAY', outsideRth: false, bracket: false, takeProfit: '', stopLoss: '',
};

const SIZE_LABELS: Record<SizeKind, string> = {
  qty: 'Quantity', notional: 'Notional (instrument currency)', percentOfEquity: 'Percent of equity', riskAmount: 'Risk amount (instrument currency)',
};

/** Every field the form sends, by the server's field path (its problems[] name these). */
const FIELDS = ['connectionId', 'account', 'instrument', 'instrument.conId', 'action', 'size', 'size.qty', 'size.notional', 'size.percentOfEquity', 'size.riskAmount', 'size.stopPrice',
  'orderType', 'limitPrice', 'stopPrice', 'trailingAmount', 'trailingPercent', 'tif', 'outsideRth', 'bracket', 'bracket.takeProfit.limitPrice', 'bracket.stopLoss.stopPrice', 'idempotencyKey'];

/** A typed number as the server reads it; what is not a number goes as typed, so the server says what is wrong. */
function numberOf(text: string): number | string {
  const trimmed = text.trim();
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
}

function newKey(): string {
  return `ticket-${crypto.randomUUID()}`;
}

function bodyOf(form: TicketForm, key: string): SignalBody {
  const needsLimit = form.orderType === 'LMT' || form.orderType === 'STP LMT';
  const needsStop = form.orderType === 'STP' || form.orderType === 'STP LMT';
  const size = form.sizeKind === 'riskAmount' ? { riskAmount: numberOf(form.size), stopPrice: numberOf(form.riskStop) } : { [form.sizeKind]: numberOf(form.size) };
  const body: Record<string, unknown> = {
    connectionId: form.connectionId,
    ...(form.account !== '' && { account: form.account }),
    instrument: { conId: Number(form.conId) },
    action: form.action,
    size,
    orderType: form.orderType,
    ...(needsLimit && { limitPrice: numberOf(form.limitPrice) }),
    ...(needsStop && { stopPrice: numberOf(form.stopPrice) }),
    ...(form.orderType === 'TRAIL' && (form.trailBy === 'amount' ? { trailingAmount: numberOf(form.trail) } : { trailingPercent: numberOf(form.trail) })),
    tif: form.tif,
    outsideRth: form.outsideRth,
    ...(form.bracket && {
      bracket: {
        ...(form.takeProfit.trim() !== '' && { takeProfit: { limitPrice: numberOf(form.takeProfit) } }),
        ...(form.stopLoss.trim() !== '' && { stopLoss: { stopPrice: numberOf(form.stopLoss) } }),
      },
    }),
    idempotencyKey: key,
  };
  // The server validates what is sent: a field typed wrong reaches it as typed and is named in its answer.
  return body as unknown as SignalBody;
}

export function TicketScreen() {
  const me = useMe();
  const connections = useConnections();
  const canTrade = me.data?.workspace.role === 'owner' || me.data?.workspace.role === 'trader';
  const [form, setForm] = useState<TicketForm>(EMPTY);
  const [key, setKey] = useState(newKey);
  const [pending, setPending] = useState<'preview' | 'send' | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [preview, setPreview] = useState<SignalPreview | null>(null);
  const [sent, setSent] = useState<SubmitAnswer | null>(null);

  const list = connections.data ?? [];
  const connectionId = form.connectionId !== '' ? form.connectionId : list[0]?.id ?? '';
  const connection = list.find((c) => c.id === connectionId);
  const instruments = useApprovedInstruments(connectionId === '' ? undefined : connectionId);
  const approved = useMemo(() => (instruments.data ?? []).filter((i) => i.revokedAt === null), [instruments.data]);
  const conId = form.conId !== '' ? form.conId : approved[0] ? String(approved[0].conId) : '';
  const accounts = connection?.status?.accounts ?? [];
  const effective: TicketForm = { ...form, connectionId, conId };

  /** A change makes a new order: what was previewed or sent is for the old one, and a new key goes with it. */
  const change = <K extends keyof TicketForm>(name: K, value: TicketForm[K]) => {
    setForm((f) => ({ ...f, connectionId, conId, [name]: value, ...(name === 'connectionId' && { conId: '', account: '' }) }));
    setPreview(null);
    setError(null);
    if (sent) {
      setSent(null);
      setKey(newKey());
    }
  };

  const fieldError = (...fields: string[]): string | undefined => {
    if (!(error instanceof ApiError)) return undefined;
    for (const f of fields) {
      const message = error.forField(f);
      if (message) return message;
    }
    return undefined;
  };
  // A login with several accounts and none chosen is a decision (account_required), not a field
  // problem: its message is shown under the Account field as well.
  const accountDenial = [preview?.decision, sent?.signal.decision].find((d) => d?.code === 'account_required')?.message;
  const formError = error && !(error instanceof ApiError && FIELDS.some((f) => error.forField(f))) ? error.message : undefined;

  const run = async (what: 'preview' | 'send') => {
    if (pending) return;
    setPending(what);
    setError(null);
    try {
      const body = bodyOf(effective, key);
      if (what === 'preview') {
        setPreview(await previewSignal(body));
      } else {
        setSent(await submitSignal(body));
      }
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setPending(null);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run('preview');
  };
  const newTicket = () => {
    setForm({ ...EMPTY, connectionId, conId });
    setKey(newKey());
    setPreview(null);
    setSent(null);
    setError(null);
  };

  if (connections.isPending) return <section><h1>Order ticket</h1><p className="muted" role="status">Loading…</p></section>;
  if (connections.isError) return <section><h1>Order ticket</h1><p className="form-error" role="alert">{connections.error.message}</p></section>;
  if (list.length === 0) {
    return (
      <section>
        <h1>Order ticket</h1>
        <p>No connection yet. <Link to="/connections/new">Connect Interactive Brokers</Link> first, then approve an instrument.</p>
      </section>
    );
  }

  const needsLimit = form.orderType === 'LMT' || form.orderType === 'STP LMT';
  const needsStop = form.orderType === 'STP' || form.orderType === 'STP LMT';
  return (
    <section className="ticket">
      <h1>Order ticket</h1>
      <p className="hint">An order prepared exactly as a signal is: Preview shows the decision and IB&apos;s what-if without recording or sending anything; Send posts it as a signal.</p>
      {!canTrade && me.data ? <p className="problem" role="note">Your role ({me.data.workspace.role}) may look but not prepare orders: ask an owner for the trader role.</p> : null}
      <div className="ticket-layout">
        <form className="panel ticket-form" onSubmit={onSubmit} noValidate aria-label="Order">
          <div className="grid-2">
            <SelectField label="Connection" value={connectionId} onChange={(v) => change('connectionId', v)} error={fieldError('connectionId')}>
              {list.map((c) => <option key={c.id} value={c.id}>{connectionName(c)}</option>)}
            </SelectField>
            {accounts.length > 1 ? (
              <SelectField label="Account" value={form.account} onChange={(v) => change('account', v)} error={fieldError('account') ?? accountDenial}>
                <option value="">Choose an account</option>
                {accounts.map((a) => <option key={a} value={a}>{a}</option>)}
              </SelectField>
            ) : (
              <div className="field"><span className="label-like">Account</span><p className="fact">{accounts[0] ?? connection?.accountId ?? 'The login’s account'}</p></div>
            )}
          </div>
          {instruments.isSuccess && approved.length === 0 ? (
            <p className="problem">No approved instrument on this connection. <Link to="/instruments">Approve one</Link> first.</p>
          ) : (
            <SelectField label="Instrument" value={conId} onChange={(v) => change('conId', v)} error={fieldError('instrument.conId', 'instrument')}>
              {approved.map((i) => <option key={i.id} value={String(i.conId)}>{`${i.symbol} · ${i.secType} · ${i.exchange} · ${i.currency}${i.lastTradeDate ? ` · ${i.lastTradeDate}` : ''}`}</option>)}
            </SelectField>
          )}

          <fieldset>
            <legend>Side</legend>
            <div className="choices">
              {(['buy', 'sell'] as const).map((a) => (
                <label key={a} className="choice"><input type="radio" name="action" value={a} checked={form.action === a} onChange={() => change('action', a)} />{a === 'buy' ? 'Buy' : 'Sell'}</label>
              ))}
            </div>
          </fieldset>

          <div className="grid-2">
            <SelectField label="Size by" value={form.sizeKind} onChange={(v) => change('sizeKind', v as SizeKind)}>
              <option value="qty">Quantity</option>
              <option value="notional">Notional</option>
              <option value="percentOfEquity">Percent of equity</option>
              <option value="riskAmount">Risk amount and stop</option>
            </SelectField>
            <Field label={SIZE_LABELS[form.sizeKind]} inputMode="decimal" value={form.size} onChange={(e) => change('size', e.target.value)}
              error={fieldError(`size.${form.sizeKind}`, 'size')} />
            {form.sizeKind === 'riskAmount' ? (
              <Field label="Stop price (for sizing)" inputMode="decimal" value={form.riskStop} onChange={(e) => change('riskStop', e.target.value)} error={fieldError('size.stopPrice')} />
            ) : null}
          </div>

          <div className="grid-2">
            <SelectField label="Order type" value={form.orderType} onChange={(v) => change('orderType', v as OrderType)} error={fieldError('orderType')}>
              <option value="MKT">Market (MKT)</option>
              <option value="LMT">Limit (LMT)</option>
              <option value="STP">Stop (STP)</option>
              <option value="STP LMT">Stop limit (STP LMT)</option>
              <option value="TRAIL">Trailing stop (TRAIL)</option>
            </SelectField>
            <SelectField label="Time in force" value={form.tif} onChange={(v) => change('tif', v as TicketForm['tif'])} error={fieldError('tif')}>
              <option value="DAY">DAY</option>
              <option value="GTC">GTC</option>
              <option value="IOC">IOC</option>
            </SelectField>
            {needsLimit ? <Field label="Limit price" inputMode="decimal" value={form.limitPrice} onChange={(e) => change('limitPrice', e.target.value)} error={fieldError('limitPrice')} /> : null}
            {needsStop ? <Field label="Stop price" inputMode="decimal" value={form.stopPrice} onChange={(e) => change('stopPrice', e.target.value)} error={fieldError('stopPrice')} /> : null}
            {form.orderType === 'TRAIL' ? (
              <>
                <SelectField label="Trail by" value={form.trailBy} onChange={(v) => change('trailBy', v as TicketForm['trailBy'])}>
                  <option value="amount">Amount (price units)</option>
                  <option value="percent">Percent of the price</option>
                </SelectField>
                <Field label={form.trailBy === 'amount' ? 'Trailing amount' : 'Trailing percent'} inputMode="decimal" value={form.trail} onChange={(e) => change('trail', e.target.value)}
                  error={fieldError(form.trailBy === 'amount' ? 'trailingAmount' : 'trailingPercent')} />
              </>
            ) : null}
          </div>

          <label className="choice"><input type="checkbox" checked={form.outsideRth} onChange={(e) => change('outsideRth', e.target.checked)} />May fill outside regular trading hours</label>
          <label className="choice"><input type="checkbox" checked={form.bracket} onChange={(e) => change('bracket', e.target.checked)} />Add a bracket (take-profit and/or stop-loss)</label>
          {form.bracket ? (
            <div className="grid-2">
              <Field label="Take-profit limit price" inputMode="decimal" value={form.takeProfit} onChange={(e) => change('takeProfit', e.target.value)} error={fieldError('bracket.takeProfit.limitPrice', 'bracket')} />
              <Field label="Stop-loss stop price" inputMode="decimal" value={form.stopLoss} onChange={(e) => change('stopLoss', e.target.value)} error={fieldError('bracket.stopLoss.stopPrice')} />
            </div>
          ) : null}

          <FormError error={formError} />
          <div className="actions">
            <button type="submit" className="secondary" disabled={!canTrade || pending !== null || conId === ''}>{pending === 'preview' ? 'Previewing…' : 'Preview'}</button>
            <button type="button" disabled={!canTrade || pending !== null || conId === ''} onClick={() => void run('send')}>{pending === 'send' ? 'Sending…' : 'Send'}</button>
            {sent || preview ? <button type="button" className="secondary" onClick={newTicket}>New ticket</button> : null}
          </div>
        </form>

        <div className="ticket-results">
          <div role="status" aria-live="polite" className="visually-hidden">
            {pending ? (pending === 'preview' ? 'Previewing…' : 'Sending…') : sent ? `Signal ${sent.signal.status}` : preview ? `Preview: ${preview.decision.status === 'prepared' ? 'would prepare' : 'would be denied'}` : ''}
          </div>
          {sent ? <SentSignal answer={sent} connection={connection} /> : null}
          {preview ? <PreviewPanel preview={preview} /> : null}
        </div>
      </div>
    </section>
  );
}

function connectionName(c: Connection): string {
  return `${c.hostPort} · client ${c.clientId}${c.accountId ? ` · ${c.accountId}` : ''}`;
}

function SelectField({ label, value, onChange, error, children }: { label: string; value: string; onChange: (value: string) => void; error?: string | undefined; children: ReactNode }) {
  const id = `ticket-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>{children}</select>
      {error ? <p id={`${id}-error`} className="field-error" role="alert">{error}</p> : null}
    </div>
  );
}

const money = (n: number | undefined, currency?: string) =>
  n === undefined ? '—' : `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${currency ? ` ${currency}` : ''}`;

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function stepName(step: string): string {
  return step.startsWith('risk:') ? `Risk: ${step.slice(5).replaceAll('_', ' ')}` : step.replaceAll('_', ' ');
}

function Steps({ steps }: { steps: DecisionStep[] }) {
  return (
    <TableWrap label="Decision steps">
      <table className="table steps-table">
        <caption className="visually-hidden">Every step of the decision with its values</caption>
        <thead><tr><th scope="col">Step</th><th scope="col">Outcome</th><th scope="col">Values</th></tr></thead>
        <tbody>
          {steps.map((s, n) => (
            <tr key={`${s.step}-${n}`}>
              <th scope="row">{stepName(s.step)}</th>
              <td><span className={`badge ticket-step-${s.outcome}`}>{s.outcome === 'pass' ? 'Pass' : s.outcome === 'deny' ? 'Deny' : 'Skip'}</span>{s.code ? <span className="code"> {s.code}</span> : null}</td>
              <td className="values">
                {s.message ? <p className="step-message">{s.message}</p> : null}
                {s.values && Object.keys(s.values).length > 0 ? (
                  <dl className="kv">{Object.entries(s.values).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{valueText(v)}</dd></div>)}</dl>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function WhatIfTable({ whatIf }: { whatIf: WhatIf }) {
  const rows: Array<[string, number | undefined, number | undefined, number | undefined]> = [
    ['Initial margin', whatIf.initMarginBefore, whatIf.initMarginChange, whatIf.initMarginAfter],
    ['Maintenance margin', whatIf.maintMarginBefore, whatIf.maintMarginChange, whatIf.maintMarginAfter],
    ['Equity with loan', whatIf.equityWithLoanBefore, whatIf.equityWithLoanChange, whatIf.equityWithLoanAfter],
  ];
  const range = whatIf.minCommission !== undefined && whatIf.maxCommission !== undefined && whatIf.minCommission !== whatIf.maxCommission
    ? ` (from ${money(whatIf.minCommission)} to ${money(whatIf.maxCommission)})` : '';
  return (
    <>
      <TableWrap label="IB's what-if margin">
        <table className="table">
          <caption className="visually-hidden">IB&apos;s what-if margin</caption>
          <thead><tr><th scope="col">Margin</th><th scope="col" className="num">Before</th><th scope="col" className="num">Change</th><th scope="col" className="num">After</th></tr></thead>
          <tbody>
            {rows.map(([name, before, delta, after]) => (
              <tr key={name}><th scope="row">{name}</th><td className="num">{money(before)}</td><td className="num">{money(delta)}</td><td className="num">{money(after)}</td></tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <dl className="facts">
        <dt>Commission</dt><dd>{money(whatIf.commission, whatIf.commissionCurrency)}{range}</dd>
        {whatIf.warningText ? <><dt>IB&apos;s warning</dt><dd>{whatIf.warningText}</dd></> : null}
      </dl>
    </>
  );
}

function PreviewPanel({ preview }: { preview: SignalPreview }) {
  const prepared = preview.decision.status === 'prepared';
  const denied = preview.decision.steps.find((s) => s.outcome === 'deny');
  const o = preview.order;
  return (
    <section className="panel" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <p className="muted">Nothing was recorded or sent.</p>
      {prepared ? (
        <p className="result-ok"><strong>Would prepare</strong>{o ? `: ${o.side} ${o.quantity} ${o.instrument.symbol} ${o.orderType}${o.limitPrice !== undefined ? ` @ ${o.limitPrice}` : ''}${o.stopPrice !== undefined ? ` stop ${o.stopPrice}` : ''} · ${o.tif} · account ${o.account}` : ''}</p>
      ) : (
        <p className="result-failed"><strong>Would be denied by {denied ? stepName(denied.step) : 'the decision'}</strong> ({preview.decision.code}): {preview.decision.message}</p>
      )}
      {prepared ? <p>{preview.executionEnabled ? 'Execution is on: a sent signal goes to IB.' : 'Execution is off for this connection: a sent signal is prepared, not sent (prepare only).'}</p> : null}
      {preview.idempotencyKeyUsedBy ? <p className="hint">This ticket was already sent as signal {preview.idempotencyKeyUsedBy}: sending it again answers that signal.</p> : null}
      {preview.whatIf ? (
        <>
          <h3>IB&apos;s what-if{o?.bracket ? ' (the entry order)' : ''}</h3>
          <WhatIfTable whatIf={preview.whatIf} />
        </>
      ) : null}
      {preview.whatIfUnavailable ? <p className="problem">{preview.whatIfUnavailable}</p> : null}
      <h3>Decision steps</h3>
      <Steps steps={preview.decision.steps} />
    </section>
  );
}

function SentSignal({ answer, connection }: { answer: SubmitAnswer; connection: Connection | undefined }) {
  const signal = useSignal(answer.signal.id);
  const status = signal.data?.status ?? answer.signal.status;
  const decision = signal.data?.decision ?? answer.signal.decision;
  const orderId = signal.data?.kairoxOrderId ?? null;
  const order = useTicketOrder(orderId);
  const executionOn = connection?.trading.execution.enabled ?? false;
  return (
    <section className="panel sent" aria-labelledby="sent-heading">
      <h2 id="sent-heading">Signal sent</h2>
      <dl className="facts">
        <dt>Signal</dt><dd><Link to={`/audit/signals/${answer.signal.id}`}>{answer.signal.id}</Link>{answer.repeated ? ' (already sent: this is the first answer)' : ''}</dd>
        <dt>Status</dt><dd><span className={`badge status-${status}`}>{status.replaceAll('_', ' ')}</span></dd>
        <dt>Decision</dt><dd>{decision.code ? `${decision.code}: ` : ''}{decision.message}</dd>
        {orderId ? <><dt>Order</dt><dd><Link to={`/orders/${orderId}`}>{orderId}</Link></dd></> : null}
        {order.data ? (
          <>
            <dt>Order state</dt>
            <dd>
              <span className={`badge status-${order.data.state}`}>{order.data.state.replaceAll('_', ' ')}</span>
              {` ${order.data.filledQuantity} of ${order.data.quantity} filled`}
              {order.data.avgFillPrice !== null ? ` at ${order.data.avgFillPrice}` : ''}
              {order.data.commission !== null ? ` · commission ${order.data.commission}` : ''}
            </dd>
            {order.data.lastError ? <><dt>IB&apos;s message</dt><dd>{order.data.lastError.code}: {order.data.lastError.message}</dd></> : null}
          </>
        ) : null}
      </dl>
      {status !== 'denied' && !executionOn ? <p className="problem">Execution is off for this connection: prepared only, nothing is sent to IB until it is switched on.</p> : null}
    </section>
  );
}
