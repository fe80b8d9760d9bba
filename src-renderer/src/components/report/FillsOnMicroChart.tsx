import { useMemo } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ExecutionReport, OrderQuality } from '@shared/report/execution-report';
import { timeTicks } from '../chart/time-ticks';
import { MICROS_PER_UNIT } from '@shared/math';
import { formatClock, formatPrice } from '../format';
import { AXIS, GRID, TOOLTIP_STYLE } from './chart-style';
import { FillSizeDot } from './FillSizeDot';
import { orderTrace } from './order-trace';

/** The order's token's micro-price with the order's fills on it and its arrival micro-price. */
export function FillsOnMicroChart(props: { report: ExecutionReport; order: OrderQuality }) {
  const trace = useMemo(() => orderTrace(props.report, props.order), [props.report, props.order]);
  const times = [...trace.points.map((p) => p.t), ...trace.fills.map((f) => f.t), trace.arrivalMs];
  const start = Math.min(...times);
  const end = Math.max(...times);
  return (
    <figure
      className="report-chart fills-on-micro"
      data-testid="fills-on-micro-chart"
      data-points={trace.points.length}
      data-fills={trace.fills.length}
    >
      <figcaption className="chart-bar">
        <span>Fills on the micro-price</span>
        <span className="legend">
          <i className="lg-micro" />
          micro <i className="lg-arrival" />
          arrival <i className="lg-fill" />
          fills (area = size)
        </span>
      </figcaption>
      <div className="report-chart-body">
        {trace.points.length < 2 && trace.fills.length === 0 ? (
          <p className="empty">No micro-price recorded for this order&apos;s token.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={trace.points} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid {...GRID} />
              <XAxis
                dataKey="t"
                type="number"
                domain={[start, end]}
                ticks={timeTicks(start, end)}
                scale="time"
                tickFormatter={formatClock}
                {...AXIS}
              />
              <YAxis
                domain={trace.domain}
                ticks={trace.priceTicks}
                allowDataOverflow
                tickFormatter={(v: number) =>
                  formatPrice(Math.round(v * MICROS_PER_UNIT), props.order.tickMicros)
                }
                width={42}
                {...AXIS}
              />
              <Tooltip
                contentStyle={TOOLTIP_STYLE}
                labelFormatter={(t) => formatClock(Number(t))}
                formatter={(v) => Number(v).toFixed(4)}
              />
              {trace.arrival !== null && (
                <ReferenceLine
                  y={trace.arrival}
                  stroke="#d29922"
                  strokeDasharray="4 3"
                  label={{
                    value: 'arrival',
                    fill: '#d29922',
                    fontSize: 10,
                    position: 'insideTopLeft',
                  }}
                />
              )}
              <ReferenceLine x={trace.arrivalMs} stroke="#d29922" strokeOpacity={0.5} />
              <Line
                dataKey="micro"
                name="micro"
                stroke="#58a6ff"
                dot={false}
                strokeWidth={2}
                type="stepAfter"
                isAnimationActive={false}
              />
              {trace.fills.length > 0 && (
                <Scatter
                  data={trace.fills}
                  dataKey="price"
                  name="fill"
                  fill="#e3b341"
                  shape={FillSizeDot}
                  isAnimationActive={false}
                />
              )}
            </ComposedChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}
