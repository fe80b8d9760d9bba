export type * from './exchange-port';
export { TICK_SIZES } from './exchange-port';
export { createClobExchange, ClobExchange, type ClobExchangeConfig } from './clob-adapter';
export { toClobSigner, type ClobTypedDataSigner } from './ethers-signer';
