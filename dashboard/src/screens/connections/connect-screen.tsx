// Connect Brokers & Exchanges: the category (Financial; the others shown, not yet available), the
// platform (Interactive Brokers), then the form with IB's field names beside it and the checklist
// a working connection needs. Every rule is the server's: a field is checked by the server as the
// user leaves it (POST /api/connections/validate), saving and testing answer with the same
// messages under each field. The values live only in the inputs, never in React state, so a value
// the server refuses as a secret is gone once cleared from its input.
import { useRef, useState, type FocusEvent, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client.ts';
import { saveConnection, testUnsavedSettings, validateForm, type CheckResult, type ConnectionForm } from '../../api/connections.ts';
import { useMe } from '../../api/session.ts';
import { Field, FormError } from '../../ui/field.tsx';
import { CheckReport } from './check-report.tsx';
import './connections.css';

type FormField = keyof ConnectionForm;
const FIELDS: readonly FormField[] = ['hostPort', 'clientId', 'accountId'];

const CATEGORIES = [
  { name: 'Financial', available: true, hint: 'Stocks, futures, options and FX through a broker.' },
  { name: 'Crypto', available: false, hint: 'Not yet available.' },
  { name: 'Others', available: false, hint: 'Not yet available.' },
] as const;

interface Problems { fields: Partial<Record<FormField, string>>; form?: string | undefined }

function problemsOf(error: unknown): Problems & { secrets: FormField[] } {
  if (error instanceof ApiError) {
    const fields: Problems['fields'] = {};
    const secrets: FormField[] = [];
    for (const p of error.problems) {
      if (!FIELDS.includes(p.field as FormField)) continue;
      fields[p.field as FormField] ??= p.message;
      if ((p as { secret?: boolean }).secret) secrets.push(p.field as FormField);
    }
    const named = Object.keys(fields).length > 0 || (typeof error.body.field === 'string' && FIELDS.includes(error.body.field as FormField));
    if (!named) return { fields, secrets, form: error.message };
    if (Object.keys(fields).length === 0) fields[error.body.field as FormField] = error.message;
    return { fields, secrets };
  }
  return { fields: {}, secrets: [], form: error instanceof Error ? error.message : String(error) };
}

export function ConnectScreen() {
  const me = useMe();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const touched = useRef(new Set<FormField>());
  const asked = useRef(0);
  const [category, setCategory] = useState<string | null>(null);
  const [platform, setPlatform] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problems>({ fields: {} });
  const [notices, setNotices] = useState<string[]>([]);
  const [pending, setPending] = useState<'save' | 'test' | null>(null);
  const [result, setResult] = useState<CheckResult | null>(null);
  const viewer = me.data?.workspace.role === 'viewer';

  /** The inputs' values, read when needed and not kept. */
  const current = (): ConnectionForm => {
    const data = new FormData(formRef.current ?? undefined);
    return { hostPort: String(data.get('hostPort') ?? '').trim(), clientId: String(data.get('clientId') ?? '').trim(), accountId: String(data.get('accountId') ?? '').trim() };
  };
  const clear = (fields: readonly FormField[]) => {
    for (const field of fields) {
      const input = formRef.current?.elements.namedItem(field);
      if (input instanceof HTMLInputElement) input.value = '';
    }
  };
  /** Shows a refusal; fields the server refused as a secret are emptied. */
  const refuse = (error: unknown, only?: ReadonlySet<FormField>) => {
    const found = problemsOf(error);
    clear(found.secrets);
    const fields = only ? Object.fromEntries(Object.entries(found.fields).filter(([f]) => only.has(f as FormField) || found.secrets.includes(f as FormField))) : found.fields;
    setProblems({ fields, form: found.form });
  };

  const onBlur = (event: FocusEvent<HTMLInputElement>) => {
    touched.current.add(event.currentTarget.name as FormField);
    const ask = ++asked.current;
    validateForm(current()).then((valid) => {
      if (ask !== asked.current) return;
      setProblems({ fields: {} });
      setNotices(valid.notices);
    }, (error: unknown) => {
      if (ask !== asked.current) return;
      setNotices([]);
      refuse(error, touched.current);
    });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    asked.current++;
    for (const f of FIELDS) touched.current.add(f);
    setPending('save');
    saveConnection(current()).then(async (saved) => {
      await queries.invalidateQueries({ queryKey: ['connections'] });
      navigate(`/connections/${saved.connection.id}`, { state: { notices: saved.notices } });
    }, refuse).finally(() => setPending(null));
  };

  const onTest = () => {
    asked.current++;
    setPending('test');
    setResult(null);
    testUnsavedSettings(current()).then((answer) => {
      setProblems({ fields: {} });
      setResult(answer);
    }, refuse).finally(() => setPending(null));
  };

  return (
    <section>
      <h1>Connect Brokers &amp; Exchanges</h1>
      <div className="steps">
        <fieldset>
          <legend>Step 1: category</legend>
          <div className="choices">
            {CATEGORIES.map((c) => (
              <label key={c.name} className={`choice${c.available ? '' : ' unavailable'}`}>
                <input type="radio" name="category" value={c.name} disabled={!c.available} checked={category === c.name} onChange={() => setCategory(c.name)} />
                <span>{c.name}{c.available ? null : <span className="muted"> (not yet available)</span>}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {category === 'Financial' ? (
          <fieldset>
            <legend>Step 2: platform</legend>
            <div className="choices">
              <label className="choice">
                <input type="radio" name="platform" value="Interactive Brokers" checked={platform === 'Interactive Brokers'} onChange={() => setPlatform('Interactive Brokers')} />
                <span>Interactive Brokers <span className="muted">(TWS or IB Gateway)</span></span>
              </label>
            </div>
          </fieldset>
        ) : null}
      </div>
      {platform ? (
        <div className="grid-2">
          <div className="panel">
            <h2>Step 3: Interactive Brokers settings</h2>
            {viewer ? <p className="form-error" role="alert">A viewer cannot add connections; ask a trader or the owner.</p> : null}
            <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Interactive Brokers settings">
              <Field label="IB Gateway Host:Port" name="hostPort" autoComplete="off" spellCheck={false} placeholder="127.0.0.1:4002" onBlur={onBlur} error={problems.fields.hostPort} hint="Where TWS or IB Gateway listens for API clients." />
              <Field label="IB Client ID" name="clientId" inputMode="numeric" autoComplete="off" placeholder="7" onBlur={onBlur} error={problems.fields.clientId} hint="A whole number no other API program uses." />
              <Field label="IB Account ID (optional)" name="accountId" autoComplete="off" spellCheck={false} placeholder="DU1234567" onBlur={onBlur} error={problems.fields.accountId} hint="Needed only when the login has several accounts." />
              {notices.length > 0 ? <ul className="hint">{notices.map((n) => <li key={n}>{n}</li>)}</ul> : null}
              <FormError error={problems.form} />
              <div className="actions">
                <button type="submit" disabled={pending !== null || viewer}>{pending === 'save' ? 'Saving…' : 'Save connection'}</button>
                <button type="button" className="secondary" onClick={onTest} disabled={pending !== null || viewer}>{pending === 'test' ? 'Testing…' : 'Test connection'}</button>
              </div>
            </form>
            <div role="status" aria-live="polite">
              {pending === 'test' ? <p className="muted">Connecting once, as kairox check does…</p> : null}
              {result ? <CheckReport result={result} /> : null}
            </div>
          </div>
          <aside className="panel" aria-labelledby="mapping-title">
            <h2 id="mapping-title">What each field is in TWS / IB Gateway</h2>
            <dl className="mapping">
              <dt>IB Gateway Host:Port</dt>
              <dd>The address of the machine running TWS or IB Gateway, and its API <em>Socket port</em> (TWS: File › Global Configuration › API › Settings; IB Gateway: Configure › Settings › API › Settings).</dd>
              <dt>IB Client ID</dt>
              <dd>The <em>Client ID</em> every API connection gives; each program connected at the same time needs its own. 0 is the master client, which also sees orders entered in TWS.</dd>
              <dt>IB Account ID (optional)</dt>
              <dd>The account code shown in TWS (top right, or Account window): DU… or DF… for paper, U…, F… or I… for live. Leave it empty when the login has one account.</dd>
            </dl>
            <h2>Checklist</h2>
            <ol className="checklist">
              <li>Enable <strong>ActiveX and Socket Clients</strong> in the API settings (and leave <em>Read-Only API</em> off to trade).</li>
              <li>Add the <strong>IP address of the Kairox worker</strong> to <em>Trusted IPs</em> (127.0.0.1 when it runs on the same machine).</li>
              <li>Ports: TWS <strong>7497 paper</strong> / <strong>7496 live</strong>; IB Gateway <strong>4002 paper</strong> / <strong>4001 live</strong>.</li>
              <li>Keep <strong>TWS or IB Gateway open</strong> and logged in: Kairox trades only through it (mind its daily restart).</li>
              <li><strong>Paper before live</strong>: connect a paper account first; live execution needs a filled paper order.</li>
              <li>Trade only <strong>IBKR-qualified contracts</strong>: instruments are searched and approved through this connection.</li>
            </ol>
          </aside>
        </div>
      ) : null}
    </section>
  );
}
