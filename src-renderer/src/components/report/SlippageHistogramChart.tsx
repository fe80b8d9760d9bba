import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StrategyType } from '@shared/domain/order-request';
import type { ExecutionReport } from '@shared/report/execution-report';
import { strategyName } from '../entry/order-preview';
import { AXIS, GRID, TOOLTIP_STYLE } from './chart-style';
import { fillSlippages, slippageHistogram } from './slippage-histogram';
import { StrategyLegend } from './StrategyLegend';
import { STRATEGIES, STRATEGY_COLORS } from './strategy-style';

/** Fills per bin of slippage against arrival (ticks, + = cost), stacked per strategy. */
export function SlippageHistogramChart({ report }: { report: ExecutionReport }) {
  const histogram = useMemo(() => slippageHistogram(fillSlippages(report.orders)), [report]);
  const present = STRATEGIES.filter((s) => histogram.bins.some((b) => b[s] > 0));
  return (
    <figure
      className="report-chart"
      data-testid="slippage-histogram"
      data-bin-width={histogram.binWidth}
      data-fills={histogram.fills}
    >
      <figcaption className="chart-bar">
        <span>Slippage per fill, ticks (+ = cost), bins of {histogram.binWidth}</span>
        <StrategyLegend present={present} />
      </figcaption>
      <div className="report-chart-body">
        {histogram.fills === 0 ? (
          <p className="empty">No fills with an arrival micro-price yet.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={histogram.bins} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid {...GRID} vertical={false} />
              <XAxis dataKey="label" {...AXIS} />
              <YAxis {...AXIS} width={28} allowDecimals={false} />
              <Tooltip
                contentStyle={TOOLTIP_STYLE}
                cursor={{ fill: '#ffffff10' }}
                labelFormatter={(label) => `${String(label)} ticks`}
                formatter={(value, name) => [
                  `${Number(value)} fills`,
                  strategyName(name as StrategyType),
                ]}
              />
              {present.map((s) => (
                <Bar
                  key={s}
                  dataKey={s}
                  name={s}
                  stackId="fills"
                  fill={STRATEGY_COLORS[s]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}
