// Snapshot / restore of the whole engine state as JSON (`--state FILE`).

/** Opaque to callers: produced by Engine.snapshot(), fed back through EngineOptions.state. */
export interface EngineState {
  version: 1;
  savedAt: number;
  [key: string]: unknown;
}

export async function loadStateFile(_file: string): Promise<EngineState> {
  throw new Error('loadStateFile: not implemented yet');
}
