/** mulberry32: a small, fast 32-bit generator; the same seed gives the same sequence. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** UUID-shaped ids drawn from a seed: a replay's order ids (which seed each strategy). */
export function seededIds(seed: number): () => string {
  const next = mulberry32(seed);
  return () => {
    const hex = Array.from({ length: 4 }, () => next().toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
}

/** Eight hex digits of a seed: the prefix of a replay exchange's order and trade ids. */
export function seedPrefix(seed: number): string {
  return mulberry32(seed ^ 0x5eed)()
    .toString(16)
    .padStart(8, '0');
}
