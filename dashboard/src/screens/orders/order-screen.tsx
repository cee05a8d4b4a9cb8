// One order: its state and IB's ids, fills (execId, shares, price, commission), a bracket parent's
// children, and every step the journal recorded, refreshed live by the order events; a working
// order can be cancelled or modified here (the server re-checks a modification with the risk gate
// and answers its reasons).
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useConnections } from '../../api/connections.ts';
import { modifyOrder, money, stateText, useCancelOrder, useOrder, WORKING, type Modification, type OrderDetail } from '../../api/orders.ts';
import { useMe } from '../../api/session.ts';
import { useQueryClient } from '@tanstack/react-query';
import { Loaded } from '../../ui/async.tsx';
import { TableWrap } from '../../ui/table-wrap.tsx';
import { Field, FormError } from '../../ui/field.tsx';
import { useFormSubmit } from '../../ui/use-form-submit.ts';
import { connectionLabel } from './orders-screen.tsx';
import './orders.css';

export function OrderScreen() {
  const { id = '' } = useParams();
  const order = useOrder(id);
  return (
    <section aria-labelledby="order-title" className="orders-screen">
      <p><Link to="/orders">← Orders</Link></p>
      {order.isError ? <h1 id="order-title">Order</h1> : null}
      <Loaded query={order}>{(o) => <OrderView order={o} />}</Loaded>
    </section>
  );
}

