import './micro-price-strategy';
import './iceberg-strategy';
import './kelly-strategy';

export { StrategyRouter, registerStrategy } from './strategy-router';
export type { StrategyDefinition } from './strategy-router';
export type { ExecutionContext, MarketRules, StepResult, Strategy } from './strategy';
