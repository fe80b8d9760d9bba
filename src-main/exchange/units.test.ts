import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToMicros, decimalToMicrosBig, microsToDecimal, numberToMicros } from './units';

describe('units', () => {
  it('parses exchange decimals exactly', () => {
    expect(decimalToMicros('0.57')).toBe(570_000);
    expect(decimalToMicros('10.123')).toBe(10_123_000);
    expect(decimalToMicros('219.217767')).toBe(219_217_767);
    expect(decimalToMicros('0.0050')).toBe(5_000);
    expect(decimalToMicros('5')).toBe(5_000_000);
    expect(decimalToMicros('.5')).toBe(500_000);
    expect(decimalToMicrosBig('-1.5')).toBe(-1_500_000n);
  });

  it('refuses what is not an exact ≤ 6-decimal number', () => {
    for (const bad of ['', '.', 'abc', '1e-7', '0.0000001', '1.2.3', ' ']) {
      expect(() => decimalToMicros(bad)).toThrow(RangeError);
    }
    expect(() => numberToMicros(0.1234567)).toThrow(RangeError);
    expect(numberToMicros(0.01)).toBe(10_000);
    expect(numberToMicros(0.0025)).toBe(2_500);
  });

  it('round-trips micros through the shortest decimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (micros) => {
        expect(decimalToMicrosBig(microsToDecimal(micros))).toBe(micros);
      }),
    );
    expect(microsToDecimal(570_000)).toBe('0.57');
    expect(microsToDecimal(10_000_000)).toBe('10');
  });
});
