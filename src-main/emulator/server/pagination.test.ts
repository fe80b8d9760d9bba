import { describe, expect, it } from 'vitest';
import { END_CURSOR, INITIAL_CURSOR, paginate } from './pagination.js';

describe('paginate', () => {
  const items = Array.from({ length: 250 }, (_, i) => i);

  it('walks MA== → MTAw → MjAw → LTE=', () => {
    const p1 = paginate(items, INITIAL_CURSOR, 100);
    expect(p1).toMatchObject({ count: 100, next_cursor: 'MTAw' });
    const p2 = paginate(items, p1?.next_cursor ?? null, 100);
    expect(p2).toMatchObject({ count: 100, next_cursor: 'MjAw' });
    const p3 = paginate(items, p2?.next_cursor ?? null, 100);
    expect(p3).toMatchObject({ count: 50, next_cursor: END_CURSOR });
    expect(p3?.data[0]).toBe(200);
  });

  it('ends with LTE= even when empty, and refuses a garbage cursor', () => {
    expect(paginate([], null, 100)).toEqual({
      limit: 100,
      count: 0,
      next_cursor: END_CURSOR,
      data: [],
    });
    expect(paginate(items, END_CURSOR, 100)?.data).toEqual([]);
    expect(paginate(items, '!!!', 100)).toBeNull();
  });
});
