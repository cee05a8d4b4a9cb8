// One signal's timeline, from its receipt to the order's last fill: the signal as sent and as
// read, its decision with every step and each risk rule's outcome and values, the order it became
// with every step Kairox journaled, IB's messages verbatim (code and text as IB sent them) and the
// fills. Live: the events stream refreshes the signal and its order while the order is working.
import { Link, useParams } from 'react-router';
import { ibMessagesOf, SETTLED_ORDER_STATES, useOrder, useSignal, type DecisionStep, type OrderDetail, type OrderStep, type SignalView } from '../../api/audit.ts';
import { Loaded } from '../../ui/async.tsx';
import { formatTime } from '../team/format.ts';
import './audit.css';

export function SignalTimelineScreen() {
  const { id = '' } = useParams();
  const signal = useSignal(id);
  return (
    <section className="signal-timeline">
      <h1>Signal timeline</h1>
      <p><Link to="/audit">← Audit trail</Link></p>
      <Loaded query={signal}>{(s) => <Timeline signal={s} />}</Loaded>
    </section>
  );
}

function describeSignal(s: SignalView): string {
  const sig = s.signal;
  if (!sig) return 'not readable';
  const size = sig.size ? Object.entries(sig.size).map(([k, v]) => `${k} ${String(v)}`).join(', ') : '';
  return [sig.action, size, sig.instrument.symbol ?? `conId ${sig.instrument.conId ?? '?'}`, sig.orderType].filter(Boolean).join(' ');
}

function Timeline({ signal }: { signal: SignalView }) {
  const order = useOrder(signal.kairoxOrderId);
  const decision = signal.decision;
  const denied = decision?.status === 'denied';
  return (
    <>
      <section className="panel" aria-labelledby="signal-heading">
        <h2 id="signal-heading">Signal <code>{signal.id}</code></h2>
        <dl className="facts">
          <dt>What</dt><dd>{describeSignal(signal)}</dd>
          <dt>Received</dt><dd>{formatTime(signal.receivedAt)}</dd>
          <dt>From</dt><dd>{signal.source}{signal.webhookId ? ` (webhook ${signal.webhookId})` : ''}</dd>
          <dt>Connection</dt><dd><Link to={`/connections/${signal.connectionId}`}>{signal.connectionId}</Link></dd>
          <dt>Status</dt><dd>{signal.status}</dd>
          {signal.idempotencyKey ? <><dt>Idempotency key</dt><dd>{signal.idempotencyKey}</dd></> : null}
        </dl>
      </section>
      {denied ? (
        <section className="denial" aria-labelledby="denial-heading">
          <h2 id="denial-heading">Denied: {decision.code}</h2>
          <p>{decision.message}</p>
          {decision.steps.filter((s) => s.outcome === 'deny').length > 1 ? (
            <p className="muted">Also refused: {decision.steps.filter((s) => s.outcome === 'deny' && s.code !== decision.code).map((s) => s.code ?? s.step).join(', ')}</p>
          ) : null}
        </section>
      ) : null}
      {order.data ? <OrderStatus order={order.data} /> : null}
      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">From receipt to the last fill</h2>
        <ol className="timeline">
          <li>
            <span className="when">{formatTime(signal.receivedAt)}</span>
            <h3>Received from {signal.source}</h3>
            <details className="audit-data">
              <summary>As sent</summary>
              <pre>{JSON.stringify(signal.payload, null, 2)}</pre>
            </details>
          </li>
          {decision ? (
            <li className={denied ? 'denied' : undefined}>
              <span className="when">{signal.decidedAt ? formatTime(signal.decidedAt) : ''}</span>
              <h3>Decided: {decision.status}{decision.code ? ` (${decision.code})` : ''}</h3>
              <p>{decision.message}</p>
              <DecisionTable steps={decision.steps} />
            </li>
          ) : <li><h3>Not decided yet</h3></li>}
          {order.data ? <OrderEntries order={order.data} /> : null}
          {order.isError ? <li><p className="form-error" role="alert">{order.error.message}</p></li> : null}
        </ol>
      </section>
      {order.data ? <Fills order={order.data} /> : null}
    </>
  );
}

