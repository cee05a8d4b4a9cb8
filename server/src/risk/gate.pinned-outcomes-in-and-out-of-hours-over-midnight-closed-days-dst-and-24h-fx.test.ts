// Scenario: the gate's whole decision for each context of risk-gate-cases (inside and outside
// hours, over midnight, a closed day, US/Eastern's daylight-saving change days, a 24-hour FX pair,
// a future near expiry, every order and book rule on both sides) is byte for byte the decision
// recorded in the .expected.json beside this test: every outcome, code, message and value, with
// the keys in their order (decisions are hashed into the audit chain as JSON).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GATE_CASES } from '../../test/support/risk-gate-cases.ts';
import { evaluateRisk } from './gate.ts';

const expectedFile = new URL('./gate.pinned-outcomes.expected.json', import.meta.url);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as { name: string; decision: unknown }[];

describe('evaluateRisk decisions stay as recorded', () => {
  it('has one recorded decision per case, in order', () => {
    expect(expected.map((e) => e.name)).toEqual(GATE_CASES.map((c) => c.name));
  });

  for (const [i, c] of GATE_CASES.entries()) {
    it(c.name, () => {
      const decision = evaluateRisk(c.ctx, c.policy);
      const recorded = expected[i]?.decision;
      expect(decision).toEqual(recorded);
      expect(JSON.stringify(decision)).toBe(JSON.stringify(recorded));
      // Asked again (the parsed hours and zones are then kept), the decision is the same.
      expect(JSON.stringify(evaluateRisk(c.ctx, c.policy))).toBe(JSON.stringify(recorded));
    });
  }
});
