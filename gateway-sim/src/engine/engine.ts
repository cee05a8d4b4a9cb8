// The engine implementation behind engine/index.ts (being built).
import type { Engine, EngineOptions } from './index.ts';

export function createSimEngine(_options: EngineOptions): Engine {
  throw new Error('createSimEngine: not implemented yet');
}
