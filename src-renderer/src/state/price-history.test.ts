import { describe, expect, it } from 'vitest';
import { snapshotFixture } from '../test/fixtures';
import { MAX_POINTS, PriceHistory, SAMPLE_MS } from './price-history';

describe('PriceHistory', () => {
  it('keeps at most MAX_POINTS points per token, newest last', () => {
    const history = new PriceHistory();
    for (let i = 0; i < MAX_POINTS + 500; i++) {
      history.record(snapshotFixture(), i * SAMPLE_MS);
    }
    const points = history.read('1111111111');
    expect(points).toHaveLength(MAX_POINTS);
    expect(points.at(-1)?.t).toBe((MAX_POINTS + 499) * SAMPLE_MS);
  });

  it('replaces the live edge within a sample period so it is always the newest book', () => {
    const history = new PriceHistory();
    history.record(snapshotFixture(), 0);
    history.record(snapshotFixture({ bestBid: 500_000 }), 100);
    history.record(snapshotFixture({ bestBid: 490_000 }), 150);
    const points = history.read('1111111111');
    expect(points).toHaveLength(2);
    expect(points[1]).toMatchObject({
      t: 150,
      bid: 0.49,
      mid: 0.505,
      micro: 0.516,
      band: [0.51, 0.52],
    });
  });
});
