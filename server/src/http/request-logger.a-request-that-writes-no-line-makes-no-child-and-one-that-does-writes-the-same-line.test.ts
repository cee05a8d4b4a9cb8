// Scenario: at warn, a request that only logs at info makes no child logger at all; one that warns
// writes exactly the line the child Fastify would have made up front writes (same bindings, same
// redaction), makes its child once, and a route with its own options gets its child at once.
import { describe, expect, it, vi } from 'vitest';
import { componentLogger, createLogger } from '../common/index.ts';
import { lazyRequestLogger } from './request-logger.ts';

function capturedLogger(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const root = createLogger({ level: level as 'warn', format: 'json', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { lines, http: componentLogger(root, 'http') };
}

describe('request loggers are made on their first written line', () => {
  it('makes no child for lines below the level, and the same line as an eager child for one at it', () => {
    const lazy = capturedLogger('warn');
    const child = vi.spyOn(lazy.http, 'child');
    const log = lazyRequestLogger(lazy.http, { requestId: 'req-1' }, {});
    log.info({ method: 'POST' }, 'request');
    log.debug('nothing');
    expect(child).not.toHaveBeenCalled();
    expect(log.level).toBe('warn');

    log.warn({ code: 'X', authorization: 'Bearer kx_secret' }, 'refused');
    log.error('second line');
    expect(child).toHaveBeenCalledTimes(1);

    const eager = capturedLogger('warn');
    const made = eager.http.child({ requestId: 'req-1' }, {});
    made.warn({ code: 'X', authorization: 'Bearer kx_secret' }, 'refused');
    made.error('second line');

    const withoutTime = (lines: Array<Record<string, unknown>>) => lines.map(({ time: _time, ...rest }) => JSON.stringify(rest));
    expect(lazy.lines).toHaveLength(2);
    expect(withoutTime(lazy.lines)).toEqual(withoutTime(eager.lines));
    expect(lazy.lines[0]).toMatchObject({ component: 'http', requestId: 'req-1', msg: 'refused' });
  });

  it('gives a route with its own log options its child at once', () => {
    const { http } = capturedLogger('info');
    const child = vi.spyOn(http, 'child');
    const log = lazyRequestLogger(http, { requestId: 'req-2' }, { level: 'error' });
    expect(child).toHaveBeenCalledWith({ requestId: 'req-2' }, { level: 'error' });
    expect(log.level).toBe('error');
  });
});
