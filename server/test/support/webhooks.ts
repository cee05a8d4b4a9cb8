// For webhook scenarios: a recording fake of the SignalIntake port (the real one is tested on its
// own), and a Kairox with a manual clock, an owner, a connection and one webhook.
import { ManualClock } from '../../src/common/index.ts';
import type { Env } from '../../src/common/config.ts';
import type { Signal } from '../../src/domain/signal.ts';
import type { SignalIntake, SubmitContext, SubmitResult } from '../../src/intake/index.ts';
import type { Kairox } from '../../src/main.ts';
import type { EngineHarness } from './engines.ts';
import { setUp, startKairox, type SignedInClient } from './kairox.ts';

export class RecordingIntake implements SignalIntake {
  readonly submitted: Array<{ signal: Signal; context: SubmitContext }> = [];

  async submit(signal: Signal, context: SubmitContext): Promise<SubmitResult> {
    this.submitted.push({ signal, context });
    return { signalId: `sig_fake${this.submitted.length}`, repeated: false, decision: { status: 'prepared', message: 'Prepared, not sent (execution is off for this connection).', steps: [] } };
  }
}

export interface WebhookDesk {
  kairox: Kairox;
  owner: SignedInClient;
  clock: ManualClock;
  intake: RecordingIntake;
  connectionId: string;
  /** Created by the owner on connectionId. */
  webhook: { id: string; url: string; secret: string };
}

/** The path of a URL Kairox gave (its base is KAIROX_PUBLIC_URL). */
export function pathOf(url: string): string {
  return new URL(url).pathname;
}

export const PUBLIC_URL = 'https://kairox.example.test';

/** `intake: 'real'` hands deliveries to Kairox's own signal intake instead of the recording fake. */
export async function webhookDesk(engine: EngineHarness, env: Partial<Env> = {}, options: { intake?: 'fake' | 'real' } = {}): Promise<WebhookDesk> {
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 15, 0, 0));
  const intake = new RecordingIntake();
  const kairox = await startKairox(engine, { KAIROX_PUBLIC_URL: PUBLIC_URL, ...env }, { clock, ...(options.intake !== 'real' && { webhookIntake: intake }) });
  const owner = await setUp(kairox, { email: 'ada@example.test', password: 'correct horse battery staple', workspaceName: 'Desk' });
  const connection = await owner.request({ method: 'POST', url: '/api/connections', payload: { hostPort: '127.0.0.1:4002', clientId: 7, enabled: false } });
  if (connection.statusCode !== 201) throw new Error(`connection: ${connection.statusCode} ${connection.body}`);
  const connectionId = (connection.json() as { connection: { id: string } }).connection.id;
  const created = await owner.request({ method: 'POST', url: '/api/webhooks', payload: { connectionId, name: 'TradingView AAPL' } });
  if (created.statusCode !== 201) throw new Error(`webhook: ${created.statusCode} ${created.body}`);
  const { webhook, url, secret } = created.json() as { webhook: { id: string }; url: string; secret: string };
  return { kairox, owner, clock, intake, connectionId, webhook: { id: webhook.id, url, secret } };
}

/** A TradingView strategy alert with its placeholders filled in. */
export const TRADINGVIEW_ALERT = { ticker: 'NASDAQ:AAPL', action: 'buy', sentiment: 'bullish', quantity: '10', price: '190.12', time: '2026-12-01T14:59:58Z' };
