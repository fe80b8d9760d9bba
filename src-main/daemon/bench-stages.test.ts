import { describe, expect, it } from 'vitest';
import { resolveStages, type BenchStage } from './bench';

const marks = (...pairs: Array<[BenchStage, number]>) =>
  pairs.map(([stage, atMs]) => ({ stage, atMs }));

describe('reaction bench stages', () => {
  it('takes each stage at its first mark after the stage before', () => {
    const inOrder = marks(
      ['stream-received', 10],
      ['cancel-sent', 11],
      ['cancel-wire', 12],
      ['cancel-acked', 13],
      ['post-sent', 14],
      ['post-wire', 15],
    );
    // A mark before the trial started belongs to an earlier one.
    const times = resolveStages([{ stage: 'post-wire', atMs: 1 }, ...inOrder], 5);
    expect([...times]).toEqual(inOrder.map(({ stage, atMs }) => [stage, atMs]));
  });

  it('leaves out an optional read that answered after the replacement was sent', () => {
    const late = resolveStages(
      marks(['cancel-sent', 1], ['cancel-acked', 2], ['post-sent', 3], ['order-read', 4]),
      0,
    );
    expect(late.has('order-read')).toBe(false);
    expect(late.get('post-sent')).toBe(3);
    const onTheWay = resolveStages(
      marks(['cancel-sent', 1], ['cancel-acked', 2], ['order-read', 3], ['post-sent', 4]),
      0,
    );
    expect(onTheWay.get('order-read')).toBe(3);
    expect(onTheWay.get('post-sent')).toBe(4);
  });
});
