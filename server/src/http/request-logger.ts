// Each request's logger (request.log, reply.log): Fastify derives a pino child bound to the request
// id for every request, and a pino child with our redaction costs ~6-12 us and ~12 KB to make.
// Most requests write nothing at warn or above (and nothing at all when silent), so the child is
// made on the first line that would be written: the same child, bindings and lines, made later.
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilentOrString, LogFn } from 'pino';

/** The parent this needs: a pino logger, which can say whether a level would be written. */
interface LevelAware extends FastifyBaseLogger {
  isLevelEnabled(level: LevelWithSilentOrString): boolean;
}

function isLevelAware(logger: FastifyBaseLogger): logger is LevelAware {
  return typeof (logger as Partial<LevelAware>).isLevelEnabled === 'function';
}

function hasOwnKeys(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

export class LazyChildLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(private readonly parent: LevelAware, private readonly bindings: Bindings) {}

  /** The child Fastify would have made up front (made now if not yet). */
  private real(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings));
  }

  private write(level: Level, args: Parameters<LogFn>): void {
    // Until the child exists it has the parent's level (a child without options inherits it).
    if (this.#child === undefined && !this.parent.isLevelEnabled(level)) return;
    const child = this.real();
    (child[level] as (...a: Parameters<LogFn>) => void).apply(child, args);
  }

  get level(): LevelWithSilentOrString {
    return (this.#child ?? this.parent).level;
  }

  set level(level: LevelWithSilentOrString) {
    this.real().level = level;
  }

  fatal(...args: Parameters<LogFn>): void {
    this.write('fatal', args);
  }

  error(...args: Parameters<LogFn>): void {
    this.write('error', args);
  }

  warn(...args: Parameters<LogFn>): void {
    this.write('warn', args);
  }

  info(...args: Parameters<LogFn>): void {
    this.write('info', args);
  }

  debug(...args: Parameters<LogFn>): void {
    this.write('debug', args);
  }

  trace(...args: Parameters<LogFn>): void {
    this.write('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }
}

/**
 * For Fastify's `childLoggerFactory`. A route with its own log level or serializers (options
 * given), or a logger that cannot tell its level, gets its child at once, as Fastify would make it.
 */
export function lazyRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (hasOwnKeys(options) || !isLevelAware(logger)) return logger.child(bindings, options);
  return new LazyChildLogger(logger, bindings);
}
