import { describe, expect, it } from 'vitest';
import { microsToFloat, numberToMicros } from './units';

describe('units', () => {
  it('reads JSON numbers exactly or refuses them', () => {
    expect(numberToMicros(0.01)).toBe(10_000);
    expect(numberToMicros(0.0025)).toBe(2_500);
    expect(numberToMicros(5)).toBe(5_000_000);
    expect(() => numberToMicros(0.1234567)).toThrow(RangeError);
    expect(() => numberToMicros(Number.NaN)).toThrow(RangeError);
  });

  it('gives the client the float that prints as the exact decimal', () => {
    expect(microsToFloat(570_000)).toBe(0.57);
    expect(String(microsToFloat(332_500))).toBe('0.3325');
    expect(String(microsToFloat(10_120_000))).toBe('10.12');
  });
});
