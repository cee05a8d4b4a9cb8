// The day's P&L of one connection (its accounts' daily P&L summed) as a line, drawn with
// TradingView's lightweight-charts. The server keeps no history of the day's P&L, so the line is
// the samples this page received since it opened (the live pnl events), starting from the value
// GET /api/positions gave; the caption says so.
import { useEffect, useRef } from 'react';
import { createChart, LineSeries, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';

export interface PnlPoint { at: number; value: number }

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** One point per second (the chart's time unit), the latest value of that second. */
function perSecond(points: readonly PnlPoint[]): Array<{ time: UTCTimestamp; value: number }> {
  const out: Array<{ time: UTCTimestamp; value: number }> = [];
  for (const p of points) {
    const time = Math.floor(p.at / 1000) as UTCTimestamp;
    const last = out[out.length - 1];
    if (last && last.time === time) last.value = p.value;
    else if (!last || last.time < time) out.push({ time, value: p.value });
  }
  return out;
}

export function PnlChart({ label, points }: { label: string; points: readonly PnlPoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Line'> | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const text = cssVar('--text', '#16181d');
    const line = cssVar('--line', '#d5d9e0');
    const made = createChart(box.current, {
      autoSize: true,
      // The logo is a link inside the chart's image role (a nested control); the credit is in the caption instead.
      layout: { background: { color: 'transparent' }, textColor: text, attributionLogo: false },
      grid: { vertLines: { color: line }, horzLines: { color: line } },
      timeScale: { timeVisible: true, secondsVisible: true },
      handleScroll: false,
      handleScale: false,
    });
    chart.current = made;
    series.current = made.addSeries(LineSeries, { color: cssVar('--accent', '#1f5fd1'), lineWidth: 2 });
    return () => {
      made.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    series.current?.setData(perSecond(points));
    chart.current?.timeScale().fitContent();
  }, [points]);

  return <div ref={box} className="pnl-chart" role="img" aria-label={label} />;
}
