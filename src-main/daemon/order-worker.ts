import type { Logger } from '../host/logger';

/** What a worker takes from the daemon: the next order ready for a step, null when stopping. */
export interface WorkSource {
  take(): Promise<string | null>;
  runStep(orderId: string, workerId: number): Promise<void>;
}

/**
 * The plan's OrderWorker: takes the next order that is ready, runs one step of it, and goes back
 * for more, so N workers carry any number of orders. A step's failure is the daemon's to handle;
 * nothing thrown here stops the loop.
 */
export class OrderWorker {
  private busy = false;
  private loop: Promise<void> | null = null;

  constructor(
    readonly id: number,
    private readonly source: WorkSource,
    private readonly logger: Logger,
  ) {}

  get isBusy(): boolean {
    return this.busy;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves when the loop has ended (after its current step). */
  finished(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    for (;;) {
      const orderId = await this.source.take();
      if (orderId === null) return;
      this.busy = true;
      try {
        await this.source.runStep(orderId, this.id);
      } catch (err) {
        this.logger.error({ workerId: this.id, orderId, err }, 'worker step failed');
      } finally {
        this.busy = false;
      }
    }
  }
}
