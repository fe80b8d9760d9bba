import type { TypedDataDomain, TypedDataField, Wallet } from 'ethers';

/** The ethers-v5 signer shape the clob client detects first (doc §1.6, V2.1). */
export interface ClobTypedDataSigner {
  getAddress(): Promise<string>;
  _signTypedData(
    domain: Record<string, unknown>,
    types: Record<string, Array<{ name: string; type: string }>>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/**
 * Wraps an ethers v6 Wallet: v6 has `signTypedData` but no `_signTypedData`, so the client would
 * mistake it for a viem WalletClient and fail with "wallet client is missing account address".
 */
export function toClobSigner(wallet: Wallet): ClobTypedDataSigner {
  return {
    getAddress: () => Promise.resolve(wallet.address),
    _signTypedData: (domain, types, value) =>
      wallet.signTypedData(
        domain as TypedDataDomain,
        types as Record<string, TypedDataField[]>,
        value,
      ),
  };
}
