import { describe, expect, it } from 'vitest';
import { marketOrderProblem } from './market-order-rules';

describe('marketOrderProblem', () => {
  it('leaves limit orders alone', () => {
    expect(marketOrderProblem('GTC', 'BUY', 5_774_100, 10_130_000)).toBeNull();
  });

  it('wants whole cents on the maker side and 4 decimals on the taker side of FOK/FAK', () => {
    expect(marketOrderProblem('FOK', 'BUY', 5_774_100, 10_130_000)).toMatch(/at most 2 decimals/);
    expect(marketOrderProblem('FAK', 'SELL', 10_120_000, 5_798_760)).toMatch(/at most 2 decimals/);
    expect(marketOrderProblem('FOK', 'BUY', 5_700_000, 10_000_000)).toBeNull();
  });

  it('wants at least $1 of collateral', () => {
    expect(marketOrderProblem('FOK', 'BUY', 500_000, 1_000_000)).toMatch(/at least \$1/);
    expect(marketOrderProblem('FAK', 'SELL', 2_000_000, 900_000)).toMatch(/at least \$1/);
  });
});
