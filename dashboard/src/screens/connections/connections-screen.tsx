// The workspace's broker connections: each with its session state and since when, PAPER or LIVE,
// host:port, client id and account; and the way to connect another broker.
import { Link } from 'react-router';
import { useConnections } from '../../api/connections.ts';
import { useMe } from '../../api/session.ts';
import { Loaded } from '../../ui/async.tsx';
import { ModeBadge, StateText } from './parts.tsx';
import './connections.css';

export function ConnectionsScreen() {
  const connections = useConnections();
  const me = useMe();
  const mayConnect = me.data?.workspace.role !== 'viewer';
  return (
    <section>
      <div className="page-head">
        <h1>Connections</h1>
        {mayConnect ? <Link to="/connections/new" className="button-link">Connect a broker</Link> : null}
      </div>
      <Loaded query={connections}>
        {(list) => list.length === 0 ? (
          <div className="panel">
            <p>No broker is connected yet.{mayConnect ? ' Connect Interactive Brokers (TWS or IB Gateway) to start.' : ' A trader or owner of this workspace connects one.'}</p>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="stack-on-phone">
              <caption className="visually-hidden">Broker connections of this workspace</caption>
              <thead>
                <tr><th scope="col">Connection</th><th scope="col">State</th><th scope="col">Mode</th><th scope="col">Client ID</th><th scope="col">Account</th></tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id}>
                    <td data-label="Connection"><Link to={`/connections/${c.id}`}>{c.hostPort}</Link>{c.enabled ? null : <span className="muted"> (disabled)</span>}</td>
                    <td data-label="State"><StateText status={c.status} /></td>
                    <td data-label="Mode"><ModeBadge connection={c} /></td>
                    <td data-label="Client ID" className="num">{c.clientId}</td>
                    <td data-label="Account">{c.accountId ?? c.status?.account ?? <span className="muted">the login’s only account</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </section>
  );
}
