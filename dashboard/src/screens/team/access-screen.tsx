// API tokens and webhooks. A created token's secret, and a webhook's URL (its secret is in the
// path), are shown once with a copy button and kept only in this screen's state: a reload shows
// the token's name and prefix, the webhook's name and its URL without the secret. For a webhook,
// the alert message to paste into TradingView, with TradingView's placeholders.
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { connectionLabel, useConnectionChoices } from '../../api/audit.ts';
import { useMe } from '../../api/session.ts';
import { tradingViewMessage, useDeliveries, useTokens, useTokenWrites, useWebhooks, useWebhookWrites, type ApiToken, type Webhook, type WebhookCredentials } from '../../api/team.ts';
import { Loaded } from '../../ui/async.tsx';
import { CopyButton } from '../../ui/copy-button.tsx';
import { Field, FormError } from '../../ui/field.tsx';
import { useFormSubmit } from '../../ui/use-form-submit.ts';
import { formatTime } from './format.ts';
import './team.css';

export function AccessScreen() {
  return (
    <section className="access">
      <h1>API tokens and webhooks</h1>
      <TokensPanel />
      <WebhooksPanel />
    </section>
  );
}

function TokensPanel() {
  const me = useMe().data;
  const tokens = useTokens();
  const writes = useTokenWrites();
  const form = useFormSubmit();
  const revoking = useFormSubmit();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ token: ApiToken; secret: string } | null>(null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      setCreated(await writes.create(name));
      setName('');
    });
  };
  const mayRevoke = (t: ApiToken) => t.revokedAt === null && (me?.workspace.role === 'owner' || t.createdBy === me?.user.id);
  return (
    <section className="panel" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted">A program signs in with a token (Authorization: Bearer …) and acts with the role of the member who created it.</p>
      {me?.authenticatedWith === 'session' ? (
        <form onSubmit={onSubmit} noValidate className="inline-form">
          <Field label="Token name" required value={name} onChange={(e) => setName(e.target.value)} error={form.fieldError('name')} hint='What uses it, e.g. "trading bot".' />
          <FormError error={form.formError(['name'])} />
          <button type="submit" disabled={form.pending}>Create token</button>
        </form>
      ) : <p className="muted">Sign in with your password to create tokens: a token cannot create tokens.</p>}
      {created ? (
        <div className="secret-once" role="region" aria-label="New token">
          <h3>Token “{created.token.name}” created</h3>
          <p><strong>Copy it now: it is shown only this once.</strong> Kairox keeps only a hash of it.</p>
          <code className="secret" aria-label="Token secret">{created.secret}</code>
          <div className="actions">
            <CopyButton text={created.secret} label="Copy token" />
            <button type="button" className="secondary" onClick={() => setCreated(null)}>I stored it, hide it</button>
          </div>
        </div>
      ) : null}
      <FormError error={revoking.formError([])} />
      <Loaded query={tokens}>
        {(list) => list.length === 0 ? <p className="muted">No API tokens yet.</p> : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">API tokens</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td><code>{t.prefix}…</code></td>
                    <td>{formatTime(t.createdAt)}</td>
                    <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never'}</td>
                    <td>{t.revokedAt ? `revoked ${formatTime(t.revokedAt)}` : 'active'}</td>
                    <td>{mayRevoke(t) ? (
                      <button type="button" className="danger" disabled={revoking.pending} aria-label={`Revoke token ${t.name}`}
                        onClick={() => void revoking.submit(async () => {
                          await writes.revoke(t.id);
                          if (created?.token.id === t.id) setCreated(null);
                        })}>Revoke</button>
                    ) : null}</td>
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

function WebhooksPanel() {
  const me = useMe().data;
  const canWrite = me?.workspace.role === 'owner' || me?.workspace.role === 'trader';
  const webhooks = useWebhooks();
  const connections = useConnectionChoices();
  const writes = useWebhookWrites();
  const form = useFormSubmit();
  const rowWrites = useFormSubmit();
  const [name, setName] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const [shown, setShown] = useState<WebhookCredentials | null>(null);
  const selectId = useId();
  const chosen = connectionId || connections.data?.[0]?.id || '';
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      setShown(await writes.create({ connectionId: chosen, name }));
      setName('');
    });
  };
  const connectionName = (id: string) => {
    const c = connections.data?.find((x) => x.id === id);
    return c ? connectionLabel(c) : id;
  };
  return (
    <section className="panel" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p className="muted">An alert sender such as TradingView posts its alerts to a webhook’s URL; each alert becomes a signal on the webhook’s connection, decided like any other.</p>
      {canWrite ? (
        <form onSubmit={onSubmit} noValidate className="inline-form">
          <Field label="Webhook name" required value={name} onChange={(e) => setName(e.target.value)} error={form.fieldError('name')} hint='e.g. "TradingView AAPL breakout".' />
          <div className="field">
            <label htmlFor={selectId}>Connection</label>
            <select id={selectId} value={chosen} onChange={(e) => setConnectionId(e.target.value)} aria-invalid={form.fieldError('connectionId') ? true : undefined}>
              {(connections.data ?? []).map((c) => <option key={c.id} value={c.id}>{connectionLabel(c)}</option>)}
            </select>
            {connections.data?.length === 0 ? <p className="hint">Connect a broker first: a webhook trades through one connection.</p> : null}
            {form.fieldError('connectionId') ? <p className="field-error" role="alert">{form.fieldError('connectionId')}</p> : null}
          </div>
          <FormError error={form.formError(['name', 'connectionId'])} />
          <button type="submit" disabled={form.pending || !chosen}>Create webhook</button>
        </form>
      ) : <p className="muted">Your role ({me?.workspace.role}) reads webhooks; a trader or an owner creates, rotates and revokes them.</p>}
      {shown ? <WebhookSecret credentials={shown} onDone={() => setShown(null)} /> : null}
      <FormError error={rowWrites.formError([])} />
      <Loaded query={webhooks}>
        {(list) => list.length === 0 ? <p className="muted">No webhooks yet.</p> : (
          <ul className="webhook-list">
            {list.map((w) => (
              <WebhookItem key={w.id} webhook={w} connection={connectionName(w.connectionId)} canWrite={canWrite} pending={rowWrites.pending}
                onRotate={() => void rowWrites.submit(async () => setShown(await writes.rotate(w.id)))}
                onRevoke={() => void rowWrites.submit(async () => {
                  await writes.revoke(w.id);
                  if (shown?.webhook.id === w.id) setShown(null);
                })} />
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

function WebhookSecret({ credentials, onDone }: { credentials: WebhookCredentials; onDone: () => void }) {
  const message = tradingViewMessage(credentials.webhook);
  return (
    <div className="secret-once" role="region" aria-label="New webhook URL">
      <h3>Webhook “{credentials.webhook.name}”: its URL, shown once</h3>
      <p><strong>Copy the URL now: its secret is shown only this once.</strong> Lost it? Rotate the webhook for a new one.</p>
      <h4>1. Webhook URL</h4>
      <p className="hint">In the TradingView alert: Notifications → Webhook URL.</p>
      <code className="secret" aria-label="Webhook URL">{credentials.url}</code>
      <CopyButton text={credentials.url} label="Copy URL" />
      <h4>2. Alert message</h4>
      <p className="hint">In the alert’s Message box, of a strategy alert. TradingView fills each {'{{…}}'} placeholder when the alert fires: the symbol, buy or sell, the contracts, the order’s price, the time, and the position after the order (flat closes it).</p>
      <pre className="secret message" aria-label="TradingView alert message" tabIndex={0}>{message}</pre>
      <div className="actions">
        <CopyButton text={message} label="Copy message" />
        <button type="button" className="secondary" onClick={onDone}>I stored it, hide it</button>
      </div>
    </div>
  );
}

function WebhookItem({ webhook, connection, canWrite, pending, onRotate, onRevoke }: {
  webhook: Webhook; connection: string; canWrite: boolean; pending: boolean; onRotate: () => void; onRevoke: () => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <li className="webhook">
      <h3>{webhook.name}</h3>
      <dl className="facts">
        <dt>Connection</dt><dd>{connection}</dd>
        <dt>URL</dt><dd><code>{webhook.deliveryUrl}/…</code> <span className="muted">(the secret was shown once)</span></dd>
        <dt>Created</dt><dd>{formatTime(webhook.createdAt)}{webhook.rotatedAt ? `, rotated ${formatTime(webhook.rotatedAt)}` : ''}</dd>
        <dt>Last delivery</dt><dd>{webhook.lastDeliveryAt ? formatTime(webhook.lastDeliveryAt) : 'none yet'}</dd>
      </dl>
      <div className="actions">
        <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? 'Hide deliveries' : 'Show deliveries'}<span className="visually-hidden"> of {webhook.name}</span></button>
        {canWrite ? <>
          <button type="button" className="secondary" disabled={pending} onClick={onRotate}>Rotate secret<span className="visually-hidden"> of {webhook.name}</span></button>
          <button type="button" className="danger" disabled={pending} onClick={onRevoke}>Revoke<span className="visually-hidden"> webhook {webhook.name}</span></button>
        </> : null}
      </div>
      {open ? <Deliveries id={webhook.id} /> : null}
    </li>
  );
}

function Deliveries({ id }: { id: string }) {
  const deliveries = useDeliveries(id);
  return (
    <Loaded query={deliveries}>
      {(list) => list.length === 0 ? <p className="muted">No deliveries yet.</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Recent deliveries</caption>
            <thead><tr><th scope="col">Received</th><th scope="col">Outcome</th><th scope="col" className="num">HTTP</th><th scope="col">Signal or problem</th></tr></thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <td>{formatTime(d.receivedAt)}</td>
                  <td>{d.outcome}</td>
                  <td className="num">{d.httpStatus}</td>
                  <td>{d.signalId ? <Link to={`/audit/signals/${d.signalId}`}>{d.signalId}</Link> : `${d.code ?? ''}${d.field ? ` (${d.field})` : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Loaded>
  );
}
