import { describe, expect, it } from 'vitest';
import { amountPrecisionError, decimalsOf, marketMinimumError } from './amount-rules.js';

describe('amount precision rules', () => {
  it('counts the decimals of base units', () => {
    expect(decimalsOf(5_700_000n)).toBe(1);
    expect(decimalsOf(5_774_100n)).toBe(4);
    expect(decimalsOf(10_000_000n)).toBe(0);
    expect(decimalsOf(1n)).toBe(6);
  });

  it('limits limit orders by the tick table: shares 2 decimals, collateral tick + 2', () => {
    expect(amountPrecisionError('BUY', 'GTC', 5_774_100n, 10_130_000n, 10_000)).toBeNull();
    expect(amountPrecisionError('BUY', 'GTC', 5_774_110n, 10_130_000n, 10_000)).toBe(
      'invalid amounts, the buy orders maker amount supports a max accuracy of 4 decimals, taker amount a max of 2 decimals',
    );
    expect(amountPrecisionError('BUY', 'GTD', 5_798_760n, 10_120_000n, 1_000)).toBeNull();
    expect(amountPrecisionError('SELL', 'GTC', 10_125_000n, 5_700_000n, 10_000)).toBe(
      'invalid amounts, the sell orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals',
    );
    expect(amountPrecisionError('SELL', 'GTC', 10_120_000n, 3_369_960n, 1_000)).toBeNull();
  });

  it('limits market orders to 2 / 4 decimals whatever the tick', () => {
    expect(amountPrecisionError('BUY', 'FOK', 10_000_000n, 17_543_800n, 10_000)).toBeNull();
    expect(amountPrecisionError('BUY', 'FAK', 9_980_000n, 10_131_970n, 1_000)).toMatch(
      /market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4/,
    );
    expect(amountPrecisionError('SELL', 'FOK', 10_120_000n, 5_798_760n, 1_000)).toMatch(
      /sell orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4/,
    );
  });

  it('wants $1 from FOK/FAK orders only', () => {
    expect(marketMinimumError('BUY', 'FOK', 500_000n, 1_000_000n, 1_000_000n)).toBe(
      'invalid amount for a marketable BUY order ($0.5), min size: $1',
    );
    expect(marketMinimumError('SELL', 'FAK', 5_000_000n, 990_000n, 1_000_000n)).toMatch(/SELL/);
    expect(marketMinimumError('BUY', 'GTC', 500_000n, 1_000_000n, 1_000_000n)).toBeNull();
    expect(marketMinimumError('BUY', 'FOK', 500_000n, 1_000_000n, 0n)).toBeNull();
  });
});
