import { estimatorOf } from '@shared/domain/order-request';
import type { MicroPriceParams } from '@shared/domain/order-request';
import type { ExecutionContext } from './strategy';

/**
 * Tells an order that chose Stoikov's micro-price what it quotes at: one note while its token
 * has no fit (it quotes at the weighted mid meanwhile, and the note says why), one when the fit
 * arrives, and one at each later change between the two. A single book the fit cannot price (a
 * spread wider than it models, a state it saw too rarely) is quoted at the weighted mid without
 * a note: that changes book by book and would flood the order's events.
 */
export class EstimatorNotes {
  private fitted: boolean | null = null;

  constructor(private readonly params: MicroPriceParams) {}

  note(ctx: ExecutionContext): void {
    if (estimatorOf(this.params) !== 'stoikov') return;
    const snapshot = ctx.snapshot();
    if (!snapshot) return;
    const figure = snapshot.stoikov;
    const fitted = figure?.fitted === true && figure.model !== null;
    if (fitted === this.fitted) return;
    this.fitted = fitted;
    if (fitted) {
      ctx.note(
        `stoikov: fitted on ${figure.transitions} transitions, quoting at Stoikov's micro-price`,
      );
    } else {
      const why = figure?.note ?? 'this market has no Stoikov fitter';
      ctx.note(`stoikov: ${why}, quoting at the weighted mid`);
    }
  }
}
