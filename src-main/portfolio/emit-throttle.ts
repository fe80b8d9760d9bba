/**
 * Runs `emit` at most once per `intervalMs`, trailing: a request inside the interval is served
 * at its end, so the last change is always sent and a burst of changes costs one emit.
 */
export class EmitThrottle {
  private timer: NodeJS.Timeout | undefined;
  private lastAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  request(): void {
    if (this.closed || this.timer) return;
    const wait = Math.max(0, this.lastAt + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastAt = this.now();
      this.emit();
    }, wait);
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
