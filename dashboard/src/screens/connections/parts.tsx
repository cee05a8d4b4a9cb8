// Pieces the connection screens share: the PAPER / LIVE badge, the session state with since when,
// and how a time is written.
import { modeOf, stateLabel, type Connection, type SessionStatus } from '../../api/connections.ts';

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** PAPER or LIVE, impossible to miss; "mode unknown" until a session or the port tells. */
export function ModeBadge({ connection, large = false }: { connection: Connection; large?: boolean }) {
  const mode = modeOf(connection);
  const size = large ? ' large' : '';
  if (mode === 'paper') return <span className={`badge paper${size}`}>PAPER</span>;
  if (mode === 'live') return <span className={`badge live${size}`}>LIVE</span>;
  if (mode === 'mixed') return <span className={`badge live${size}`}>PAPER + LIVE</span>;
  return <span className={`badge unknown${size}`}>Mode unknown</span>;
}

export function StateText({ status }: { status: SessionStatus | null }) {
  const label = stateLabel(status?.state);
  return (
    <span className={`state state-${label.key}`}>
      <span className="state-dot" aria-hidden="true" />
      <strong>{label.text}</strong>
      {status ? <span className="muted"> since {formatTime(status.since)}</span> : <span className="muted"> (no session yet)</span>}
    </span>
  );
}
