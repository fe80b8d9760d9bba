export const INITIAL_CURSOR = 'MA==';
export const END_CURSOR = 'LTE=';

export interface Page<T> {
  limit: number;
  count: number;
  next_cursor: string;
  data: T[];
}

/** Offset pagination with Polymarket's cursors: base64 of the offset, `LTE=` at the end; null on a bad cursor. */
export function paginate<T>(
  items: readonly T[],
  cursor: string | null,
  limit: number,
): Page<T> | null {
  let offset = 0;
  if (cursor !== null && cursor !== '') {
    if (cursor === END_CURSOR) return { limit, count: 0, next_cursor: END_CURSOR, data: [] };
    const text = Buffer.from(cursor, 'base64').toString('utf8');
    if (!/^\d+$/.test(text)) return null;
    offset = Number(text);
  }
  const data = items.slice(offset, offset + limit);
  const next =
    offset + limit < items.length
      ? Buffer.from(String(offset + limit)).toString('base64')
      : END_CURSOR;
  return { limit, count: data.length, next_cursor: next, data };
}
