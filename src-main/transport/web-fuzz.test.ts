/**
 * Fuzzing of the web transport: malformed HTTP bodies and method names, malformed WebSocket
 * messages (random JSON, wrong types, huge ids, binary, truncated JSON) and broken WebSocket
 * wire frames. Every answer must be a typed reply, and the host must still answer a valid call
 * afterwards. Each property stops early when its time budget is spent.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import WebSocket from 'ws';
import { CALL_NAMES } from '@shared/ipc/contract';
import { ErrorCodeSchema } from '@shared/errors';
import { CallOutcomeSchema, ServerMessageSchema } from '@shared/ipc/wire';
import type { ServerMessage } from '@shared/ipc/wire';
import { startShellHost } from '../tests/shell-host';
import type { ShellHost } from '../tests/shell-host';
import type { WebServer } from './web-server';

const RUNS = 200;
const TIME_LIMIT_MS = 12_000;

let shell: ShellHost;
let web: WebServer;

beforeAll(async () => {
  shell = await startShellHost();
  ({ web } = shell);
});

afterAll(() => shell.stop());

const methodName = fc.oneof(
  fc.constantFrom(...CALL_NAMES),
  fc.constantFrom('', 'app', 'app.', '.info', '__proto__', 'toString', 'constructor'),
  fc.string({ maxLength: 120 }),
  fc.stringMatching(/^[\w.-]{1,101}$/),
);

const weirdNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    -1,
    0.5,
    2 ** 53,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_VALUE,
    1e308,
    -0,
  ),
);

const anyJson = fc.jsonValue({ maxDepth: 4 });

/** Bodies and messages that are JSON text: valid, wrong in shape, or cut short. */
const jsonText = fc.oneof(
  anyJson.map((v) => JSON.stringify(v)),
  fc.tuple(anyJson, fc.nat()).map(([v, cut]) => {
    const text = JSON.stringify(v) ?? '';
    return text.slice(0, text.length === 0 ? 0 : cut % text.length);
  }),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '[', '{"type":"call"', 'null', '""', '[]', '{}', '\u0000', '\uFFFF'),
  fc.nat({ max: 5_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
);

/** WebSocket call messages with every field wrong in turn. */
const callish = fc
  .record(
    {
      type: fc.oneof(fc.constant('call'), anyJson),
      id: fc.oneof(weirdNumber, anyJson),
      method: fc.oneof(methodName, anyJson),
      params: fc.oneof(anyJson, fc.dictionary(fc.string({ maxLength: 10 }), anyJson)),
    },
    { requiredKeys: [] },
  )
  .map((message) => JSON.stringify(message));

function auth(): Record<string, string> {
  return { authorization: `Bearer ${web.token}` };
}

async function post(method: string, body: string | Uint8Array): Promise<Response> {
  return fetch(`${web.origin}/api/call/${encodeURIComponent(method)}`, {
    method: 'POST',
    body,
    headers: auth(),
  });
}

async function expectHostAnswers(): Promise<void> {
  const res = await post('app.info', '{}');
  expect(res.status).toBe(200);
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
}

/** The outcome must be typed; an error carries a known code and an HTTP error status. */
async function expectTypedHttpReply(res: Response): Promise<void> {
  const text = await res.text();
  const outcome = CallOutcomeSchema.parse(JSON.parse(text));
  if (outcome.ok) {
    expect(res.status).toBe(200);
  } else {
    expect(ErrorCodeSchema.safeParse(outcome.error.code).success).toBe(true);
    expect(outcome.error.code).not.toBe('INTERNAL');
    expect(res.status).toBeGreaterThanOrEqual(400);
  }
}

describe('web transport fuzzing over HTTP', () => {
  it('answers every malformed body or method name with a typed reply', async () => {
    const body = fc.oneof(
      jsonText,
      fc.uint8Array({ maxLength: 512 }),
      fc.constant(new Uint8Array(1024 * 1024 + 1).fill(0x20)),
    );
    await fc.assert(
      fc.asyncProperty(methodName, body, async (method, payload) => {
        await expectTypedHttpReply(await post(method, payload));
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
    await expectHostAnswers();
  });
});

/** What the client read from the host: a reply that fits the wire schema, or why it did not. */
type Received = { message: ServerMessage } | { invalid: string };

/** A WebSocket that hands out the replies (events skipped) in order. */
async function openClient(): Promise<{ ws: WebSocket; nextReply: () => Promise<ServerMessage> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api/ws?token=${web.token}`);
  const received: Received[] = [];
  const waiting: ((r: Received) => void)[] = [];
  ws.on('message', (data: WebSocket.RawData) => {
    const text = String(data);
    let parsed: Received;
    try {
      const result = ServerMessageSchema.safeParse(JSON.parse(text));
      parsed = result.success ? { message: result.data } : { invalid: text.slice(0, 300) };
    } catch {
      parsed = { invalid: text.slice(0, 300) };
    }
    if ('message' in parsed && parsed.message.type !== 'reply') return;
    const waiter = waiting.shift();
    if (waiter) waiter(parsed);
    else received.push(parsed);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const nextReply = async (): Promise<ServerMessage> => {
    const next =
      received.shift() ??
      (await new Promise<Received>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no reply within 2 s')), 2_000);
        waiting.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      }));
    if ('invalid' in next) throw new Error(`reply outside the wire schema: ${next.invalid}`);
    return next.message;
  };
  return { ws, nextReply };
}

function idSent(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'id' in value ? value.id : undefined;
  } catch {
    return undefined;
  }
}

describe('web transport fuzzing over WebSocket', () => {
  it('answers every malformed message with a typed reply on a connection that stays open', async () => {
    const { ws, nextReply } = await openClient();
    // Found by this test: an id beyond 2^53 was echoed, and the client dropped the reply.
    ws.send(JSON.stringify({ type: 'call', id: 2 ** 53 + 2 }));
    expect(await nextReply()).toMatchObject({ id: null, outcome: { ok: false } });
    const frame = fc.oneof(
      jsonText.map((text) => ({ text, binary: false })),
      callish.map((text) => ({ text, binary: false })),
      fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ bytes, binary: true })),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        if ('bytes' in f) ws.send(f.bytes, { binary: true });
        else ws.send(f.text);
        const reply = await nextReply();
        if (reply.type !== 'reply') throw new Error('not a reply');
        if (!reply.outcome.ok) {
          expect(ErrorCodeSchema.safeParse(reply.outcome.error.code).success).toBe(true);
          expect(reply.outcome.error.code).not.toBe('INTERNAL');
        }
        // A reply names the call it answers only when that id was a usable one.
        const sent = 'text' in f ? idSent(f.text) : undefined;
        if (reply.id !== null) expect(reply.id).toBe(sent);
        expect(ws.readyState).toBe(WebSocket.OPEN);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'app.info', params: {} }));
    expect(await nextReply()).toMatchObject({ id: 1, outcome: { ok: true } });
    ws.close();
    await expectHostAnswers();
  });

  it('survives broken WebSocket wire frames (bad opcodes, unmasked, truncated, oversized)', async () => {
    const rawFrame = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 64 }),
      // A masked text frame header announcing more bytes than are ever sent.
      fc
        .nat({ max: 125 })
        .map((n) =>
          Uint8Array.from([0x81, 0x80 | 125, 1, 2, 3, 4, ...Array<number>(n % 10).fill(65)]),
        ),
      // A frame claiming 2^63 bytes of payload.
      fc.constant(Uint8Array.from([0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])),
    );
    await fc.assert(
      fc.asyncProperty(rawFrame, async (bytes) => {
        await sendRawFrame(bytes);
      }),
      { numRuns: 50, interruptAfterTimeLimit: TIME_LIMIT_MS },
    );
    await expectHostAnswers();
  });
});

/** Upgrades a bare socket, writes the bytes as they are, and waits briefly for the host's verdict. */
function sendRawFrame(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(web.port, '127.0.0.1');
    let upgraded = false;
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, 100);
    socket.once('error', () => done());
    socket.once('close', () => done());
    socket.on('data', (chunk: Buffer) => {
      if (upgraded) return;
      if (!chunk.toString('latin1').startsWith('HTTP/1.1 101')) {
        reject(new Error(`upgrade refused: ${chunk.toString('latin1').split('\r\n')[0]}`));
        return;
      }
      upgraded = true;
      socket.write(bytes);
    });
    socket.write(
      [
        `GET /api/ws?token=${web.token} HTTP/1.1`,
        `Host: 127.0.0.1:${web.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
}
