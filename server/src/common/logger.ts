// pino logger factory. Library code receives a Logger and derives a child per component;
// secrets are redacted wherever they appear so a careless log line cannot leak one.
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

const SECRET_KEYS = ['password', 'token', 'authorization', 'cookie', 'secret', 'csrfToken', 'set-cookie'];

/** Redaction paths for the secret keys at the top level and up to three levels deep. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dot = k.startsWith('[') ? '' : '.';
  return [k, `*${dot}${k}`, `*.*${dot}${k}`, `*.*.*${dot}${k}`];
});

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Where lines go; stdout when absent. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { service: 'kairox' },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** One child logger per component, so every line says where it came from. */
export function componentLogger(parent: Logger, component: string, bindings: Record<string, unknown> = {}): Logger {
  return parent.child({ component, ...bindings });
}
