import { describe, expect, it } from 'vitest';
import { takerFeeMicros } from '../emulator/engine/fees';
import { estimatedFeeMicros } from './fee-estimate';

describe('estimatedFeeMicros', () => {
  it('is the paper exchange own taker fee, to the micro', () => {
    // 0.02 · 10 shares · (0.4·0.6)^1 = 0.048; with e = 2: 0.01152 → 0.01152.
    expect(
      estimatedFeeMicros(
        { ratePpm: 20_000, exponent: 1, takerOnly: true },
        'TAKER',
        400_000,
        10_000_000,
      ),
    ).toBe(48_000);
    for (const [r, e, p, size] of [
      [0.02, 1, 400_000, 10_000_000],
      [0.0625, 2, 123_000, 7_330_000],
      [0.25, 1, 990_000, 1_000_000],
    ] as const) {
      expect(
        estimatedFeeMicros(
          { ratePpm: Math.round(r * 1e6), exponent: e, takerOnly: true },
          'TAKER',
          p,
          size,
        ),
      ).toBe(Number(takerFeeMicros({ r, e, to: true }, BigInt(size), p)));
    }
  });

  it('charges makers nothing on a taker-only schedule', () => {
    const fees = { ratePpm: 20_000, exponent: 1, takerOnly: true };
    expect(estimatedFeeMicros(fees, 'MAKER', 400_000, 10_000_000)).toBe(0);
    expect(estimatedFeeMicros({ ...fees, takerOnly: false }, 'MAKER', 400_000, 10_000_000)).toBe(
      48_000,
    );
  });
});
