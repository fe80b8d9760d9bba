import { describe, expect, it } from 'vitest';
import { thinPoints } from './price-trace';

describe('thinPoints', () => {
  it('keeps short series whole', () => {
    const points = [{ timeMs: 0, microPrice: 1 }];
    expect(thinPoints(points)).toEqual(points);
  });

  it('keeps at most the limit, in time order, with the ends and the spikes', () => {
    const points = Array.from({ length: 10_000 }, (_, i) => ({
      timeMs: i * 10,
      microPrice: 500_000 + (i % 7) * 1_000 + (i === 4_321 ? 90_000 : 0),
    }));
    const thinned = thinPoints(points, 500);
    expect(thinned.length).toBeLessThanOrEqual(500);
    expect(thinned[0]).toEqual(points[0]);
    expect(thinned.at(-1)).toEqual(points.at(-1));
    expect(thinned).toContainEqual(points[4_321]);
    const times = thinned.map((p) => p.timeMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
