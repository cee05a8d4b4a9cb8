// Approved instruments: search IB through a connection, compare every candidate it answers (an
// ambiguous symbol lists them all), approve one (pinned by conId), and revoke from the list.
// Only approved contracts are ever automated.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useConnections } from '../../api/connections.ts';
import { firstWindow, searchContracts, useApprove, useInstruments, useRevoke, type Candidate, type SearchAnswer, type SecType } from '../../api/instruments.ts';
import { useMe } from '../../api/session.ts';
import { Loaded } from '../../ui/async.tsx';
import { Field, FormError } from '../../ui/field.tsx';
import { TableWrap } from '../../ui/table-wrap.tsx';
import { useFormSubmit } from '../../ui/use-form-submit.ts';
import './instruments.css';

const SEC_TYPES: ReadonlyArray<{ value: SecType; label: string }> = [
  { value: 'STK', label: 'Stock or ETF (STK)' },
  { value: 'FUT', label: 'Future (FUT)' },
  { value: 'OPT', label: 'Option (OPT)' },
  { value: 'CASH', label: 'FX pair (CASH)' },
];
const FIELDS = ['symbol', 'secType', 'exchange', 'currency', 'expiry', 'strike', 'right'] as const;

function expiryOf(c: { lastTradeDate?: string | undefined }): string {
  const d = c.lastTradeDate;
  return d ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : '—';
}

