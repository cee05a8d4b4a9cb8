import { describe, expect, it } from 'vitest';
import { CLIENT_ZERO_NOTICE, validateConnectionForm, type ConnectionFormInput } from './connection-form.ts';

const valid: ConnectionFormInput = { connectionType: 'Financial', platform: 'Interactive Brokers', hostPort: '127.0.0.1:7497', clientId: '7' };

function problemsFor(patch: ConnectionFormInput) {
  const result = validateConnectionForm({ ...valid, ...patch });
  if (result.ok) throw new Error('expected a refusal');
  return result.problems;
}

describe('connection form', () => {
  it('accepts the form as a user fills it and normalises it', () => {
    const result = validateConnectionForm({ ...valid, hostPort: 'GW.Example.COM:4002', accountId: 'du1234567' });
    expect(result).toEqual({
      ok: true, notices: [],
      value: { connectionType: 'Financial', platform: 'Interactive Brokers', host: 'gw.example.com', port: 4002, hostKind: 'hostname', clientId: 7, accountId: 'DU1234567' },
    });
  });

  it.each([
    ['[::1]:4002', '::1', 'ipv6'],
    ['[fd12:3456::10]:7496', 'fd12:3456::10', 'ipv6'],
    ['10.0.0.5:4001', '10.0.0.5', 'ipv4'],
    ['localhost:7497', 'localhost', 'hostname'],
  ])('accepts %s', (hostPort, host, hostKind) => {
    const result = validateConnectionForm({ ...valid, hostPort });
    expect(result.ok && result.value).toMatchObject({ host, hostKind });
  });

  it.each([
    ['localhost', 'needs a port'],
    ['7497', 'needs the host'],
    ['http://127.0.0.1:7497', 'without http://'],
    ['127.0.0.1 :7497', 'spaces'],
    [' 127.0.0.1:7497', 'spaces'],
    ['127.0.0.1:0', 'between 1 and 65535'],
    ['127.0.0.1:65536', 'between 1 and 65535'],
    ['127.0.0.1:port', 'between 1 and 65535'],
    ['::1:4002', 'needs brackets'],
    ['[::1]4002', 'after the bracketed'],
    ['[nothost]:4002', 'not an IPv6'],
    ['999.1.1.1:4002', 'not a valid host'],
    ['bad_host:4002', 'not a valid host'],
    ['', 'is required'],
  ])('refuses host:port %j with the label and an example', (hostPort, fragment) => {
    const [p] = problemsFor({ hostPort });
    expect(p?.field).toBe('hostPort');
    expect(p?.message).toMatch(/^IB Gateway Host:Port /);
    expect(p?.message).toContain(fragment);
    expect(p?.message).toContain('127.0.0.1:7497');
  });

  it.each(['1.5', 'abc', '-1', '2147483648', '', ' 7', '1e3'])('refuses client id %j', (clientId) => {
    const [p] = problemsFor({ clientId });
    expect(p?.message).toMatch(/^IB Client ID must be a whole number from 0 to 2147483647|^IB Client ID is required/);
  });

  it.each([1.5, -1, Number.NaN, 2_147_483_648])('refuses numeric client id %d', (clientId) => {
    expect(problemsFor({ clientId })[0]?.field).toBe('clientId');
  });

  it('accepts the client id bounds; 0 comes with the master-client notice', () => {
    const zero = validateConnectionForm({ ...valid, clientId: 0 });
    expect(zero).toMatchObject({ ok: true, notices: [CLIENT_ZERO_NOTICE], value: { clientId: 0 } });
    expect(validateConnectionForm({ ...valid, clientId: '2147483647' })).toMatchObject({ ok: true, notices: [], value: { clientId: 2147483647 } });
  });

  it.each(['DU1234567', 'DF1234567', 'U1234567', 'U12345678', 'F1234567', 'I1234567'])('accepts account id %s', (accountId) => {
    expect(validateConnectionForm({ ...valid, accountId }).ok).toBe(true);
  });

  it.each(['X1234567', 'DU', '1234567', 'DU12 34567', 'U-1234567'])('refuses account id %j', (accountId) => {
    const [p] = problemsFor({ accountId });
    expect(p?.message).toMatch(/^IB Account ID must look like an IBKR account id: DU1234567/);
  });

  it('refuses other connection types and platforms by their labels', () => {
    expect(problemsFor({ connectionType: 'Crypto' })[0]?.message).toBe('Connection Type Crypto is not available yet; choose Financial.');
    expect(problemsFor({ platform: 'Binance' })[0]?.message).toMatch(/^Platform must be Interactive Brokers/);
  });

  it('reports every bad field at once', () => {
    expect(problemsFor({ hostPort: 'x', clientId: 'y', accountId: 'z' }).map((p) => p.field)).toEqual(['hostPort', 'clientId', 'accountId']);
  });

  it.each([
    ['hostPort', 'hunter2!Pass'],
    ['clientId', 'kx_01h2x3y4z5abcdefghjkmnpqrs.secretpart'],
    ['accountId', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['hostPort', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'],
    ['clientId', 'password=correcthorse'],
  ] as const)('refuses a secret pasted into %s without echoing it', (field, secret) => {
    const result = validateConnectionForm({ ...valid, [field]: secret });
    expect(result.ok).toBe(false);
    const text = JSON.stringify(result);
    expect(text).toContain('This connection needs no secret');
    expect(text).not.toContain(secret.slice(0, 12));
    if (!result.ok) expect(result.problems).toEqual([expect.objectContaining({ field, secret: true })]);
  });

  it('never repeats a refused value in a message', () => {
    const odd = 'my-odd-value-zzz';
    const problems = problemsFor({ hostPort: odd, clientId: odd, accountId: odd });
    expect(JSON.stringify(problems)).not.toContain(odd);
  });
});
