// A connection's risk policy: every limit with its unit, the current usage beside the limits
// Kairox can measure, the allowed markets and symbols, and the overrides per market and per
// symbol. Saving replaces the policy (PUT /api/connections/:id/risk); the server's message for the
// field it refused appears under that field. Values are sent as typed: the server's rules decide.
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useConnection } from '../../api/connections.ts';
import {
  FLAG_LIMITS, NUMBER_LIMITS, SEC_TYPES, useReplaceRisk, useRisk,
  type FlagLimit, type Limits, type NumberLimit, type RiskPolicy, type RiskView, type SecType, type UsageItem,
} from '../../api/risk.ts';
import { useMe } from '../../api/session.ts';
import { Loaded } from '../../ui/async.tsx';
import { FormError } from '../../ui/field.tsx';
import { formatTime } from './parts.tsx';
import './connections.css';

type LimitKey = NumberLimit | FlagLimit;

interface Override { id: number; scope: string; limit: LimitKey; value: string | boolean }

interface Draft {
  limits: Record<NumberLimit, string>;
  flags: Record<FlagLimit, boolean>;
  allowedMarkets: SecType[];
  allowedSymbols: string;
  overrides: Override[];
}

const ALL_LIMITS: ReadonlyArray<{ key: LimitKey; label: string; unit: string }> = [
  ...NUMBER_LIMITS, ...FLAG_LIMITS.map((f) => ({ ...f, unit: 'yes or no' })),
];
const labelOf = (key: LimitKey) => ALL_LIMITS.find((l) => l.key === key)?.label ?? key;
const unitOf = (key: LimitKey) => ALL_LIMITS.find((l) => l.key === key)?.unit ?? '';
const isFlag = (key: LimitKey): key is FlagLimit => FLAG_LIMITS.some((f) => f.key === key);
const scopeText = (scope: string) => scope.replace(/^markets\./, 'Market ').replace(/^symbols\./, 'Symbol ');

let nextId = 1;

function draftOf(policy: RiskPolicy): Draft {
  const overrides: Override[] = [];
  const add = (scope: string, limits: Limits | undefined) => {
    for (const [limit, value] of Object.entries(limits ?? {})) {
      if (value !== undefined) overrides.push({ id: nextId++, scope, limit: limit as LimitKey, value: typeof value === 'boolean' ? value : String(value) });
    }
  };
  for (const [market, limits] of Object.entries(policy.markets ?? {})) add(`markets.${market}`, limits);
  for (const [symbol, limits] of Object.entries(policy.symbols ?? {})) add(`symbols.${symbol}`, limits);
  return {
    limits: Object.fromEntries(NUMBER_LIMITS.map((l) => [l.key, policy[l.key] === undefined ? '' : String(policy[l.key])])) as Draft['limits'],
    flags: Object.fromEntries(FLAG_LIMITS.map((f) => [f.key, policy[f.key] === true])) as Draft['flags'],
    allowedMarkets: [...policy.allowedMarkets],
    allowedSymbols: (policy.allowedSymbols ?? []).join(', '),
    overrides,
  };
}

