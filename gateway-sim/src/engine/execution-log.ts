// Executions as they happened (what reqExecutions replays), with the execIds TWS-style clients key
// fills and commissions by: a per-seed prefix and a sequence that continues across restarts.
import { hashString } from '../market/prng.ts';
import type { ExecRecord } from './state.ts';

export interface ExecutionLogState {
  execSeq: number;
  executions: ExecRecord[];
}

export class ExecutionLog {
  private readonly prefix: string;
  private seq: number;
  private readonly records: ExecRecord[];

  constructor(seed: number, startMs: number, saved?: ExecutionLogState) {
    this.prefix = (hashString(`exec:${seed}`) >>> 0).toString(16).padStart(8, '0');
    this.seq = saved?.execSeq ?? Math.floor(startMs / 1000);
    this.records = saved?.executions.map((e) => ({ ...e })) ?? [];
  }

  /** Appends an execution under a fresh execId. */
  record(fields: Omit<ExecRecord, 'execId'>): ExecRecord {
    const exec: ExecRecord = { execId: `${this.prefix}.${(this.seq++ >>> 0).toString(16).padStart(8, '0')}.01.01`, ...fields };
    this.records.push(exec);
    return exec;
  }

  all(): readonly ExecRecord[] {
    return this.records;
  }

  snapshot(): ExecutionLogState {
    return { execSeq: this.seq, executions: this.records };
  }
}
