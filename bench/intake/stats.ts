// Latency summaries for the intake benchmark. Quantiles are nearest-rank on the sorted samples, so
// p99.9 of 600 samples is honestly the maximum rather than an interpolation.
export interface LatencyStats { count: number; p50: number; p99: number; p999: number; max: number; mean: number }

const round = (v: number): number => Math.round(v * 100) / 100;

export function latencyStats(values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN);
  const mean = sorted.length === 0 ? Number.NaN : sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: round(sorted.at(-1) ?? Number.NaN), mean: round(mean) };
}

export function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of keys) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}
