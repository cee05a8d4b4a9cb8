// Scenario: a crash test arms a fault point for its n-th passage. The point crashes exactly then
// (here a recording crash stands in for SIGKILL), each point counts on its own, and a spec with an
// unknown point, a bad count or a point armed twice is refused naming the points there are.
import { expect, it } from 'vitest';
import { armFaultPoints, FaultPointsInvalidError, noFaultPoints, type FaultPointName } from './fault-points.ts';

function recorder(spec: string | undefined) {
  const crashes: Array<[FaultPointName, number]> = [];
  return { points: armFaultPoints(spec, (point, passage) => crashes.push([point, passage])), crashes };
}

it('crashes at the n-th passage of each armed point, counted per point', () => {
  const { points, crashes } = recorder('during_fill_record:3, after_journal_commit');
  points.reached('during_fill_record');
  points.reached('after_send_before_ack');
  points.reached('during_fill_record');
  expect(crashes).toEqual([]);
  points.reached('after_journal_commit');
  points.reached('during_fill_record');
  points.reached('during_fill_record');
  expect(crashes).toEqual([['after_journal_commit', 1], ['during_fill_record', 3]]);
});

it('arms nothing when unset', () => {
  expect(armFaultPoints(undefined)).toBe(noFaultPoints);
});

it('refuses a spec it cannot read, saying the syntax and the points', () => {
  for (const [spec, message] of [
    ['after_commit:1', /unknown fault point "after_commit" \(expected <point>\[:<n>\] .*after_journal_commit, after_send_before_ack, during_fill_record\)/],
    ['after_journal_commit:0', /"after_journal_commit:0" needs a whole number of passages of at least 1/],
    ['after_journal_commit:x', /needs a whole number/],
    ['after_journal_commit:1:2', /needs a whole number/],
    ['during_fill_record,during_fill_record:2', /"during_fill_record" is armed twice/],
    [' , ', /names no fault point/],
  ] as const) {
    expect(() => armFaultPoints(spec, () => undefined), spec).toThrow(FaultPointsInvalidError);
    expect(() => armFaultPoints(spec, () => undefined), spec).toThrow(message);
  }
});
