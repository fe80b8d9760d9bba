import { describe, expect, it } from 'vitest';
import { checkOrderForm, defaultFormValues, toRequestInput } from './order-form-model';
import type { OrderFormValues } from './order-form-model';

const filled = (over: Partial<OrderFormValues> = {}): OrderFormValues => ({
  ...defaultFormValues(),
  totalSize: '10',
  maxPrice: '0.55',
  minPrice: '0.45',
  ...over,
});

describe('the order form’s estimator', () => {
  it('sends nothing for the weighted mid, so an untouched form asks what it always did', () => {
    expect(toRequestInput(filled(), '123').microPriceParams).not.toHaveProperty('estimator');
  });

  it('sends stoikov for micro-price and Kelly orders', () => {
    const micro = checkOrderForm(filled({ estimator: 'stoikov' }), '123');
    expect(micro.ok && micro.spec.microPriceParams?.estimator).toBe('stoikov');
    const kelly = checkOrderForm(
      filled({
        strategy: 'kelly',
        estimator: 'stoikov',
        winProbability: '0.7',
        maxPositionSize: '20',
      }),
      '123',
    );
    expect(kelly.ok && kelly.spec.kellyParams?.microPriceParams.estimator).toBe('stoikov');
  });
});
