import { useMemo, useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { selectSnapshot, useMarketStore, useSelectedTokenId } from '../../state/market-store';
import { useOrderStore } from '../../state/order-store';
import { STOIKOV_COLOR, stoikovText } from '../book/stoikov-view';
import { useStoikovChosen } from '../book/use-stoikov-chosen';
import { formatClock } from '../format';
import { priceDomain } from './price-domain';
import { timeTicks } from './time-ticks';
import { usePricePoints } from './use-price-points';
import { FillDot } from './FillDot';
import { fillPoints } from './fill-points';
import type { FillPoint } from './fill-points';

const WINDOWS = [
  { label: '1m', ms: 60_000 },
  { label: '5m', ms: 300_000 },
  { label: 'all', ms: Number.POSITIVE_INFINITY },
] as const;

type WindowLabel = (typeof WINDOWS)[number]['label'];

/** Our fills on the token (from the live order events), one dot per trade. */
function useFills(tokenId: string | null): FillPoint[] {
  const orders = useOrderStore((s) => s.orders);
  const events = useOrderStore((s) => s.events);
  return useMemo(() => {
    if (!tokenId) return [];
    return Object.entries(events).flatMap(([orderId, list]) =>
      orders[orderId]?.spec.tokenId === tokenId ? fillPoints(list) : [],
    );
  }, [tokenId, orders, events]);
}

const fmtPrice = (v: number): string => v.toFixed(3);

/**
 * Best bid/ask, mid, micro-price with its band, our order and fills, and Stoikov's micro-price
 * when it is chosen; redrawn at most 10 times a second.
 */
export function PriceChart() {
  const tokenId = useSelectedTokenId();
  const points = usePricePoints(tokenId, 10);
  const showStoikov = useStoikovChosen(tokenId);
  // A string, so the chart redraws when the status changes, not on every book.
  const stoikovStatus = useMarketStore((s) => {
    const text = stoikovText(selectSnapshot(s)?.stoikov);
    return text.priced ? null : text.value;
  });
  const fills = useFills(tokenId);
  const [windowLabel, setWindowLabel] = useState<WindowLabel>('1m');
  const span = WINDOWS.find((w) => w.label === windowLabel)?.ms ?? 60_000;
  const end = points.at(-1)?.t ?? 0;
  const first = points[0]?.t ?? 0;
  // The window never starts before the first sample, so a fresh chart is not squeezed to the right.
  const start = Number.isFinite(span) ? Math.max(first, end - span) : first;
  const shown = useMemo(() => points.filter((p) => p.t >= start), [points, start]);
  const domain = useMemo(() => priceDomain(shown), [shown]);
  const shownFills = useMemo(
    () => fills.filter((f) => f.t >= start && f.t <= end + 1_000),
    [fills, start, end],
  );

  const stoikovPoints = useMemo(
    () => (showStoikov ? shown.filter((p) => p.stoikov !== null).length : 0),
    [shown, showStoikov],
  );

  if (!tokenId) return <p className="empty">Select a market to see its prices.</p>;
  return (
    <div
      className="price-chart"
      data-testid="price-chart"
      data-points={shown.length}
      data-stoikov-points={stoikovPoints}
    >
      <div className="chart-bar">
        <span className="legend">
          <i className="lg-bid" />
          bid <i className="lg-ask" />
          ask <i className="lg-mid" />
          mid <i className="lg-micro" />
          micro <i className="lg-band" />
          band <i className="lg-our" />
          our <i className="lg-fill" />
          fills
          {showStoikov && (
            <span data-testid="chart-stoikov-legend" title="Stoikov's micro-price">
              <i style={{ background: STOIKOV_COLOR }} />
              Stoikov
              {stoikovStatus !== null && (
                <span className="muted" data-testid="chart-stoikov-status">
                  {' '}
                  {stoikovStatus}
                </span>
              )}
            </span>
          )}
        </span>
        <span className="segmented small" role="group" aria-label="Time window">
          {WINDOWS.map((w) => (
            <button
              key={w.label}
              type="button"
              className={w.label === windowLabel ? 'on' : ''}
              data-testid={`window-${w.label}`}
              onClick={() => setWindowLabel(w.label)}
            >
              {w.label}
            </button>
          ))}
        </span>
      </div>
      <div className="chart-body">
        {shown.length < 2 ? (
          <p className="empty">Collecting prices…</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={shown} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#30363d" strokeDasharray="2 4" />
              <XAxis
                dataKey="t"
                type="number"
                domain={[start, end]}
                ticks={timeTicks(start, end)}
                scale="time"
                tickFormatter={formatClock}
                stroke="#8b949e"
                fontSize={10}
              />
              <YAxis
                domain={domain}
                allowDataOverflow
                tickFormatter={fmtPrice}
                stroke="#8b949e"
                fontSize={10}
                width={42}
              />
              <Tooltip
                contentStyle={{ background: '#161b22', border: '1px solid #30363d', fontSize: 11 }}
                labelFormatter={(t) => formatClock(Number(t))}
                formatter={(v) =>
                  Array.isArray(v)
                    ? v.map((x) => Number(x).toFixed(4)).join(' – ')
                    : Number(v).toFixed(4)
                }
              />
              <Area
                dataKey="band"
                name="band"
                stroke="none"
                fill="#58a6ff"
                fillOpacity={0.15}
                isAnimationActive={false}
              />
              <Line
                dataKey="bid"
                name="bid"
                stroke="#3fb950"
                dot={false}
                strokeWidth={1.5}
                isAnimationActive={false}
                type="stepAfter"
              />
              <Line
                dataKey="ask"
                name="ask"
                stroke="#f85149"
                dot={false}
                strokeWidth={1.5}
                isAnimationActive={false}
                type="stepAfter"
              />
              <Line
                dataKey="mid"
                name="mid"
                stroke="#8b949e"
                dot={false}
                strokeDasharray="3 3"
                isAnimationActive={false}
              />
              <Line
                dataKey="micro"
                name="micro"
                stroke="#58a6ff"
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
              />
              {showStoikov && (
                <Line
                  dataKey="stoikov"
                  name="Stoikov"
                  stroke={STOIKOV_COLOR}
                  dot={false}
                  strokeWidth={2}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              )}
              <Line
                dataKey="our"
                name="our order"
                stroke="#d29922"
                dot={false}
                strokeWidth={2}
                type="stepAfter"
                connectNulls={false}
                isAnimationActive={false}
              />
              {shownFills.length > 0 && (
                <Scatter
                  data={shownFills}
                  dataKey="fill"
                  name="fill"
                  fill="#e3b341"
                  shape={FillDot}
                  isAnimationActive={false}
                />
              )}
            </ComposedChart>
          </ResponsiveContainer>
        )}
      </div>
    </div>
  );
}
