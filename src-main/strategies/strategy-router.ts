import { PolydeskError } from '@shared/errors';
import type { FieldIssue } from '@shared/errors';
import type { OrderSpec, StrategyType } from '@shared/domain/order-request';
import type { Strategy } from './strategy';

/** How one strategy type is checked and built. A strategy file registers one of these. */
export interface StrategyDefinition {
  type: StrategyType;
  /** Field-level problems with the spec's params for this strategy; empty when usable. */
  issues(spec: OrderSpec): FieldIssue[];
  /** The hard cap on fills + open size: the total size, or Kelly's maximum position. */
  limitMicros(spec: OrderSpec): number;
  /** The size the order works toward at the start (Kelly computes its own later). */
  initialTargetMicros(spec: OrderSpec): number;
  create(spec: OrderSpec, seed: number): Strategy;
}

const registry = new Map<string, StrategyDefinition>();

/** Adds a strategy type; a second registration of the same type is a programming error. */
export function registerStrategy(definition: StrategyDefinition): void {
  if (registry.has(definition.type)) {
    throw new PolydeskError('INTERNAL', `strategy ${definition.type} is registered twice`);
  }
  registry.set(definition.type, definition);
}

export interface RoutedOrder {
  definition: StrategyDefinition;
  limitMicros: number;
  initialTargetMicros: number;
}

/** The plan's StrategyRouter: picks the registered strategy of an order and checks its params. */
export class StrategyRouter {
  types(): string[] {
    return [...registry.keys()];
  }

  /** The definition for a spec; BAD_REQUEST with field issues for an unknown type or bad params. */
  route(spec: OrderSpec): RoutedOrder {
    const definition = registry.get(spec.strategyType);
    if (!definition) {
      throw new PolydeskError('BAD_REQUEST', `unknown strategy type "${spec.strategyType}"`, [
        { path: 'strategyType', message: `unknown strategy; known: ${this.types().join(', ')}` },
      ]);
    }
    const issues = definition.issues(spec);
    const first = issues[0];
    if (first) {
      throw new PolydeskError(
        'BAD_REQUEST',
        `Invalid order: ${first.path}: ${first.message}`,
        issues,
      );
    }
    return {
      definition,
      limitMicros: definition.limitMicros(spec),
      initialTargetMicros: definition.initialTargetMicros(spec),
    };
  }

  create(spec: OrderSpec, seed: number): Strategy {
    return this.route(spec).definition.create(spec, seed);
  }
}
