// Shared by the benchmarks: their flags and the machine they ran on (recorded next to every figure).
import os from 'node:os';

/** `--name N` from the command line: a positive integer, or the fallback. */
export function intArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

export interface Machine { cpuModel: string; cpus: number; memGiB: number; node: string; platform: string }

export function machine(): Machine {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}
