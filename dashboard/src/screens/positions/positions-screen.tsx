// Positions and P&L per connection and account, as IB reports them (GET /api/positions, refreshed
// by the live position and pnl events), each position marked Kairox's or not opened by Kairox; and
// per connection a chart of the day's P&L from the live samples received since the page opened.
import { useEffect, useRef, useState } from 'react';
import { useConnections } from '../../api/connections.ts';
import { onPnl } from '../../api/live-events.ts';
import { money } from '../../api/orders.ts';
import { usePositions, type AccountPositions, type ConnectionPositions } from '../../api/positions.ts';
import { Loaded } from '../../ui/async.tsx';
import { TableWrap } from '../../ui/table-wrap.tsx';
import { connectionLabel } from '../orders/orders-screen.tsx';
import { PnlChart, type PnlPoint } from './pnl-chart.tsx';
import './positions.css';

type Series = Record<string, PnlPoint[]>;

/** Per connection, the day's P&L (its accounts' daily summed) each time a sample arrived. */
function useDailyPnlSeries(snapshot: readonly ConnectionPositions[] | undefined): Series {
  const latest = useRef(new Map<string, Map<string, number>>());
  const [series, setSeries] = useState<Series>({});
  const record = (connectionId: string, account: string, daily: number | null, at: number) => {
    if (daily === null) return;
    const accounts = latest.current.get(connectionId) ?? new Map<string, number>();
    accounts.set(account, daily);
    latest.current.set(connectionId, accounts);
    const total = [...accounts.values()].reduce((a, b) => a + b, 0);
    setSeries((s) => ({ ...s, [connectionId]: [...(s[connectionId] ?? []), { at, value: total }] }));
  };
  const seeded = useRef(false);
  useEffect(() => {
    if (!snapshot || seeded.current) return;
    seeded.current = true;
    const at = Date.now();
    for (const c of snapshot) for (const a of c.accounts) record(c.connectionId, a.account, a.pnl?.daily ?? null, at);
  }, [snapshot]);
  useEffect(() => onPnl((sample) => record(sample.connectionId, sample.account, sample.totals.daily, sample.at)), []);
  return series;
}

export function PositionsScreen() {
  const positions = usePositions();
  const connections = useConnections();
  const series = useDailyPnlSeries(positions.data);
  const [openedAt] = useState(() => new Date());
  return (
    <section aria-labelledby="positions-title" className="positions-screen">
      <h1 id="positions-title">Positions and P&amp;L</h1>
      <p className="muted">What IB holds on each connection's accounts, updated live. A position marked "Not opened by Kairox" is in a contract no Kairox order of that connection filled in that account (someone else bought it: TWS, another program).</p>
      <Loaded query={positions}>
        {(list) => list.length === 0 ? <p>No connection yet.</p> : (
          <>
            {list.map((c) => {
              const name = connectionLabel(connections.data, c.connectionId);
              return (
                <div key={c.connectionId} className="panel" role="region" aria-label={`Connection ${name}`}>
                  <h2>{name}</h2>
                  {!c.available ? <p className="form-error">{c.reason ?? 'IB cannot be asked now.'}</p> : null}
                  {c.accounts.map((a) => <AccountView key={a.account} connectionName={name} account={a} />)}
                  {c.available ? (
                    <figure className="pnl-figure">
                      <PnlChart label={`Day's P&L of ${name}`} points={series[c.connectionId] ?? []} />
                      <figcaption className="hint">
                        Day's P&amp;L (accounts' daily P&amp;L summed), from the live samples received since this page opened at {openedAt.toLocaleTimeString()}: Kairox keeps no P&amp;L history of the day.
                        {' '}{(series[c.connectionId]?.length ?? 0)} sample{series[c.connectionId]?.length === 1 ? '' : 's'}.
                        {' '}Chart by <a href="https://www.tradingview.com/" rel="noreferrer">TradingView</a> Lightweight Charts.
                      </figcaption>
                    </figure>
                  ) : null}
                </div>
              );
            })}
          </>
        )}
      </Loaded>
    </section>
  );
}

function AccountView({ connectionName, account: a }: { connectionName: string; account: AccountPositions }) {
  const label = `Positions of ${a.account} on ${connectionName}`;
  return (
    <div className="account">
      <h3>Account {a.account}</h3>
      {a.pnl ? (
        <dl className="facts pnl" aria-label={`P&L of ${a.account}`}>
          <dt>Daily</dt><dd className={tone(a.pnl.daily)}>{money(a.pnl.daily)}</dd>
          <dt>Unrealized</dt><dd className={tone(a.pnl.unrealized)}>{money(a.pnl.unrealized)}</dd>
          <dt>Realized</dt><dd className={tone(a.pnl.realized)}>{money(a.pnl.realized)}</dd>
        </dl>
      ) : <p className="muted">{a.pnlUnavailable ?? 'No P&L from IB yet.'}</p>}
      {a.positions.length === 0 ? <p className="muted">No position.</p> : (
        <TableWrap label={label}>
          <table aria-label={label}>
            <thead><tr><th scope="col">Contract</th><th scope="col" className="num">Position</th><th scope="col" className="num">Avg cost</th><th scope="col">Currency</th><th scope="col">Origin</th></tr></thead>
            <tbody>
              {a.positions.map((p) => (
                <tr key={`${p.conId ?? p.symbol}`}>
                  <th scope="row">{p.symbol ?? '—'} {p.secType ?? ''}<span className="muted block">conId {p.conId ?? '—'}</span></th>
                  <td className="num">{p.quantity}</td><td className="num">{money(p.avgCost)}</td><td>{p.currency ?? '—'}</td>
                  <td>{p.kairox ? 'Kairox' : <span className="badge foreign-badge">Not opened by Kairox</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}

const tone = (v: number | null): string => (v === null || v === 0 ? '' : v > 0 ? 'gain' : 'loss');
