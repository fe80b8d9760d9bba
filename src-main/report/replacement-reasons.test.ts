import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '@shared/domain/order';
import { countReplacements, mergeReasons, replacementReason } from './replacement-reasons';

const event = (type: OrderEvent['type'], reason: string): OrderEvent => ({
  seq: 0,
  orderId: 'o',
  at: 0,
  type,
  state: 'ACTIVE',
  reason,
});

describe('replacement reasons', () => {
  it('reads the reason out of the ledger note, or keeps a note of another shape', () => {
    expect(replacementReason(event('replace', 'replace #3 (too_aggressive): 0.45 → 0.46'))).toBe(
      'too_aggressive',
    );
    expect(
      replacementReason(
        event('replace', 'replace #1 (tick_size_changed): 0.45 → 0.455, placed before the cancel'),
      ),
    ).toBe('tick_size_changed');
    expect(replacementReason(event('replace', 'moved'))).toBe('moved');
  });

  it('counts replace events only, most frequent first, and merges counts', () => {
    const counted = countReplacements([
      event('replace', 'replace #1 (too_passive): 0.4 → 0.41'),
      event('note', 'replace #9 (not counted): 0.4 → 0.41'),
      event('replace', 'replace #2 (too_aggressive): 0.41 → 0.4'),
      event('replace', 'replace #3 (too_passive): 0.4 → 0.41'),
    ]);
    expect(counted).toEqual({
      replacements: 3,
      reasons: [
        { reason: 'too_passive', count: 2 },
        { reason: 'too_aggressive', count: 1 },
      ],
    });
    expect(mergeReasons([counted.reasons, [{ reason: 'too_aggressive', count: 2 }]])).toEqual([
      { reason: 'too_aggressive', count: 3 },
      { reason: 'too_passive', count: 2 },
    ]);
  });
});
