// Test-only fault points: named places in execution where a crash test kills Kairox on purpose,
// to prove the journal loses nothing and sends nothing twice across a crash exactly there.
//
// Armed by KAIROX_FAULT_POINTS (read by common/config.ts, which refuses it in production):
//   KAIROX_FAULT_POINTS=<point>[:<n>][,<point>[:<n>]...]
// crashes the process the n-th time (default 1) <point> is reached since start-up, e.g.
//   KAIROX_FAULT_POINTS=after_journal_commit:1
//   KAIROX_FAULT_POINTS=during_fill_record:3,after_send_before_ack:2   (whichever comes first)
// The crash is SIGKILL sent to itself: no shutdown hook, no flush, like a power cut.
import fs from 'node:fs';

export const FAULT_POINT_NAMES = [
  /** The reserved IB order id is committed; the send has not started. */
  'after_journal_commit',
  /** The send resolved `sent`; the journal still says journaled (the `sent` transition is not committed). */
  'after_send_before_ack',
  /** Inside the fill's transaction: the fill row and the order's new state are written, not committed. */
  'during_fill_record',
] as const;
export type FaultPointName = (typeof FAULT_POINT_NAMES)[number];

export interface FaultPoints {
  /** Called at the named place; crashes the process when that point is armed for this passage. */
  reached(point: FaultPointName): void;
}

export const noFaultPoints: FaultPoints = { reached: () => undefined };

/** A KAIROX_FAULT_POINTS value that does not parse; the message says what is wrong and the syntax. */
export class FaultPointsInvalidError extends Error {
  readonly code = 'FAULT_POINTS_INVALID';
}

const SYNTAX = `<point>[:<n>] separated by commas, points: ${FAULT_POINT_NAMES.join(', ')}`;

/** Which passage (1 = the first) of each armed point crashes. */
export function parseFaultPoints(spec: string): ReadonlyMap<FaultPointName, number> {
  const plan = new Map<FaultPointName, number>();
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name = '', count = '1', ...rest] = part.split(':');
    if (!isFaultPoint(name)) throw new FaultPointsInvalidError(`KAIROX_FAULT_POINTS: unknown fault point "${name}" (expected ${SYNTAX})`);
    if (rest.length > 0 || !/^[1-9]\d*$/.test(count)) throw new FaultPointsInvalidError(`KAIROX_FAULT_POINTS: "${part}" needs a whole number of passages of at least 1 after the colon (expected ${SYNTAX})`);
    if (plan.has(name)) throw new FaultPointsInvalidError(`KAIROX_FAULT_POINTS: "${name}" is armed twice; keep one`);
    plan.set(name, Number(count));
  }
  if (plan.size === 0) throw new FaultPointsInvalidError(`KAIROX_FAULT_POINTS is set but names no fault point (expected ${SYNTAX}); unset it to run without`);
  return plan;
}

function isFaultPoint(name: string): name is FaultPointName {
  return (FAULT_POINT_NAMES as readonly string[]).includes(name);
}

function crashNow(point: FaultPointName, passage: number): void {
  // Synchronous: an asynchronous logger would lose the line with the process.
  fs.writeSync(2, `kairox: fault point ${point} reached (passage ${passage}): crashing with SIGKILL as KAIROX_FAULT_POINTS asks\n`);
  process.kill(process.pid, 'SIGKILL');
}

/** The fault points a (validated) KAIROX_FAULT_POINTS value arms; none when it is unset. */
export function armFaultPoints(spec: string | undefined, crash: (point: FaultPointName, passage: number) => void = crashNow): FaultPoints {
  if (spec === undefined) return noFaultPoints;
  const plan = parseFaultPoints(spec);
  const passages = new Map<FaultPointName, number>();
  return {
    reached(point) {
      const passage = (passages.get(point) ?? 0) + 1;
      passages.set(point, passage);
      if (plan.get(point) === passage) crash(point, passage);
    },
  };
}
