// The workspace's audit trail: every event newest first, by signal, connection and time, a page
// at a time, refreshed live from the events stream; the hash chain's verification (verified, or
// where it breaks); the export of the matching trail as JSONL or CSV; the recent signals, each
// linked to its timeline.
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { AUDIT_EXPORT_FORMATS, connectionLabel, exportHref, useAuditTrail, useChainVerdict, useConnectionChoices, useSignals, type AuditEvent, type AuditFilters, type ChainVerdict } from '../../api/audit.ts';
import { ApiError } from '../../api/client.ts';
import { Loaded } from '../../ui/async.tsx';
import { Field, FormError } from '../../ui/field.tsx';
import { formatTime } from '../team/format.ts';
import './audit.css';

export function AuditScreen() {
  const [filters, setFilters] = useState<AuditFilters>({});
  return (
    <section className="audit">
      <h1>Audit trail</h1>
      <Verification />
      <Filters applied={filters} onApply={setFilters} />
      <Trail filters={filters} />
      <Signals />
    </section>
  );
}

const CHAIN_BREAKS: Readonly<Record<string, string>> = {
  prev_hash_mismatch: 'its link to the event before does not match',
  hash_mismatch: 'its content does not match its hash (it was changed)',
  head_mismatch: 'events are missing at the end of the trail',
  sequence_gap: 'an event is missing before it',
};

function Verification() {
  const verdict = useChainVerdict();
  return (
    <section className="panel" aria-labelledby="chain-heading">
      <h2 id="chain-heading">Chain verification</h2>
      <div role="status" aria-live="polite">
        <Loaded query={verdict}>{(v: ChainVerdict) => v.ok
          ? <p className="verdict ok">Verified: all {v.checked} events are linked by their hashes. Head hash <code>{v.headHash}</code></p>
          : <p className="verdict broken">Broken at event #{v.brokenAt.seq}{v.brokenAt.eventId ? ` (${v.brokenAt.eventId})` : ''}: {CHAIN_BREAKS[v.brokenAt.reason] ?? v.brokenAt.reason}. {v.checked} events before it verified.</p>}
        </Loaded>
      </div>
      <p className="hint">Each event’s hash covers the event and the one before it: a changed, removed or inserted event breaks the chain from there on.</p>
    </section>
  );
}

/** datetime-local (the browser's zone) → ISO with its zone, as the server wants it. */
function isoOf(local: string): string | undefined {
  if (local === '') return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

function Filters({ applied, onApply }: { applied: AuditFilters; onApply: (f: AuditFilters) => void }) {
  const connections = useConnectionChoices();
  const [signalId, setSignalId] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const connectionField = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: AuditFilters = {};
    if (signalId.trim()) next.signalId = signalId.trim();
    if (connectionId) next.connectionId = connectionId;
    const s = isoOf(since);
    const u = isoOf(until);
    if (s) next.since = s;
    if (u) next.until = u;
    onApply(next);
  };
  return (
    <section className="panel" aria-labelledby="filter-heading">
      <h2 id="filter-heading">Filter and export</h2>
      <form onSubmit={onSubmit} className="filters" noValidate>
        <Field label="Signal id" value={signalId} onChange={(e) => setSignalId(e.target.value)} placeholder="sig_…" />
        <div className="field">
          <label htmlFor={connectionField}>Connection</label>
          <select id={connectionField} value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
            <option value="">All connections</option>
            {(connections.data ?? []).map((c) => <option key={c.id} value={c.id}>{connectionLabel(c)}</option>)}
          </select>
        </div>
        <Field label="Since" type="datetime-local" step={1} value={since} onChange={(e) => setSince(e.target.value)} />
        <Field label="Until" type="datetime-local" step={1} value={until} onChange={(e) => setUntil(e.target.value)} />
        <div className="actions">
          <button type="submit">Apply filters</button>
          <button type="button" className="secondary" onClick={() => { setSignalId(''); setConnectionId(''); setSince(''); setUntil(''); onApply({}); }}>Clear</button>
        </div>
      </form>
      <div className="actions">
        <span>Export {Object.keys(applied).length > 0 ? 'the filtered trail' : 'the whole trail'}, oldest first:</span>
        {AUDIT_EXPORT_FORMATS.map((format) => <a key={format} className="button-link" href={exportHref(applied, format)} download>Download {format.toUpperCase()}</a>)}
      </div>
      <p className="hint">An unfiltered export carries every event’s hashes, so it can be verified offline.</p>
    </section>
  );
}

function Trail({ filters }: { filters: AuditFilters }) {
  const trail = useAuditTrail(filters);
  const events = trail.data?.pages.flatMap((p) => p.events) ?? [];
  const problem = trail.error instanceof ApiError ? trail.error.problems.map((p) => p.message).join(' ') || trail.error.message : trail.error?.message;
  return (
    <section className="panel" aria-labelledby="trail-heading">
      <h2 id="trail-heading">Events</h2>
      <FormError error={problem} />
      {trail.isPending ? <p className="muted" role="status">Loading…</p> : events.length === 0 ? <p className="muted">No events match.</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Audit events, newest first</caption>
            <thead><tr><th scope="col" className="num">#</th><th scope="col">Time</th><th scope="col">Action</th><th scope="col">By</th><th scope="col">About</th><th scope="col">Details</th></tr></thead>
            <tbody aria-live="polite" aria-relevant="additions">
              {events.map((e) => <EventRow key={e.id} event={e} />)}
            </tbody>
          </table>
        </div>
      )}
      {trail.hasNextPage ? <button type="button" className="secondary" disabled={trail.isFetchingNextPage} onClick={() => void trail.fetchNextPage()}>{trail.isFetchingNextPage ? 'Loading…' : 'Older events'}</button> : null}
    </section>
  );
}

