import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputClosedError, LineInput } from './prompt';

/** A fake terminal: keys typed into `keys`, what the terminal shows collected in `shown()`. */
function fakeTerminal(): { keys: PassThrough; screen: PassThrough; shown(): string } {
  const keys = new PassThrough();
  const screen = new PassThrough();
  let text = '';
  screen.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { keys, screen, shown: () => text };
}

const typeLater = (keys: PassThrough, text: string): void => {
  setTimeout(() => keys.write(text), 5);
};

describe('LineInput on a terminal', () => {
  it('asks for a secret without echoing it, with line editing', async () => {
    const t = fakeTerminal();
    const input = new LineInput({ input: t.keys, output: t.screen, terminal: true });
    typeLater(t.keys, 'hunter22\x7f\x7f99\r');
    expect(await input.ask('Passphrase: ', { hidden: true })).toBe('hunter99');
    input.close();
    expect(t.shown()).toBe('Passphrase: \n');
    expect(t.shown()).not.toMatch(/hunter|99/);
  });

  it('echoes a visible answer, and hides the next secret again', async () => {
    const t = fakeTerminal();
    const input = new LineInput({ input: t.keys, output: t.screen, terminal: true });
    typeLater(t.keys, 'LIVE\r');
    expect(await input.ask('Type LIVE: ')).toBe('LIVE');
    typeLater(t.keys, 'topsecret\r');
    expect(await input.ask('Key: ', { hidden: true })).toBe('topsecret');
    input.close();
    expect(t.shown()).toMatch(/Type LIVE: .*LIVE/);
    expect(t.shown()).toMatch(/Key: \n$/);
    expect(t.shown()).not.toMatch(/topsecret/);
  });

  it('keeps answers typed ahead, in order', async () => {
    const t = fakeTerminal();
    const input = new LineInput({ input: t.keys, output: t.screen, terminal: true });
    t.keys.write('first\rsecond\r');
    expect(await input.ask('1: ', { hidden: true })).toBe('first');
    expect(await input.ask('2: ', { hidden: true })).toBe('second');
    input.close();
    expect(t.shown()).not.toMatch(/first|second/);
  });

  it('rejects on Ctrl+C and on the end of input, and stays rejected', async () => {
    const t = fakeTerminal();
    const input = new LineInput({ input: t.keys, output: t.screen, terminal: true });
    typeLater(t.keys, 'half a secr\x03');
    await expect(input.ask('Key: ', { hidden: true })).rejects.toMatchObject({
      reason: 'cancelled',
    });
    await expect(input.ask('Again: ', { hidden: true })).rejects.toBeInstanceOf(InputClosedError);
    expect(t.shown()).not.toMatch(/secr/);

    const u = fakeTerminal();
    const ended = new LineInput({ input: u.keys, output: u.screen, terminal: true });
    setTimeout(() => u.keys.end(), 5);
    await expect(ended.ask('Key: ', { hidden: true })).rejects.toMatchObject({ reason: 'ended' });
  });
});

describe('LineInput on a pipe', () => {
  it('reads lines (CRLF or LF, last one without newline), then null, writing nothing', async () => {
    const pipe = new PassThrough();
    const screen = new PassThrough();
    let shown = '';
    screen.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const input = new LineInput({ input: pipe, output: screen, terminal: false });
    pipe.end('one\r\ntwo\nthree');
    expect(await input.ask('question: ', { hidden: true })).toBe('one');
    expect(await input.read()).toBe('two');
    expect(await input.read()).toBe('three');
    expect(await input.read()).toBeNull();
    await expect(input.ask('more: ')).rejects.toMatchObject({ reason: 'ended' });
    input.close();
    expect(shown).toBe('');
  });

  it('waits for lines written later', async () => {
    const pipe = new PassThrough();
    const input = new LineInput({ input: pipe, terminal: false });
    setTimeout(() => pipe.write('late\n'), 10);
    expect(await input.read()).toBe('late');
    input.close();
  });
});
