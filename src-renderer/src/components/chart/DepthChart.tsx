import { useMemo } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { bookFromView, cumulativeDepth, MICROS_PER_UNIT } from '@shared/math';
import { useSampledSnapshot } from '../../state/use-sampled';

interface DepthPoint {
  price: number;
  bids: number | null;
  asks: number | null;
}

/** Cumulative size from the best price outward, bids left and asks right (10 Hz). */
export function DepthChart() {
  const snapshot = useSampledSnapshot(10);
  const data = useMemo(() => {
    if (!snapshot) return [];
    const book = bookFromView(snapshot);
    const points: DepthPoint[] = [];
    for (const l of cumulativeDepth(book.bids).reverse()) {
      points.push({
        price: l.priceMicros / MICROS_PER_UNIT,
        bids: l.cumSizeMicros / MICROS_PER_UNIT,
        asks: null,
      });
    }
    for (const l of cumulativeDepth(book.asks)) {
      points.push({
        price: l.priceMicros / MICROS_PER_UNIT,
        bids: null,
        asks: l.cumSizeMicros / MICROS_PER_UNIT,
      });
    }
    return points;
  }, [snapshot]);
  if (data.length === 0) return <p className="empty">No depth yet.</p>;
  return (
    <div className="depth-chart" data-testid="depth-chart">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 6, right: 6, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#30363d" strokeDasharray="2 4" />
          <XAxis
            dataKey="price"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(v: number) => v.toFixed(2)}
            stroke="#8b949e"
            fontSize={10}
            minTickGap={20}
          />
          <YAxis
            stroke="#8b949e"
            fontSize={10}
            width={38}
            tickFormatter={(v: number) => (v >= 1000 ? `${(v / 1000).toFixed(0)}k` : String(v))}
          />
          <Tooltip
            contentStyle={{ background: '#161b22', border: '1px solid #30363d', fontSize: 11 }}
            labelFormatter={(p) => `price ${Number(p).toFixed(3)}`}
          />
          <Area
            dataKey="bids"
            type="stepBefore"
            stroke="#3fb950"
            fill="#3fb950"
            fillOpacity={0.25}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Area
            dataKey="asks"
            type="stepAfter"
            stroke="#f85149"
            fill="#f85149"
            fillOpacity={0.25}
            isAnimationActive={false}
            connectNulls={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
