import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { componentLogger, createLogger, resolveLogFormat } from './logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk)) as Record<string, unknown>); done(); } });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('logger', () => {
  it('redacts secrets at the top level and nested', () => {
    const { lines, logger } = capture();
    logger.info({ password: 'p1', user: { token: 't1', name: 'ok' }, req: { headers: { authorization: 'Bearer x', cookie: 'c', 'set-cookie': 's' } }, secret: 's1' }, 'hello');
    const text = JSON.stringify(lines);
    for (const leaked of ['p1', 't1', 'Bearer x', '"c"', 's1']) expect(text).not.toContain(leaked);
    expect(lines[0]).toMatchObject({ password: '[redacted]', user: { token: '[redacted]', name: 'ok' }, msg: 'hello', service: 'kairox' });
  });

  it('tags each component child', () => {
    const { lines, logger } = capture();
    componentLogger(logger, 'db', { engine: 'sqlite' }).info('opened');
    expect(lines[0]).toMatchObject({ component: 'db', engine: 'sqlite', msg: 'opened' });
  });

  it('writes JSON unless a person watches a terminal, and pretty lines when asked', () => {
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
    const text: string[] = [];
    const destination = new Writable({ write(chunk, _enc, done) { text.push(String(chunk)); done(); } });
    createLogger({ level: 'info', destination, format: 'pretty' }).info({ component: 'worker', password: 'p1' }, 'session ready');
    const line = text.join('');
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/INFO.*session ready/);
    expect(line).toContain('[redacted]');
    expect(line).not.toContain('p1');
  });

  it('names a component once, even when a component logger is nested in another', () => {
    const raw: string[] = [];
    const destination = new Writable({ write(chunk, _enc, done) { raw.push(String(chunk)); done(); } });
    const root = createLogger({ level: 'info', destination });
    componentLogger(componentLogger(root, 'worker'), 'ib-session', { connectionId: 'con_1' }).info('ready');
    componentLogger(root, 'ib-session', { connectionId: 'con_2' }).info('ready');
    expect(raw.map((line) => line.match(/"component":/g)?.length)).toEqual([1, 1]);
    expect(raw.map((line) => JSON.parse(line) as Record<string, unknown>)).toMatchObject([
      { component: 'worker', connectionId: 'con_1' }, { component: 'ib-session', connectionId: 'con_2' },
    ]);
  });
});
