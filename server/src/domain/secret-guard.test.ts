import { describe, expect, it } from 'vitest';
import { detectSecret } from './secret-guard.ts';

describe('misplaced-secret guard', () => {
  it.each([
    ['-----BEGIN RSA PRIVATE KEY-----', 'private_key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcDEF123_-x', 'jwt'],
    ['sk_live_51HxYzAbCdEfGh', 'api_key'],
    ['ghp_0123456789abcdefghijABCDEFGHIJ0123', 'api_key'],
    ['AKIAIOSFODNN7EXAMPLE', 'api_key'],
    ['kx_anything', 'api_key'],
    ['Bearer abc.def', 'api_key'],
    ['password: hunter2', 'credential_assignment'],
    ['api_key=abc', 'credential_assignment'],
    ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'high_entropy'],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'high_entropy'],
    ['Tr0ub4dor&3', 'password'],
  ])('flags %j as %s', (value, kind) => {
    expect(detectSecret(value)).toBe(kind);
  });

  it.each([
    '127.0.0.1:7497', '[::1]:4002', '[fd12:3456:789a:1::10]:7496', 'my-gateway-01.internal.example.com:4002',
    'localhost', '7497', '0', '2147483647', 'DU1234567', 'U12345678', 'abc', '1.5', '-1', 'http://127.0.0.1:7497', '',
  ])('lets the ordinary value %j through', (value) => {
    expect(detectSecret(value)).toBeUndefined();
  });
});
