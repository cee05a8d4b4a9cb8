// Scenario: with no allowedSymbols every approved symbol passes; with a list, only its symbols do.
import { expect, it } from 'vitest';
import { limitsWith, riskContext } from '../../../test/support/risk-context.ts';
import { allowedSymbol } from './allowed-symbol.ts';

it('passes every symbol without a list, a listed one with a list, and denies symbol_not_allowed otherwise', () => {
  expect(allowedSymbol(riskContext(), limitsWith())).toMatchObject({ rule: 'allowed_symbol', outcome: 'pass', values: { limit: null } });
  expect(allowedSymbol(riskContext(), limitsWith({ allowedSymbols: ['MSFT', 'AAPL'] })).outcome).toBe('pass');
  const denied = allowedSymbol(riskContext(), limitsWith({ allowedSymbols: ['MSFT'] }));
  expect(denied).toMatchObject({ outcome: 'deny', code: 'symbol_not_allowed', values: { actual: 'AAPL', limit: 'MSFT' } });
  expect(denied.message).toContain('allowedSymbols');
});
