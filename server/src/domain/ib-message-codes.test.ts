import { describe, expect, it } from 'vitest';
import { protocol } from '@kairox/gateway-sim';
import { ibCodeInfo, IB_MESSAGE_CODES } from './ib-message-codes.ts';

/** Codes the simulator's engine and market data emit besides its protocol table, plus the 2100 live notice. */
const SIM_EXTRA = [103, 104, 105, 110, 200, 201, 202, 321, 10147, 10148, 10089, 10167, 354, 2100];
/** Codes named in ../shared/ibkr-field-notes.md. */
const FIELD_NOTES = [10197, 326, 103, 200, 354, 10167, 10168, 10089, 100, 451, 10349, 321, 1100, 1101, 1102];

describe('IB message-code table', () => {
  it('covers every code the simulator emits and those in the field notes', () => {
    const simCodes = Object.keys(protocol.ERROR_CODES).map(Number);
    expect(simCodes.length).toBeGreaterThan(20);
    for (const code of [...simCodes, ...SIM_EXTRA, ...FIELD_NOTES]) {
      expect(IB_MESSAGE_CODES.has(code), `code ${code}`).toBe(true);
    }
  });

  it('classifies the connectivity cycle and pacing', () => {
    expect(ibCodeInfo(1100)).toMatchObject({ category: 'connectivity', action: 'degrade' });
    expect(ibCodeInfo(1101)).toMatchObject({ action: 'restore_resync' });
    expect(ibCodeInfo(1102)).toMatchObject({ action: 'restore' });
    expect(ibCodeInfo(326)).toMatchObject({ category: 'connectivity', action: 'retry_later' });
    expect(ibCodeInfo(100)).toMatchObject({ category: 'pacing' });
    expect(ibCodeInfo(502).explanation).toContain('Is TWS or IB Gateway running');
  });

  it('gives every row a sentence for the user', () => {
    for (const info of IB_MESSAGE_CODES.values()) expect(info.explanation).toMatch(/^[A-Z].{10,}\.$/);
  });

  it('classifies unknown codes by range', () => {
    expect(ibCodeInfo(2199)).toMatchObject({ category: 'information', action: 'none' });
    expect(ibCodeInfo(599)).toMatchObject({ category: 'client' });
    expect(ibCodeInfo(9999)).toMatchObject({ action: 'fail_request' });
  });
});