/** A number as typed: a number when it reads as one, else the text itself (the server explains). */
function typed(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

function policyOf(draft: Draft): RiskPolicy {
  const policy: Record<string, unknown> = { ...draft.flags, allowedMarkets: draft.allowedMarkets };
  for (const l of NUMBER_LIMITS) {
    const value = typed(draft.limits[l.key]);
    if (value !== undefined) policy[l.key] = value;
  }
  const symbols = draft.allowedSymbols.split(',').map((s) => s.trim()).filter(Boolean);
  if (symbols.length > 0) policy.allowedSymbols = symbols;
  const groups: Record<'markets' | 'symbols', Record<string, Record<string, unknown>>> = { markets: {}, symbols: {} };
  for (const o of draft.overrides) {
    const [kind, name] = [o.scope.slice(0, o.scope.indexOf('.')) as 'markets' | 'symbols', o.scope.slice(o.scope.indexOf('.') + 1)];
    const value = typeof o.value === 'boolean' ? o.value : typed(o.value) ?? '';
    (groups[kind][name] ??= {})[o.limit] = value;
  }
  if (Object.keys(groups.markets).length > 0) policy.markets = groups.markets;
  if (Object.keys(groups.symbols).length > 0) policy.symbols = groups.symbols;
  return policy as unknown as RiskPolicy;
}

export function RiskScreen() {
  const { id = '' } = useParams();
  const risk = useRisk(id);
  const connection = useConnection(id);
  // Kept here: the editor starts afresh from each saved revision.
  const [saved, setSaved] = useState<number | null>(null);
  return (
    <section>
      <h1>Risk policy{connection.data ? ` of ${connection.data.hostPort}` : ''}</h1>
      <p><Link to={`/connections/${id}`}>Back to the connection</Link></p>
      <Loaded query={risk}>
        {(view) => <RiskEditor key={view.revision} id={id} view={view} saved={saved} onSaved={setSaved} />}
      </Loaded>
    </section>
  );
}

function UsageText({ item }: { item: UsageItem | undefined }) {
  if (!item) return <span className="muted">—</span>;
  if (item.value === null) return <span className="usage-unknown">Not known: {item.unavailable?.message ?? 'Kairox cannot read it now.'}</span>;
  return <span>{item.value.toLocaleString()} {item.unit === "the account's base currency" ? 'in the base currency' : item.unit} <span className="muted">of {item.limit.toLocaleString()}</span></span>;
}

function RiskEditor({ id, view, saved, onSaved }: { id: string; view: RiskView; saved: number | null; onSaved: (revision: number | null) => void }) {
  const me = useMe();
  const replace = useReplaceRisk(id);
  const [draft, setDraft] = useState(() => draftOf(view.policy));
  const [adding, setAdding] = useState<{ kind: 'market' | 'symbol'; market: SecType; symbol: string; limit: LimitKey }>({ kind: 'market', market: 'FUT', symbol: '', limit: 'maxOrderQuantity' });
  const [addError, setAddError] = useState<string | undefined>();
  const uid = useId();
  const readOnly = me.data?.workspace.role === 'viewer';
  const error = replace.error;
  const field = error instanceof ApiError && typeof error.body.field === 'string' ? error.body.field : undefined;
  const errorFor = (path: string) => (field === path ? error?.message : undefined);
  const named = field !== undefined && (NUMBER_LIMITS.some((l) => l.key === field) || draft.overrides.some((o) => `${o.scope}.${o.limit}` === field) || field === 'allowedSymbols' || field.startsWith('allowedSymbols') || field.startsWith('allowedMarkets'));

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    onSaved(null);
    // The promise (not mutate's callbacks, dropped once this editor unmounts for the new revision).
    replace.mutateAsync(policyOf(draft)).then((risk) => onSaved(risk.revision), () => undefined);
  };
  const setOverride = (oid: number, value: string | boolean) => setDraft({ ...draft, overrides: draft.overrides.map((o) => (o.id === oid ? { ...o, value } : o)) });
  const addOverride = () => {
    const symbol = adding.symbol.trim().toUpperCase();
    if (adding.kind === 'symbol' && symbol === '') return setAddError('Type the symbol the override is for, e.g. TSLA.');
    const scope = adding.kind === 'market' ? `markets.${adding.market}` : `symbols.${symbol}`;
    if (draft.overrides.some((o) => o.scope === scope && o.limit === adding.limit)) return setAddError(`${scopeText(scope)} already overrides ${labelOf(adding.limit)}.`);
    setAddError(undefined);
    const fallback = isFlag(adding.limit) ? draft.flags[adding.limit] : draft.limits[adding.limit];
    setDraft({ ...draft, overrides: [...draft.overrides, { id: nextId++, scope, limit: adding.limit, value: fallback }] });
  };

  const describedBy = (key: string, err: string | undefined) => [`${uid}-${key}-unit`, err ? `${uid}-${key}-error` : ''].filter(Boolean).join(' ');
  return (
    <form onSubmit={onSave} noValidate aria-label="Risk policy">
      <p className="muted">
        Revision {view.revision}{view.updatedAt ? `, saved ${formatTime(view.updatedAt)}` : ' (the defaults: nothing saved yet)'}.
        {view.usage.account ? ` Usage read from account ${view.usage.account}.` : ''} An empty limit takes its default.
      </p>
      <div className="panel">
        <h2>Connection limits</h2>
        <div className="table-wrap">
          <table className="risk-table stack-on-phone">
            <thead><tr><th scope="col">Limit</th><th scope="col">Value</th><th scope="col">Unit</th><th scope="col">Now</th><th scope="col">Default</th></tr></thead>
            <tbody>
              {NUMBER_LIMITS.map((l) => {
                const err = errorFor(l.key);
                return (
                  <tr key={l.key}>
                    <td data-label="Limit"><label htmlFor={`${uid}-${l.key}`}>{l.label}</label></td>
                    <td data-label="Value">
                      <input id={`${uid}-${l.key}`} inputMode="decimal" autoComplete="off" value={draft.limits[l.key]} disabled={readOnly}
                        aria-invalid={err ? true : undefined} aria-describedby={describedBy(l.key, err)}
                        onChange={(e) => setDraft({ ...draft, limits: { ...draft.limits, [l.key]: e.target.value } })} />
                      {err ? <p id={`${uid}-${l.key}-error`} className="field-error" role="alert">{err}</p> : null}
                    </td>
                    <td data-label="Unit" id={`${uid}-${l.key}-unit`}>{l.unit}</td>
                    <td data-label="Now">{l.usage ? <UsageText item={view.usage[l.usage]} /> : <span className="muted">—</span>}</td>
                    <td data-label="Default" className="num">{view.defaults[l.key]?.toLocaleString() ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <fieldset className="flags">
          <legend>Allowed</legend>
          {FLAG_LIMITS.map((f) => (
            <label key={f.key} className="choice">
              <input type="checkbox" checked={draft.flags[f.key]} disabled={readOnly} onChange={(e) => setDraft({ ...draft, flags: { ...draft.flags, [f.key]: e.target.checked } })} /> {f.label}
            </label>
          ))}
        </fieldset>
        <fieldset className="flags">
          <legend>Markets that may be traded</legend>
          <div className="choices">
            {SEC_TYPES.map((t) => (
              <label key={t} className="choice">
                <input type="checkbox" checked={draft.allowedMarkets.includes(t)} disabled={readOnly}
                  onChange={(e) => setDraft({ ...draft, allowedMarkets: e.target.checked ? [...draft.allowedMarkets, t] : draft.allowedMarkets.filter((m) => m !== t) })} /> {t}
              </label>
            ))}
          </div>
          {field?.startsWith('allowedMarkets') ? <p className="field-error" role="alert">{error?.message}</p> : null}
        </fieldset>
        <div className="field">
          <label htmlFor={`${uid}-symbols`}>Symbols that may be traded</label>
          <input id={`${uid}-symbols`} value={draft.allowedSymbols} disabled={readOnly} autoComplete="off" placeholder="every approved instrument"
            aria-describedby={`${uid}-symbols-hint${field?.startsWith('allowedSymbols') ? ` ${uid}-symbols-error` : ''}`}
            onChange={(e) => setDraft({ ...draft, allowedSymbols: e.target.value })} />
          <p id={`${uid}-symbols-hint`} className="hint">Comma-separated, e.g. AAPL, MSFT; empty means every approved instrument.</p>
          {field?.startsWith('allowedSymbols') ? <p id={`${uid}-symbols-error`} className="field-error" role="alert">{error?.message}</p> : null}
        </div>
      </div>

      <div className="panel">
        <h2>Overrides per market and per symbol</h2>
        <p className="hint">A symbol’s override wins over its market’s, which wins over the connection’s limit.</p>
        {draft.overrides.length === 0 ? <p className="muted">No overrides: every order gets the connection’s limits.</p> : (
          <div className="table-wrap">
            <table className="risk-table stack-on-phone">
              <thead><tr><th scope="col">For</th><th scope="col">Limit</th><th scope="col">Value</th><th scope="col">Unit</th><th scope="col"><span className="visually-hidden">Remove</span></th></tr></thead>
              <tbody>
                {draft.overrides.map((o) => {
                  const path = `${o.scope}.${o.limit}`;
                  const err = errorFor(path);
                  const inputId = `${uid}-o${o.id}`;
                  const label = `${scopeText(o.scope)}: ${labelOf(o.limit)}`;
                  return (
                    <tr key={o.id}>
                      <td data-label="For">{scopeText(o.scope)}</td>
                      <td data-label="Limit"><label htmlFor={inputId}>{labelOf(o.limit)}</label></td>
                      <td data-label="Value">
                        {typeof o.value === 'boolean'
                          ? <input id={inputId} type="checkbox" aria-label={label} checked={o.value} disabled={readOnly} onChange={(e) => setOverride(o.id, e.target.checked)} />
                          : <input id={inputId} aria-label={label} inputMode="decimal" autoComplete="off" value={o.value} disabled={readOnly}
                            aria-invalid={err ? true : undefined} aria-describedby={err ? `${inputId}-error` : undefined} onChange={(e) => setOverride(o.id, e.target.value)} />}
                        {err ? <p id={`${inputId}-error`} className="field-error" role="alert">{err}</p> : null}
                      </td>
                      <td data-label="Unit">{unitOf(o.limit)}</td>
                      <td><button type="button" className="secondary" disabled={readOnly} aria-label={`Remove ${label}`} onClick={() => setDraft({ ...draft, overrides: draft.overrides.filter((x) => x.id !== o.id) })}>Remove</button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {readOnly ? null : (
          <fieldset className="add-override">
            <legend>Add an override</legend>
            <div className="inline-field">
              <div className="field">
                <label htmlFor={`${uid}-kind`}>For</label>
                <select id={`${uid}-kind`} value={adding.kind === 'market' ? adding.market : 'symbol'}
                  onChange={(e) => setAdding(e.target.value === 'symbol' ? { ...adding, kind: 'symbol' } : { ...adding, kind: 'market', market: e.target.value as SecType })}>
                  {SEC_TYPES.map((t) => <option key={t} value={t}>Market {t}</option>)}
                  <option value="symbol">A symbol…</option>
                </select>
              </div>
              {adding.kind === 'symbol' ? (
                <div className="field">
                  <label htmlFor={`${uid}-symbol`}>Symbol</label>
                  <input id={`${uid}-symbol`} value={adding.symbol} autoComplete="off" placeholder="TSLA" onChange={(e) => setAdding({ ...adding, symbol: e.target.value })} />
                </div>
              ) : null}
              <div className="field">
                <label htmlFor={`${uid}-limit`}>Limit to override</label>
                <select id={`${uid}-limit`} value={adding.limit} onChange={(e) => setAdding({ ...adding, limit: e.target.value as LimitKey })}>
                  {ALL_LIMITS.map((l) => <option key={l.key} value={l.key}>{l.label}</option>)}
                </select>
              </div>
              <button type="button" className="secondary" onClick={addOverride}>Add override</button>
            </div>
            {addError ? <p className="field-error" role="alert">{addError}</p> : null}
          </fieldset>
        )}
      </div>
      <FormError error={error && !named ? error.message : undefined} />
      <div className="actions">
        <button type="submit" disabled={replace.isPending || readOnly}>{replace.isPending ? 'Saving…' : 'Save risk policy'}</button>
        <span role="status" aria-live="polite">{saved !== null ? `Saved: revision ${saved}.` : ''}</span>
      </div>
    </form>
  );
}
