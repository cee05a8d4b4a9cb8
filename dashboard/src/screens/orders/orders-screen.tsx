// The blotter: the workspace's Kairox orders, newest first, refreshed by every order event of the
// live stream (no reload), filtered by state and connection on the server; below it, what each
// ready connection's IB holds that Kairox did not place (another client id, TWS) — shown as
// foreign: Kairox never cancels or changes those.
import { useState } from 'react';
import { Link } from 'react-router';
import { useConnections, type Connection } from '../../api/connections.ts';
import { money, ORDER_STATES, stateText, useIbOrders, useOrders, type OrderFilters, type OrderState } from '../../api/orders.ts';
import { Loaded } from '../../ui/async.tsx';
import { TableWrap } from '../../ui/table-wrap.tsx';
import './orders.css';

export function connectionLabel(connections: readonly Connection[] | undefined, id: string): string {
  const c = connections?.find((x) => x.id === id);
  return c ? `${c.hostPort} · client ${c.clientId}` : id;
}

export function OrdersScreen() {
  const connections = useConnections();
  const [state, setState] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const filters: OrderFilters = { ...(state && { state: state as OrderState }), ...(connectionId && { connectionId }) };
  const orders = useOrders(filters);
  const ready = (connections.data ?? []).filter((c) => c.status?.state === 'ready' && (!connectionId || c.id === connectionId));

  return (
    <section aria-labelledby="orders-title" className="orders-screen">
      <h1 id="orders-title">Orders</h1>
      <p className="muted">Every order Kairox placed, newest first, updated live as IB reports it.</p>
      <form className="filters" role="search" aria-label="Filter orders" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="orders-state">State</label>
          <select id="orders-state" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">Any state</option>
            {ORDER_STATES.map((s) => <option key={s} value={s}>{stateText(s)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="orders-connection">Connection</label>
          <select id="orders-connection" value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
            <option value="">Every connection</option>
            {(connections.data ?? []).map((c) => <option key={c.id} value={c.id}>{connectionLabel(connections.data, c.id)}</option>)}
          </select>
        </div>
      </form>
      <Loaded query={orders}>
        {(list) => (
          <>
            <p role="status" aria-live="polite" className="muted">{list.length === 0 ? 'No orders match.' : `${list.length} order${list.length === 1 ? '' : 's'}${list.length === 200 ? ' (the newest 200)' : ''}.`}</p>
            {list.length > 0 ? (
              <TableWrap label="Kairox orders">
                <table aria-label="Kairox orders">
                  <thead>
                    <tr>
                      <th scope="col">Time</th><th scope="col">Symbol</th><th scope="col">Side</th><th scope="col" className="num">Quantity</th>
                      <th scope="col" className="num">Filled</th><th scope="col" className="num">Avg price</th><th scope="col" className="num">Commission</th>
                      <th scope="col">State</th><th scope="col">Connection</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((o) => (
                      <tr key={o.id}>
                        <td>{new Date(o.createdAt).toLocaleTimeString()}</td>
                        <th scope="row"><Link to={`/orders/${o.id}`}>{o.symbol}</Link>{o.bracketRole && o.bracketRole !== 'parent' ? <span className="muted block">{stateText(o.bracketRole)}</span> : null}</th>
                        <td>{o.side} {o.orderType}</td>
                        <td className="num">{o.quantity}</td>
                        <td className="num">{o.filledQuantity}</td>
                        <td className="num">{money(o.avgFillPrice)}</td>
                        <td className="num">{money(o.commission)}</td>
                        <td><span className={`order-state order-${o.state}`}>{stateText(o.state)}</span></td>
                        <td>{connectionLabel(connections.data, o.connectionId)}<span className="muted block">{o.account}</span></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            ) : null}
          </>
        )}
      </Loaded>
      {ready.map((c) => <ForeignOrders key={c.id} connection={c} all={connections.data ?? []} />)}
    </section>
  );
}

function ForeignOrders({ connection, all }: { connection: Connection; all: readonly Connection[] }) {
  const atIb = useIbOrders(connection.id, true);
  const foreign = (atIb.data ?? []).filter((o) => !o.kairox);
  const title = `Open at IB, not placed by Kairox · ${connectionLabel(all, connection.id)}`;
  return (
    <div className="panel foreign">
      <h2>{title}</h2>
      <Loaded query={atIb}>
        {() => foreign.length === 0 ? <p className="muted">None: every open order at IB on this login is Kairox's.</p> : (
          <TableWrap label={title}>
            <table aria-label={title}>
              <thead>
                <tr><th scope="col">Origin</th><th scope="col">Symbol</th><th scope="col">Side</th><th scope="col" className="num">Quantity</th><th scope="col" className="num">Filled</th><th scope="col">Type</th><th scope="col">IB status</th><th scope="col">Account</th></tr>
              </thead>
              <tbody>
                {foreign.map((o) => (
                  <tr key={`${o.clientId ?? 'x'}-${o.orderId}-${o.permId ?? ''}`}>
                    <td><span className="badge foreign-badge">Foreign</span> <span className="muted">client {o.clientId ?? '?'} · #{o.orderId}</span></td>
                    <th scope="row">{o.symbol ?? '—'} {o.secType ?? ''}</th>
                    <td>{o.action ?? '—'}</td><td className="num">{o.quantity ?? '—'}</td><td className="num">{o.filled ?? 0}</td>
                    <td>{o.orderType ?? '—'}{o.limitPrice !== null ? ` ${o.limitPrice}` : ''}</td><td>{o.status ?? '—'}</td><td>{o.account ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Loaded>
    </div>
  );
}
