import { describe, expect, it } from 'vitest';
import { externalPaperExchange } from '../host/exchange-link';

describe('POLYDESK_PAPER_EXCHANGE_URL', () => {
  it('is absent or blank: the paper exchange runs in-process', () => {
    expect(externalPaperExchange({})).toBeNull();
    expect(externalPaperExchange({ POLYDESK_PAPER_EXCHANGE_URL: '  ' })).toBeNull();
  });

  it('names the REST base; the WebSocket base is the same host with ws or wss', () => {
    expect(
      externalPaperExchange({ POLYDESK_PAPER_EXCHANGE_URL: 'http://127.0.0.1:8080/' }),
    ).toEqual({ restUrl: 'http://127.0.0.1:8080', wsUrl: 'ws://127.0.0.1:8080' });
    expect(
      externalPaperExchange({ POLYDESK_PAPER_EXCHANGE_URL: 'https://paper.example:9000' }),
    ).toEqual({ restUrl: 'https://paper.example:9000', wsUrl: 'wss://paper.example:9000' });
  });
});
