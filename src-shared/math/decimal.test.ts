import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolydeskError } from '@shared/errors';
import { decimalToMicros, divCeil, divFloor, divRoundHalfEven, microsToDecimal } from './decimal';

describe('decimalToMicros', () => {
  it.each([
    ['0.5', 500_000],
    ['0.55', 550_000],
    ['12.34', 12_340_000],
    ['1', 1_000_000],
    ['0', 0],
    ['.5', 500_000],
    ['7.', 7_000_000],
    ['0.000001', 1],
    ['0.123456', 123_456],
    ['100.000000', 100_000_000],
    ['0.10000000', 100_000],
    ['0.1', 100_000],
    ['0.3', 300_000],
  ])('%s → %d', (text, micros) => {
    expect(decimalToMicros(text)).toBe(micros);
  });

  it.each([
    '0.1234567',
    '0.0000001',
    '-0.5',
    '+0.5',
    '1e-3',
    '1E6',
    'NaN',
    'Infinity',
    '',
    '.',
    ' 0.5',
    '0.5 ',
    '0,5',
    '0x10',
    '1.2.3',
    '9007199254.740992',
  ])('rejects %j', (text) => {
    expect(() => decimalToMicros(text)).toThrow(PolydeskError);
  });

  it('says a negative amount is negative, not malformed', () => {
    expect(() => decimalToMicros('-5', 'amount')).toThrow('amount: "-5" must not be negative');
    expect(() => decimalToMicros('-x', 'amount')).toThrow('is not a plain decimal number');
  });

  it('names the field in the error', () => {
    expect(() => decimalToMicros('abc', 'bids[0].price')).toThrow(/bids\[0\]\.price/);
  });
});

describe('microsToDecimal', () => {
  it.each([
    [500_000, '0.5'],
    [550_000, '0.55'],
    [12_340_000, '12.34'],
    [1_000_000, '1'],
    [0, '0'],
    [1, '0.000001'],
    [-250_000, '-0.25'],
    [10_000n, '0.01'],
  ])('%d → %s', (micros, text) => {
    expect(microsToDecimal(micros)).toBe(text);
  });

  it('rejects non-integers', () => {
    expect(() => microsToDecimal(0.5)).toThrow(PolydeskError);
  });

  it('round-trips every non-negative safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (micros) => {
        expect(decimalToMicros(microsToDecimal(micros))).toBe(micros);
      }),
    );
  });

  it('is canonical: no trailing zeros, no trailing point', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (micros) => {
        expect(microsToDecimal(micros)).not.toMatch(/\.$|\.\d*0$/);
      }),
    );
  });
});

describe('bigint division', () => {
  it('rounds half to even', () => {
    expect(divRoundHalfEven(5n, 2n)).toBe(2n);
    expect(divRoundHalfEven(7n, 2n)).toBe(4n);
    expect(divRoundHalfEven(-5n, 2n)).toBe(-2n);
    expect(divRoundHalfEven(-7n, 2n)).toBe(-4n);
    expect(divRoundHalfEven(10n, 3n)).toBe(3n);
    expect(divRoundHalfEven(11n, 3n)).toBe(4n);
  });

  it('ceils and floors toward infinities', () => {
    expect(divCeil(7n, 2n)).toBe(4n);
    expect(divCeil(-7n, 2n)).toBe(-3n);
    expect(divFloor(-7n, 2n)).toBe(-4n);
    expect(divFloor(7n, 2n)).toBe(3n);
  });

  it('half-even is within half a unit and antisymmetric', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (n, d) => {
          const q = divRoundHalfEven(n, d);
          const error = q * d - n;
          expect(2n * (error < 0n ? -error : error) <= d).toBe(true);
          expect(divRoundHalfEven(-n, d)).toBe(-q);
        },
      ),
    );
  });
});
