// Simulation clocks. The engine never reads Date.now() itself: every time it needs comes from one
// of these, so tests can pin time and demos can run faster than real time.

/** What the engine needs from a clock: the current simulated time, epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** A clock the admin API can push forward ("advance the clock" fault hook). */
export interface SimClock extends Clock {
  /** Moves simulated time forward by `ms` (never backwards). */
  shift(ms: number): void;
  /** How the clock was described, e.g. `real`, `accelerated:60`, `fixed:2026-11-23T14:30:00Z`. */
  readonly spec: string;
}

/** A clock that only moves when told to: the default for tests. */
export interface ManualClock extends SimClock {
  set(epochMs: number): void;
}

export function manualClock(startMs: number): ManualClock {
  let t = startMs;
  return {
    spec: `fixed:${new Date(startMs).toISOString()}`,
    now: () => t,
    set(epochMs) {
      if (epochMs < t) throw new Error('manualClock: time cannot go backwards');
      t = epochMs;
    },
    shift(ms) {
      if (ms < 0) throw new Error('manualClock: time cannot go backwards');
      t += ms;
    },
  };
}

/**
 * N× real time: simulated time starts at `startMs` (default: the real time now) and runs `factor`
 * times faster than `realNow` (injectable so the clock itself is testable without waiting).
 */
export function acceleratedClock(factor: number, opts: { startMs?: number; realNow?: () => number } = {}): SimClock {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new Error(`acceleratedClock: factor must be > 0, got ${factor}`);
  const realNow = opts.realNow ?? Date.now;
  const realStart = realNow();
  const simStart = opts.startMs ?? realStart;
  let offset = 0;
  return {
    spec: factor === 1 ? 'real' : `accelerated:${factor}`,
    now: () => simStart + (realNow() - realStart) * factor + offset,
    shift(ms) {
      if (ms < 0) throw new Error('clock: time cannot go backwards');
      offset += ms;
    },
  };
}

/** Real time (1×), still shiftable by the admin API. */
export function realClock(opts: { realNow?: () => number } = {}): SimClock {
  return acceleratedClock(1, opts);
}

/**
 * Parses a `--clock` option: `real`, `accelerated:N` (N× real time, from now or from `@ISO`),
 * or `fixed:ISO` (a manual clock that only moves through shift()/set()).
 * Examples: `accelerated:60`, `accelerated:10@2026-11-23T14:30:00Z`, `fixed:2026-11-23T14:30:00Z`.
 */
export function parseClockSpec(spec: string, realNow: () => number = Date.now): SimClock {
  if (spec === 'real') return realClock({ realNow });
  const acc = /^accelerated:(\d+(?:\.\d+)?)(?:@(.+))?$/.exec(spec);
  if (acc) {
    const startMs = acc[2] === undefined ? undefined : parseIso(acc[2], spec);
    return acceleratedClock(Number(acc[1]), { realNow, ...(startMs === undefined ? {} : { startMs }) });
  }
  const fixed = /^fixed:(.+)$/.exec(spec);
  if (fixed?.[1] !== undefined) return manualClock(parseIso(fixed[1], spec));
  throw new Error(`Unknown clock "${spec}": use real, accelerated:N[@ISO] or fixed:ISO`);
}

function parseIso(text: string, spec: string): number {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error(`Clock "${spec}": "${text}" is not an ISO date-time`);
  return t;
}
