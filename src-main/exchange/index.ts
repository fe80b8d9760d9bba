export type * from './exchange-port';
export { TICK_SIZES } from './exchange-port';
export { createClobExchange, ClobExchange, type ClobExchangeConfig } from './clob-adapter';
export { GammaClient, LIVE_GAMMA_URL, gammaUnavailableNotice } from './gamma-client';
export { LIVE_REDEEM_MESSAGE, RedeemNotSubmittedError } from './redeem';
export { toClobSigner, type ClobTypedDataSigner } from './ethers-signer';
