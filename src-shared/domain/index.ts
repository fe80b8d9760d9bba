export * from './units';
export * from './order-request';
export * from './order';
export * from './market';
export * from './gamma';
