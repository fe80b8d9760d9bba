export * from './portfolio-fill';
export * from './average-cost';
export * from './position';
export * from './token-ledger';
export * from './position-book';
export * from './reconciliation';
export * from './portfolio-summary';
export * from './closing-order';
