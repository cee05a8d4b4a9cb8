import { describe, expect, it } from 'vitest';
import { cookiePolicy } from './cookies.ts';

describe('cookiePolicy', () => {
  const on = (host: string, secureCookies: 'auto' | 'true' | 'false') => cookiePolicy({ secureCookies, http: { host, port: 8080 } });

  it('auto: plain cookie on loopback, Secure __Host- cookie anywhere else', () => {
    expect(on('127.0.0.1', 'auto')).toEqual({ name: 'kx_session', secure: false });
    expect(on('::1', 'auto')).toEqual({ name: 'kx_session', secure: false });
    expect(on('0.0.0.0', 'auto')).toEqual({ name: '__Host-kx_session', secure: true });
    expect(on('kairox.example.com', 'auto')).toEqual({ name: '__Host-kx_session', secure: true });
  });

  it('an explicit setting wins', () => {
    expect(on('127.0.0.1', 'true').secure).toBe(true);
    expect(on('0.0.0.0', 'false').secure).toBe(false);
  });
});
