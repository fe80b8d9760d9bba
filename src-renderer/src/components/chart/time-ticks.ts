const STEPS_MS = [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];

/** Up to `most` tick times on whole-second multiples of a round step inside [start, end]. */
export function timeTicks(start: number, end: number, most = 5): number[] {
  if (!(end > start)) return [];
  const step =
    STEPS_MS.find((s) => (end - start) / s <= most) ?? STEPS_MS[STEPS_MS.length - 1] ?? 600_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
  return ticks;
}