/** actual / limit / unit first (a risk rule's value against its limit), then the rest. */
function formatValues(values: Record<string, unknown>): string {
  const unit = typeof values.unit === 'string' ? ` ${values.unit}` : '';
  const shown = (v: unknown) => (v === null ? 'none' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const parts: string[] = [];
  if ('actual' in values) parts.push(`value ${shown(values.actual)}${values.actual === null ? '' : unit}`);
  if ('limit' in values) parts.push(`limit ${shown(values.limit)}${values.limit === null ? '' : unit}`);
  for (const [key, value] of Object.entries(values)) {
    if (key === 'actual' || key === 'limit' || key === 'unit') continue;
    parts.push(`${key} ${shown(value)}`);
  }
  return parts.join(' · ');
}

function ruleName(step: string): string {
  return step.startsWith('risk:') ? step.slice(5) : step;
}

function DecisionTable({ steps }: { steps: DecisionStep[] }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Decision steps (scrolls sideways)">
      <table className="decision">
        <caption className="visually-hidden">Decision steps and risk rules</caption>
        <thead><tr><th scope="col">Step or rule</th><th scope="col">Outcome</th><th scope="col">Values</th><th scope="col">Why</th></tr></thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.step}>
              <th scope="row">{s.step.startsWith('risk:') ? <><span className="muted">risk </span>{ruleName(s.step)}</> : s.step}</th>
              <td><span className={`outcome outcome-${s.outcome}`}>{s.outcome}</span>{s.code ? <> <code>{s.code}</code></> : null}</td>
              <td>{formatValues(s.values ?? {})}</td>
              <td>{s.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OrderStatus({ order }: { order: OrderDetail }) {
  const settled = SETTLED_ORDER_STATES.includes(order.state);
  return (
    <section className="panel" aria-labelledby="order-heading">
      <h2 id="order-heading">Order <Link to={`/orders/${order.id}`}>{order.id}</Link></h2>
      <p role="status" aria-live="polite">
        The order is <span className="order-state">{order.state}</span>: {order.filledQuantity} of {order.quantity} filled
        {order.avgFillPrice !== null ? ` at ${order.avgFillPrice.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')} on average` : ''}
        {settled ? '.' : ' (updating live).'}
      </p>
      <dl className="facts">
        <dt>Order</dt><dd>{order.side} {order.quantity} {order.symbol} {order.orderType}</dd>
        <dt>Account</dt><dd>{order.account}</dd>
        <dt>IB</dt><dd>order id {order.ib.orderId ?? '—'}, perm id {order.ib.permId ?? '—'}, client {order.ib.clientId ?? '—'}, status {order.ib.status ?? '—'}</dd>
        <dt>Commission</dt><dd>{order.commission ?? '—'}</dd>
        {order.lastError ? <><dt>IB’s last error</dt><dd>{order.lastError.code}: <span className="ib-text">{order.lastError.message}</span></dd></> : null}
        {order.children.length > 0 ? <><dt>Bracket</dt><dd>{order.children.map((c) => <span key={c.id}><Link to={`/orders/${c.id}`}>{c.bracketRole ?? 'child'}</Link> {c.state}, {c.filledQuantity} of {c.quantity} filled. </span>)}</dd></> : null}
      </dl>
    </section>
  );
}

function stepTitle(step: OrderStep): string {
  if (step.kind === 'transition') return `${step.event ?? 'change'}: ${step.from ?? 'new'} → ${step.to ?? '?'}`;
  if (step.kind === 'ib_status') return `IB status ${String(step.detail.ibStatus ?? '')}`;
  if (step.kind === 'commission') return `Commission ${String(step.detail.commission ?? '')} ${String(step.detail.currency ?? '')}`;
  return step.kind.replace(/_/g, ' ');
}

function OrderEntries({ order }: { order: OrderDetail }) {
  const ib = new Set(ibMessagesOf(order.steps).map((m) => m.step));
  return (
    <>
      {order.steps.map((step, i) => {
        const isFill = typeof step.detail.execId === 'string' && typeof step.detail.shares === 'number';
        const fromIb = ib.has(step);
        return (
          <li key={i} className={fromIb ? 'ib' : isFill ? 'fill' : undefined}>
            <span className="when">{formatTime(step.at)}</span>
            <h3>{stepTitle(step)}</h3>
            {fromIb ? (
              <div className="ib-message">
                <p>IB’s message, code <strong>{String(step.detail.code)}</strong>:</p>
                <blockquote><pre className="ib-text">{String(step.detail.message)}</pre></blockquote>
              </div>
            ) : isFill ? (
              <p>Filled {String(step.detail.shares)} at {String(step.detail.price)} ({String(step.detail.filled ?? '')} of {String(step.detail.of ?? order.quantity)}), execution {String(step.detail.execId)}</p>
            ) : Object.keys(step.detail).length > 0 ? <p className="muted">{formatValues(step.detail)}</p> : null}
          </li>
        );
      })}
    </>
  );
}

function Fills({ order }: { order: OrderDetail }) {
  const fills = [...order.fills, ...order.children.flatMap((c) => c.fills)];
  return (
    <section className="panel" aria-labelledby="fills-heading">
      <h2 id="fills-heading">Fills</h2>
      {fills.length === 0 ? <p className="muted">No fills yet.</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Fills of the order</caption>
            <thead><tr><th scope="col">Execution</th><th scope="col">IB time</th><th scope="col">Side</th><th scope="col" className="num">Shares</th><th scope="col" className="num">Price</th><th scope="col" className="num">Commission</th></tr></thead>
            <tbody>
              {fills.map((f) => (
                <tr key={f.execId}>
                  <td><code>{f.execId}</code></td>
                  <td>{f.time ?? '—'}</td>
                  <td>{f.side}</td>
                  <td className="num">{f.shares}</td>
                  <td className="num">{f.price}</td>
                  <td className="num">{f.commission === null ? '—' : `${f.commission} ${f.commissionCurrency ?? ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
