export * from './decimal';
export * from './tick-grid';
export * from './order-book';
export * from './micro-price';
export * from './quote-rules';
export * from './kelly';
export * from './kelly-plan';
export * from './kelly-multi';
