import { useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { StrategyType } from '@shared/domain/order-request';
import type { ExecutionReport } from '@shared/report/execution-report';
import { strategyName } from '../entry/order-preview';
import { AXIS, GRID, TOOLTIP_STYLE } from './chart-style';
import { curveStrategies, markoutCurve } from './markout-curve';
import { formatTicks } from './report-format';
import { StrategyLegend } from './StrategyLegend';
import { STRATEGY_COLORS } from './strategy-style';

/** Average markout per strategy at the fill and 1, 10, 60 s after it, in ticks (+ = ours). */
export function MarkoutChart({ report }: { report: ExecutionReport }) {
  const rows = useMemo(() => markoutCurve(report), [report]);
  const present = curveStrategies(rows);
  return (
    <figure className="report-chart" data-testid="markout-chart">
      <figcaption className="chart-bar">
        <span>Markout, ticks (+ = price moved our way)</span>
        <StrategyLegend present={present} />
      </figcaption>
      <div className="report-chart-body">
        {present.length === 0 ? (
          <p className="empty">No markouts yet: they need fills and the micro-price after them.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid {...GRID} />
              <XAxis dataKey="label" {...AXIS} />
              <YAxis {...AXIS} width={40} tickFormatter={(v: number) => v.toFixed(1)} />
              <ReferenceLine y={0} stroke="#8b949e" />
              <Tooltip
                contentStyle={TOOLTIP_STYLE}
                labelFormatter={(label) => `${String(label)} after the fill`}
                formatter={(value, name) => [
                  `${formatTicks(Number(value))} ticks`,
                  strategyName(name as StrategyType),
                ]}
              />
              {present.map((s) => (
                <Line
                  key={s}
                  dataKey={s}
                  name={s}
                  stroke={STRATEGY_COLORS[s]}
                  strokeWidth={2}
                  dot={{ r: 3, fill: STRATEGY_COLORS[s] }}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}