export function InstrumentsScreen() {
  const me = useMe();
  const canWrite = me.data?.workspace.role !== 'viewer';
  const connections = useConnections();
  const instruments = useInstruments();
  const [connectionId, setConnectionId] = useState('');
  const [spec, setSpec] = useState({ symbol: '', secType: 'STK' as SecType, exchange: '', currency: '', expiry: '', strike: '', right: '' });
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [status, setStatus] = useState('');
  const search = useFormSubmit();
  const approve = useApprove();
  const revoke = useRevoke();

  const chosen = connectionId || connections.data?.[0]?.id || '';
  const set = (key: keyof typeof spec) => (event: { target: { value: string } }) => setSpec({ ...spec, [key]: event.target.value });
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setAnswer(null);
    setStatus('');
    void search.submit(async () => {
      const strike = spec.strike.trim() === '' ? undefined : Number(spec.strike);
      const body = {
        symbol: spec.symbol, secType: spec.secType,
        ...(spec.exchange && { exchange: spec.exchange }), ...(spec.currency && { currency: spec.currency }),
        ...(spec.expiry && { expiry: spec.expiry }), ...(strike !== undefined && { strike }),
      };
      const right = spec.right === 'C' || spec.right === 'P' ? spec.right : undefined;
      setAnswer(await searchContracts(chosen, right ? { ...body, right } : body));
    });
  };
  const onApprove = (candidate: Candidate) => {
    approve.mutate({ connectionId: chosen, conId: candidate.conId }, {
      onSuccess: (instrument) => {
        setStatus(`Approved ${instrument.symbol} (conId ${instrument.conId}) on ${instrument.exchange}.`);
        setAnswer((a) => a && { ...a, candidates: a.candidates.map((c) => (c.conId === instrument.conId ? { ...c, approvedInstrumentId: instrument.id } : c)) });
      },
    });
  };
  const hostOf = (id: string) => connections.data?.find((c) => c.id === id)?.hostPort ?? id;
  const derivative = spec.secType === 'FUT' || spec.secType === 'OPT';

  return (
    <section aria-labelledby="instruments-title" className="instruments-screen">
      <h1 id="instruments-title">Instruments</h1>
      <p className="muted">Kairox automates only contracts you approved here, each pinned by IB's contract id (conId). A signal for anything else is denied <code>instrument_not_qualified</code>.</p>

      <div className="panel">
        <h2>Search IB</h2>
        <Loaded query={connections}>
          {(list) => list.length === 0
            ? <p>No connection yet: <Link to="/connections/new">connect Interactive Brokers</Link> first; searches go through its session.</p>
            : (
              <form onSubmit={onSearch} noValidate className="search-form">
                <div className="field">
                  <label htmlFor="search-connection">Connection</label>
                  <select id="search-connection" value={chosen} onChange={(e) => setConnectionId(e.target.value)}>
                    {list.map((c) => <option key={c.id} value={c.id}>{c.hostPort} · client {c.clientId}{c.accountId ? ` · ${c.accountId}` : ''}</option>)}
                  </select>
                </div>
                <Field label="Symbol" value={spec.symbol} onChange={set('symbol')} error={search.fieldError('symbol')} autoCapitalize="characters" hint="e.g. AAPL, ES, EUR (with currency USD for EUR.USD)" />
                <div className="field">
                  <label htmlFor="search-sectype">Type</label>
                  <select id="search-sectype" value={spec.secType} onChange={set('secType')}>
                    {SEC_TYPES.map((t) => <option key={t.value} value={t.value}>{t.label}</option>)}
                  </select>
                </div>
                <Field label="Exchange (optional)" value={spec.exchange} onChange={set('exchange')} error={search.fieldError('exchange')} hint="SMART, NASDAQ, CME, IDEALPRO…" />
                <Field label="Currency (optional)" value={spec.currency} onChange={set('currency')} error={search.fieldError('currency')} hint="Tells listings apart (SHOP trades in USD and CAD)." />
                {derivative ? <Field label="Expiry (YYYYMM or YYYYMMDD)" value={spec.expiry} onChange={set('expiry')} error={search.fieldError('expiry')} inputMode="numeric" /> : null}
                {spec.secType === 'OPT' ? (
                  <>
                    <Field label="Strike" value={spec.strike} onChange={set('strike')} error={search.fieldError('strike')} inputMode="decimal" />
                    <div className="field">
                      <label htmlFor="search-right">Right</label>
                      <select id="search-right" value={spec.right} onChange={set('right')}>
                        <option value="">Either</option><option value="C">Call (C)</option><option value="P">Put (P)</option>
                      </select>
                    </div>
                  </>
                ) : null}
                <FormError error={search.formError(FIELDS)} />
                <button type="submit" disabled={search.pending}>Search</button>
              </form>
            )}
        </Loaded>
      </div>

      <div role="status" aria-live="polite" className="search-status">{status || (answer ? (answer.candidates.length === 0 ? '' : `${answer.candidates.length} candidate${answer.candidates.length === 1 ? '' : 's'} from IB.`) : '')}</div>
      {approve.error ? <p className="form-error" role="alert">{approve.error.message}</p> : null}
      {answer && answer.candidates.length === 0 ? <p className="form-error" role="alert">No contract found. IB says: {answer.notFound ?? 'nothing matched'}</p> : null}
      {answer && answer.candidates.length > 0 ? (
        <div className="panel">
          <h2>Candidates</h2>
          {answer.candidates.length > 1 ? <p>IB answered several contracts for this search: compare them and approve the one you mean.</p> : null}
          <TableWrap label="Candidates from IB (scrolls sideways)">
            <table aria-label="Candidates from IB">
              <thead>
                <tr><th scope="col">Contract</th><th scope="col">conId</th><th scope="col">Exchange</th><th scope="col">Primary</th><th scope="col">Currency</th><th scope="col" className="num">Multiplier</th><th scope="col" className="num">Min tick</th><th scope="col">Expiry</th><th scope="col">Trading hours</th><th scope="col">Liquid hours</th><th scope="col"><span className="visually-hidden">Action</span></th></tr>
              </thead>
              <tbody>
                {answer.candidates.map((c) => (
                  <tr key={c.conId}>
                    <th scope="row">{c.symbol} {c.secType}{c.longName ? <span className="muted block">{c.longName}</span> : null}</th>
                    <td>{c.conId}</td><td>{c.exchange}</td><td>{c.primaryExchange ?? '—'}</td><td>{c.currency}</td>
                    <td className="num">{c.multiplier}</td><td className="num">{c.minTick}</td><td>{expiryOf(c)}</td>
                    <td>{firstWindow(c.tradingHours)}{c.timeZoneId ? <span className="muted block">{c.timeZoneId}</span> : null}</td>
                    <td>{firstWindow(c.liquidHours)}</td>
                    <td>{c.approvedInstrumentId
                      ? <span className="approved">Approved</span>
                      : <button type="button" onClick={() => onApprove(c)} disabled={!canWrite || approve.isPending} aria-label={`Approve ${c.symbol} ${c.currency} on ${c.primaryExchange ?? c.exchange} (conId ${c.conId})`}>Approve</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </div>
      ) : null}

      <div className="panel">
        <h2>Approved</h2>
        {revoke.error ? <p className="form-error" role="alert">{revoke.error.message}</p> : null}
        <Loaded query={instruments}>
          {(list) => list.length === 0 ? <p className="muted">Nothing approved yet: search a symbol above.</p> : (
            <TableWrap label="Approved instruments (scrolls sideways)">
              <table aria-label="Approved instruments">
                <thead><tr><th scope="col">Contract</th><th scope="col">conId</th><th scope="col">Exchange</th><th scope="col">Currency</th><th scope="col">Connection</th><th scope="col">Approved</th><th scope="col"><span className="visually-hidden">Action</span></th></tr></thead>
                <tbody>
                  {list.map((i) => (
                    <tr key={i.id}>
                      <th scope="row">{i.symbol} {i.secType}{i.longName ? <span className="muted block">{i.longName}</span> : null}</th>
                      <td>{i.conId}</td><td>{i.primaryExchange ? `${i.exchange} (${i.primaryExchange})` : i.exchange}</td><td>{i.currency}</td>
                      <td>{hostOf(i.connectionId)}</td><td>{new Date(i.approvedAt).toLocaleString()}</td>
                      <td><button type="button" className="secondary" onClick={() => revoke.mutate(i.id, { onSuccess: () => setStatus(`Revoked ${i.symbol} (conId ${i.conId}): signals no longer find it.`) })} disabled={!canWrite || revoke.isPending} aria-label={`Revoke ${i.symbol} (conId ${i.conId})`}>Revoke</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </Loaded>
      </div>
    </section>
  );
}
