import { describe, expect, it } from 'vitest';
import { takeToken } from './web-transport';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

describe('takeToken', () => {
  it('reads the token from the URL, keeps it for the tab and cleans the address bar', () => {
    const replaced: string[] = [];
    const history = {
      replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url),
    } as unknown as History;
    const storage = memoryStorage();
    const location = { search: '?token=abc&x=1', pathname: '/', hash: '#m' } as Location;
    expect(takeToken(location, history, storage)).toBe('abc');
    expect(replaced).toEqual(['/?x=1#m']);
    const reload = { search: '', pathname: '/', hash: '' } as Location;
    expect(takeToken(reload, history, storage)).toBe('abc');
  });

  it('returns null when no token was ever given', () => {
    const history = { replaceState: () => undefined } as unknown as History;
    expect(
      takeToken({ search: '', pathname: '/', hash: '' } as Location, history, memoryStorage()),
    ).toBeNull();
  });
});
