import { describe, expect, it } from 'vitest';
import { parseSimArgs, simMain } from './cli.ts';
import { RawClient } from '../test/support/raw-client.ts';

function io(stop?: Promise<unknown>) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l), ...(stop ? { stopSignal: stop } : {}) } };
}

describe('parseSimArgs', () => {
  it('parses every flag in both spellings', () => {
    const p = parseSimArgs(['--host', '127.0.0.1', '--port=0', '--accounts', 'DU1234567,DU7654321', '--mode', 'paper', '--seed', '42', '--state', '/tmp/s.json', '--admin-port', '0', '--clock', 'accelerated:60']);
    expect(p.options).toMatchObject({ host: '127.0.0.1', port: 0, accounts: ['DU1234567', 'DU7654321'], mode: 'paper', seed: 42, stateFile: '/tmp/s.json', adminPort: 0 });
    expect(p.options.clock?.spec).toBe('accelerated:60');
  });

  it('trades around the clock unless --hours real is given', () => {
    expect(parseSimArgs([]).options.hours).toBe('always');
    expect(parseSimArgs(['--hours', 'real']).options.hours).toBe('real');
  });

  it.each([
    [['--port', '70000'], /--port must be a port number/],
    [['--port'], /--port needs a value/],
    [['--mode', 'demo'], /--mode must be paper or live/],
    [['--accounts', 'U123'], /paper account ids start with DU/],
    [['--mode', 'live', '--accounts', 'DU123'], /live account ids start with U/],
    [['--accounts', 'du1,'], /not an account id/],
    [['--seed', 'abc'], /--seed must be an integer/],
    [['--clock', 'slow'], /--clock: Unknown clock/],
    [['--verbose'], /unknown option/],
    [['--port', '1', '--port', '2'], /given twice/],
    [['--hours', 'sometimes'], /--hours must be always or real/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseSimArgs(argv)).toThrow(message);
  });
});

describe('simMain', () => {
  it('--help prints usage and exits 0; a bad flag exits 2 with one clear line', async () => {
    const h = io();
    expect(await simMain(['--help'], h.io)).toBe(0);
    expect(h.out.join('\n')).toMatch(/--admin-port PORT/);
    const b = io();
    expect(await simMain(['--mode', 'demo'], b.io)).toBe(2);
    expect(b.err).toEqual(['gateway-sim: --mode must be paper or live, got "demo"']);
  });

  it('prints exactly "listening on HOST:PORT", serves clients, and stops cleanly', async () => {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => { stop = resolve; });
    const s = io(stopped);
    const run = simMain(['--port', '0', '--accounts', 'DU7654321', '--seed', '3'], s.io);
    const deadline = Date.now() + 5000;
    while (s.out.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(s.out).toHaveLength(1);
    const m = /^listening on (127\.0\.0\.1):(\d+)$/.exec(s.out[0] ?? '');
    expect(m).not.toBeNull();
    const c = await RawClient.ready(Number(m?.[2]), 1);
    expect(c.received.find((x) => x[0] === '15')).toEqual(['15', '1', 'DU7654321']);
    stop();
    expect(await run).toBe(0);
    await c.waitClosed();
  });

  it('a port in use is reported, exit 1', async () => {
    let stop: () => void = () => undefined;
    const first = io(new Promise<void>((resolve) => { stop = resolve; }));
    const running = simMain(['--port', '0'], first.io);
    const deadline = Date.now() + 5000;
    while (first.out.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const port = /:(\d+)$/.exec(first.out[0] ?? '')?.[1] ?? '';
    const second = io();
    expect(await simMain(['--port', port], second.io)).toBe(1);
    expect(second.err[0]).toMatch(/could not start: .*EADDRINUSE/);
    stop();
    expect(await running).toBe(0);
  });
});
