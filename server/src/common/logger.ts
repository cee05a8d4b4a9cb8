// pino logger factory. Library code receives a Logger and derives a child per component;
// secrets are redacted wherever they appear so a careless log line cannot leak one.
// One format per process: JSON lines, or pino-pretty's readable lines when a person watches a
// terminal (the same records either way; `KAIROX_LOG_FORMAT` decides, `auto` by default).
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

const SECRET_KEYS = ['password', 'token', 'authorization', 'cookie', 'secret', 'csrfToken', 'set-cookie'];

/** Redaction paths for the secret keys at the top level and up to three levels deep. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dot = k.startsWith('[') ? '' : '.';
  return [k, `*${dot}${k}`, `*.*${dot}${k}`, `*.*.*${dot}${k}`];
});

export type LogFormat = 'auto' | 'json' | 'pretty';

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Where lines go; stdout when absent. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
  /** Default `auto`: pretty when stdout is a terminal and no destination was given, else JSON. */
  format?: LogFormat;
}

/** Whether lines are written for a person (pretty) or for a program (JSON). */
export function resolveLogFormat(format: LogFormat, stdoutIsTerminal: boolean): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return stdoutIsTerminal ? 'pretty' : 'json';
}

export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { service: 'kairox' },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
  };
  const format = resolveLogFormat(options.format ?? 'auto', options.destination === undefined && process.stdout.isTTY === true);
  if (format === 'pretty') {
    // Synchronous, in this thread: no worker thread to lose the last lines when the process exits.
    const stream = pretty({ sync: true, colorize: options.destination === undefined && pretty.isColorSupported, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', ...(options.destination && { destination: options.destination }) });
    return pino(settings, stream);
  }
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/**
 * One child logger per component, so every line says where it came from. A logger that already
 * names its component keeps that name: pino appends bindings, so naming it again would write
 * `component` twice on every line.
 */
export function componentLogger(parent: Logger, component: string, bindings: Record<string, unknown> = {}): Logger {
  const named = typeof parent.bindings()['component'] === 'string';
  return parent.child(named ? bindings : { component, ...bindings });
}
