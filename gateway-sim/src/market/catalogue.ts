// The instrument catalogue: built from the shipped data for a simulation date, validated on load,
// indexed for contract resolution.
import type { ContractQuery, Instrument } from './types.ts';

export interface Catalogue {
  readonly instruments: readonly Instrument[];
  byConId(conId: number): Instrument | undefined;
  /** All instruments matching the query (0 = unknown → 200, >1 = ambiguous). */
  resolve(query: ContractQuery): Instrument[];
  matchingSymbols(pattern: string): Instrument[];
  derivativeSecTypes(conId: number): string[];
}