function TargetLink({ target }: { target: AuditEvent['target'] }) {
  if (!target || !target.id) return <span className="muted">—</span>;
  if (target.type === 'signal') return <Link to={`/audit/signals/${target.id}`}>{target.id}</Link>;
  if (target.type === 'order') return <Link to={`/orders/${target.id}`}>{target.id}</Link>;
  if (target.type === 'connection') return <Link to={`/connections/${target.id}`}>{target.id}</Link>;
  return <span>{target.type} {target.id}</span>;
}

function EventRow({ event }: { event: AuditEvent }) {
  return (
    <tr>
      <td className="num">{event.seq}</td>
      <td>{formatTime(event.occurredAt)}</td>
      <td><code>{event.action}</code></td>
      <td>{event.actor.type}{event.actor.id ? <span className="muted"> {event.actor.id}</span> : null}</td>
      <td><TargetLink target={event.target} /></td>
      <td>
        <details className="audit-data">
          <summary>Data<span className="visually-hidden"> of event {event.seq}</span></summary>
          <pre>{JSON.stringify(event.data, null, 2)}</pre>
        </details>
      </td>
    </tr>
  );
}

function Signals() {
  const signals = useSignals();
  return (
    <section className="panel" aria-labelledby="signals-heading">
      <h2 id="signals-heading">Signals</h2>
      <Loaded query={signals}>
        {({ signals: list }) => list.length === 0 ? <p className="muted">No signals yet.</p> : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Recent signals, newest first</caption>
              <thead><tr><th scope="col">Received</th><th scope="col">Signal</th><th scope="col">Instrument</th><th scope="col">Action</th><th scope="col">Source</th><th scope="col">Status</th></tr></thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id}>
                    <td>{formatTime(s.receivedAt)}</td>
                    <td><Link to={`/audit/signals/${s.id}`}>Timeline<span className="visually-hidden"> of signal</span> {s.id}</Link></td>
                    <td>{s.signal?.instrument.symbol ?? s.signal?.instrument.conId ?? '—'}</td>
                    <td>{s.signal?.action ?? '—'}</td>
                    <td>{s.source}</td>
                    <td>{s.status}{s.decision?.code ? <span className="muted"> ({s.decision.code})</span> : null}</td>
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
