// What a connection test found, as `kairox check` prints it (the server sends that text as report).
import type { CheckResult } from '../../api/connections.ts';

const SOURCE: Record<NonNullable<CheckResult['source']>, string> = {
  running_session: 'answered by the session Kairox runs',
  published_status: 'answered from the worker’s last published status',
  one_shot_check: 'one connection of its own, as kairox check makes',
};

export function CheckReport({ result }: { result: CheckResult }) {
  return (
    <div className="check-report">
      <h3 className={result.ok ? 'result-ok' : 'result-failed'}>{result.ok ? 'Test passed: ready' : 'Test failed'}</h3>
      {result.failure ? <p>{result.failure.message}</p> : null}
      <p className="hint">kairox check {result.target} --client-id {result.clientId}{result.source ? ` — ${SOURCE[result.source]}` : ''}; exit code {result.exitCode}</p>
      <pre className="report" aria-label="kairox check output">{result.report}</pre>
    </div>
  );
}