function OrderView({ order: o }: { order: OrderDetail }) {
  const connections = useConnections();
  const me = useMe();
  const canTrade = me.data?.workspace.role !== 'viewer';
  const working = WORKING.has(o.state);
  return (
    <>
      <h1 id="order-title">{o.side} {o.quantity} {o.symbol} {o.orderType}</h1>
      <p role="status" aria-live="polite" className="order-status">
        The order is <span className={`order-state order-${o.state}`}>{stateText(o.state)}</span>: {o.filledQuantity} of {o.quantity} filled
        {o.avgFillPrice !== null ? ` at ${money(o.avgFillPrice)}` : ''}{o.commission !== null ? `, commission ${money(o.commission)}` : ''}.
      </p>
      {o.lastError ? <p className="form-error">IB said (code {o.lastError.code}): {o.lastError.message}</p> : null}
      <div className="grid-2">
        <div className="panel">
          <h2>Order</h2>
          <dl className="facts">
            <dt>Kairox id</dt><dd>{o.id}</dd>
            <dt>Signal</dt><dd><Link to={`/audit/signals/${o.signalId}`}>{o.signalId}</Link></dd>
            <dt>Connection</dt><dd>{connectionLabel(connections.data, o.connectionId)}</dd>
            <dt>Account</dt><dd>{o.account}</dd>
            <dt>Contract</dt><dd>{o.symbol} (conId {o.conId})</dd>
            {o.intent.limitPrice !== undefined ? <><dt>Limit price</dt><dd>{o.intent.limitPrice}</dd></> : null}
            {o.intent.stopPrice !== undefined ? <><dt>Stop price</dt><dd>{o.intent.stopPrice}</dd></> : null}
            <dt>IB order</dt><dd>{o.ib.orderId ?? '—'} (client {o.ib.clientId ?? '—'}, permId {o.ib.permId ?? '—'}, status {o.ib.status ?? '—'})</dd>
            {o.parentOrderId ? <><dt>Bracket parent</dt><dd><Link to={`/orders/${o.parentOrderId}`}>{o.parentOrderId}</Link> ({stateText(o.bracketRole ?? '')})</dd></> : null}
            <dt>Created</dt><dd>{new Date(o.createdAt).toLocaleString()}</dd>
            <dt>Expires unsent</dt><dd>{new Date(o.expiresAt).toLocaleString()}</dd>
          </dl>
        </div>
        {working && canTrade ? <OrderActions order={o} /> : null}
      </div>

      <h2>Fills</h2>
      {o.fills.length === 0 ? <p className="muted">No fill yet.</p> : <FillsTable label="Fills of the order" fills={o.fills} />}

      {o.children.length > 0 ? (
        <>
          <h2>Bracket children</h2>
          <TableWrap label="Bracket children">
            <table aria-label="Bracket children">
              <thead><tr><th scope="col">Role</th><th scope="col">Order</th><th scope="col" className="num">Filled</th><th scope="col" className="num">Avg price</th><th scope="col" className="num">Commission</th><th scope="col">State</th></tr></thead>
              <tbody>
                {o.children.map((c) => (
                  <tr key={c.id}>
                    <th scope="row"><Link to={`/orders/${c.id}`}>{stateText(c.bracketRole ?? 'child')}</Link></th>
                    <td>{c.side} {c.quantity} {c.orderType}</td><td className="num">{c.filledQuantity}</td><td className="num">{money(c.avgFillPrice)}</td>
                    <td className="num">{money(c.commission)}</td><td><span className={`order-state order-${c.state}`}>{stateText(c.state)}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}

      <h2>Steps</h2>
      <ol className="steps-list" aria-label="Steps of the order">
        {o.steps.map((s, i) => (
          <li key={i}>
            <strong>{s.event ? stateText(s.event) : stateText(s.kind)}</strong>{s.from && s.to ? ` ${stateText(s.from)} → ${stateText(s.to)}` : ''}
            <span className="muted"> · {new Date(s.at).toLocaleTimeString()}</span>
            {Object.keys(s.detail).length > 0 ? <pre>{JSON.stringify(s.detail, null, 1)}</pre> : null}
          </li>
        ))}
      </ol>
    </>
  );
}

function FillsTable({ label, fills }: { label: string; fills: OrderDetail['fills'] }) {
  return (
    <TableWrap label={label}>
      <table aria-label={label}>
        <thead><tr><th scope="col">execId</th><th scope="col">Side</th><th scope="col" className="num">Shares</th><th scope="col" className="num">Price</th><th scope="col" className="num">Commission</th><th scope="col" className="num">Realized P&amp;L</th><th scope="col">Time</th></tr></thead>
        <tbody>
          {fills.map((f) => (
            <tr key={f.execId}>
              <th scope="row">{f.execId}</th><td>{f.side ?? '—'}</td><td className="num">{f.shares}</td><td className="num">{money(f.price)}</td>
              <td className="num">{f.commission === null ? 'not reported yet' : `${money(f.commission)} ${f.commissionCurrency ?? ''}`}</td>
              <td className="num">{money(f.realizedPnl)}</td><td>{f.time ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

const MODIFY_FIELDS = ['quantity', 'limitPrice', 'stopPrice'] as const;

function OrderActions({ order: o }: { order: OrderDetail }) {
  const client = useQueryClient();
  const cancel = useCancelOrder(o.id);
  const modify = useFormSubmit();
  const [done, setDone] = useState('');
  const hasLimit = o.orderType === 'LMT' || o.orderType === 'STP LMT';
  const hasStop = o.orderType === 'STP' || o.orderType === 'STP LMT';
  const [form, setForm] = useState({ quantity: String(o.quantity), limitPrice: String(o.intent.limitPrice ?? ''), stopPrice: String(o.intent.stopPrice ?? '') });
  const onModify = (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    void modify.submit(async () => {
      const body: Modification = {};
      if (Number(form.quantity) !== o.quantity) body.quantity = Number(form.quantity);
      if (hasLimit && form.limitPrice !== String(o.intent.limitPrice ?? '')) body.limitPrice = Number(form.limitPrice);
      if (hasStop && form.stopPrice !== String(o.intent.stopPrice ?? '')) body.stopPrice = Number(form.stopPrice);
      const answer = await modifyOrder(o.id, body);
      client.setQueryData(['order', o.id], answer);
      void client.invalidateQueries({ queryKey: ['orders'] });
      setDone('The modification was sent to IB; its answer follows in the steps.');
    });
  };
  return (
    <div className="panel">
      <h2>Working order</h2>
      <form onSubmit={onModify} noValidate className="modify-form" aria-label="Modify the order">
        <Field label="Quantity" inputMode="decimal" value={form.quantity} onChange={(e) => setForm({ ...form, quantity: e.target.value })} error={modify.fieldError('quantity')} />
        {hasLimit ? <Field label="Limit price" inputMode="decimal" value={form.limitPrice} onChange={(e) => setForm({ ...form, limitPrice: e.target.value })} error={modify.fieldError('limitPrice')} /> : null}
        {hasStop ? <Field label="Stop price" inputMode="decimal" value={form.stopPrice} onChange={(e) => setForm({ ...form, stopPrice: e.target.value })} error={modify.fieldError('stopPrice')} /> : null}
        <FormError error={modify.formError(MODIFY_FIELDS)} />
        <button type="submit" disabled={modify.pending}>Modify</button>
      </form>
      {done ? <p className="hint">{done}</p> : null}
      <div className="actions">
        <button type="button" className="danger" disabled={cancel.isPending} onClick={() => cancel.mutate()}>Cancel order</button>
      </div>
      {cancel.error ? <p className="form-error" role="alert">{cancel.error.message}</p> : null}
    </div>
  );
}
