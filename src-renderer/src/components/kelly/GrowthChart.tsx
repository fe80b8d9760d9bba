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
import type { GrowthPoint } from '@shared/math';

const pct = (v: number): string => `${(v * 100).toFixed(0)}%`;

/** G(f) with full and fractional Kelly marked. */
export function GrowthChart(props: { curve: GrowthPoint[]; full: number; fractional: number }) {
  return (
    <div className="growth-chart" data-testid="growth-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={props.curve} margin={{ top: 16, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#30363d" strokeDasharray="2 4" />
          <XAxis
            dataKey="fraction"
            type="number"
            domain={[0, 'dataMax']}
            tickFormatter={pct}
            stroke="#8b949e"
            fontSize={10}
          />
          <YAxis
            stroke="#8b949e"
            fontSize={10}
            width={44}
            tickFormatter={(v: number) => v.toFixed(3)}
            domain={['auto', 'auto']}
          />
          <Tooltip
            contentStyle={{ background: '#161b22', border: '1px solid #30363d', fontSize: 11 }}
            labelFormatter={(f) => `f = ${pct(Number(f))}`}
            formatter={(g) => [Number(g).toFixed(5), 'G(f)']}
          />
          <ReferenceLine y={0} stroke="#8b949e" />
          <ReferenceLine
            x={props.full}
            stroke="#f85149"
            strokeDasharray="4 3"
            label={{ value: 'full', fill: '#f85149', fontSize: 10, position: 'top' }}
          />
          <ReferenceLine
            x={props.fractional}
            stroke="#3fb950"
            strokeDasharray="4 3"
            label={{ value: 'λ', fill: '#3fb950', fontSize: 10, position: 'top' }}
          />
          <Line
            dataKey="growth"
            dot={false}
            stroke="#58a6ff"
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
