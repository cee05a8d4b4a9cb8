// The "Connect Brokers & Exchanges" form: one validator, used by the HTTP API and by
// `kairox check`, so both accept and refuse exactly the same things with the same words.
// Error messages start with the form's label and never repeat a refused value.
import { detectSecret, MISPLACED_SECRET_MESSAGE } from './secret-guard.ts';
import { formatHostPort, parseHostPort, type HostPort } from './host-port.ts';

export type ConnectionType = 'Financial';
export type Platform = 'Interactive Brokers';
/** Categories the model leaves room for; only Financial / Interactive Brokers is implemented. */
export const CONNECTION_TYPES: readonly string[] = ['Financial', 'Crypto'];
export const PLATFORMS: Readonly<Record<ConnectionType, readonly Platform[]>> = { Financial: ['Interactive Brokers'] };

export type FormField = 'connectionType' | 'platform' | 'hostPort' | 'clientId' | 'accountId';

export const FORM_LABELS: Readonly<Record<FormField, string>> = {
  connectionType: 'Connection Type',
  platform: 'Platform',
  hostPort: 'IB Gateway Host:Port',
  clientId: 'IB Client ID',
  accountId: 'IB Account ID',
};

export const MAX_CLIENT_ID = 2_147_483_647;

export interface ConnectionSettings {
  readonly connectionType: ConnectionType;
  readonly platform: Platform;
  readonly host: string;
  readonly port: number;
  readonly hostKind: HostPort['hostKind'];
  readonly clientId: number;
  readonly accountId: string | null;
}

export interface FieldProblem {
  readonly field: FormField;
  readonly label: string;
  readonly message: string;
  /** True when the refusal is the misplaced-secret guard (callers must not log the input). */
  readonly secret?: boolean;
}

export type FormResult =
  | { ok: true; value: ConnectionSettings; notices: string[] }
  | { ok: false; problems: FieldProblem[] };

export type ConnectionFormInput = Partial<Record<FormField, unknown>>;

export const CLIENT_ZERO_NOTICE =
  'IB Client ID 0 is the special master client: it also sees orders entered in TWS and by other API clients. ' +
  'Use another id unless you want that.';

/** The same fact as a standing warning on the connection and its session status. */
export const CLIENT_ZERO_WARNING = 'IB Client ID 0 also sees orders entered in TWS and by other API clients.';

const problem = (field: FormField, message: string, secret = false): FieldProblem =>
  ({ field, label: FORM_LABELS[field], message: `${FORM_LABELS[field]} ${message}`, ...(secret ? { secret } : {}) });

export function parseClientId(input: unknown): { ok: true; value: number } | { ok: false; message: string } {
  const expects = `must be a whole number from 0 to ${MAX_CLIENT_ID}, for example 7.`;
  if (typeof input === 'number') {
    return Number.isInteger(input) && input >= 0 && input <= MAX_CLIENT_ID ? { ok: true, value: input } : { ok: false, message: expects };
  }
  if (typeof input !== 'string' || !/^\d{1,10}$/.test(input)) return { ok: false, message: input === undefined || input === '' ? `is required and ${expects}` : expects };
  const n = Number(input);
  return n <= MAX_CLIENT_ID ? { ok: true, value: n } : { ok: false, message: expects };
}

const ACCOUNT_ID = /^(DU|DF|U|F|I)\d{4,10}$/;

export function parseAccountId(input: unknown): { ok: true; value: string | null } | { ok: false; message: string } {
  if (input === undefined || input === null || input === '') return { ok: true, value: null };
  const expects = 'must look like an IBKR account id: DU1234567 or DF1234567 (paper), U1234567, F1234567 or I1234567 (live); leave it empty to use the login\'s only account.';
  if (typeof input !== 'string') return { ok: false, message: expects };
  const id = input.toUpperCase();
  return ACCOUNT_ID.test(id) ? { ok: true, value: id } : { ok: false, message: expects };
}

/** Runs the secret guard first on every field, so a secret is refused before any other rule looks at it. */
function secretProblems(input: ConnectionFormInput): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const field of Object.keys(FORM_LABELS) as FormField[]) {
    const value = input[field];
    if (typeof value === 'string' && detectSecret(value)) out.push(problem(field, MISPLACED_SECRET_MESSAGE, true));
  }
  return out;
}

export function validateConnectionForm(input: ConnectionFormInput): FormResult {
  const secrets = secretProblems(input);
  if (secrets.length > 0) return { ok: false, problems: secrets };

  const problems: FieldProblem[] = [];
  const notices: string[] = [];
  const type = input.connectionType ?? 'Financial';
  if (type !== 'Financial') {
    problems.push(problem('connectionType', CONNECTION_TYPES.includes(String(type))
      ? 'Crypto is not available yet; choose Financial.'
      : 'must be Financial.'));
  }
  const platform = input.platform ?? 'Interactive Brokers';
  if (platform !== 'Interactive Brokers') problems.push(problem('platform', 'must be Interactive Brokers (the only platform available now).'));

  const hostPort = parseHostPort(input.hostPort);
  if (!hostPort.ok) problems.push(problem('hostPort', hostPort.message));
  const clientId = parseClientId(input.clientId);
  if (!clientId.ok) problems.push(problem('clientId', clientId.message));
  else if (clientId.value === 0) notices.push(CLIENT_ZERO_NOTICE);
  const accountId = parseAccountId(input.accountId);
  if (!accountId.ok) problems.push(problem('accountId', accountId.message));

  if (problems.length > 0 || !hostPort.ok || !clientId.ok || !accountId.ok) return { ok: false, problems };
  return {
    ok: true,
    notices,
    value: {
      connectionType: 'Financial',
      platform: 'Interactive Brokers',
      host: hostPort.value.host,
      port: hostPort.value.port,
      hostKind: hostPort.value.hostKind,
      clientId: clientId.value,
      accountId: accountId.value,
    },
  };
}

export function settingsHostPort(settings: Pick<ConnectionSettings, 'host' | 'port'>): string {
  return formatHostPort(settings);
}
