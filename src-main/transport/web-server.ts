import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import type { ErrorCode } from '@shared/errors';
import { ClientMessageSchema } from '@shared/ipc/wire';
import type { CallOutcome, ServerMessage } from '@shared/ipc/wire';
import type { Dispatcher } from '../ipc/dispatcher';
import type { EventHub } from '../ipc/event-hub';
import { coalescedSender } from '../ipc/event-coalescer';
import type { Logger } from '../host/logger';
import {
  bearerToken,
  contentSecurityPolicy,
  newToken,
  originAllowed,
  tokenMatches,
} from './web-security';

export interface WebServerOptions {
  dispatcher: Dispatcher;
  events: EventHub;
  logger: Logger;
  /** Built renderer (out/renderer); without it only the API is served. */
  rendererDir?: string;
  port?: number;
  token?: string;
  onClient?: (delta: 1 | -1) => void;
}

export interface WebServer {
  /** The URL to open: origin plus the one-time token. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
/** A client that cannot keep up is disconnected rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Above this, book snapshots wait (the newest is kept); order events still go out. */
const CONGESTED_BYTES = 1024 * 1024;

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNKNOWN_METHOD: 404,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_BOOK: 409,
  RISK_LIMIT: 422,
  EXCHANGE_REJECTED: 422,
  EXCHANGE_UNAVAILABLE: 503,
  READ_ONLY: 403,
  SHUTTING_DOWN: 503,
  HOST_UNREACHABLE: 503,
  INTERNAL: 500,
};

/**
 * The web transport: the renderer's static files, `POST /api/call/<method>` for scripts and the
 * CLI, and a WebSocket at `/api/ws` carrying calls and events. Bound to 127.0.0.1 only; every API
 * request needs the run's bearer token and, from a browser, this origin.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const { logger } = options;
  let port = 0;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const staticFiles =
    options.rendererDir && existsSync(options.rendererDir)
      ? sirv(options.rendererDir, { single: true, dev: false, etag: true })
      : undefined;

  const server: Server = createServer((req, res) => {
    setSecurityHeaders(res, port);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/api/')) {
      void handleApi(req, res, path);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, outcomeError('BAD_REQUEST', 'Method not allowed'));
      return;
    }
    if (!staticFiles) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The Polydesk UI is not built yet: run `npm run build`, then reload.\n');
      return;
    }
    staticFiles(req, res, () => {
      res.writeHead(404).end();
    });
  });

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!originAllowed(req.headers.origin, port)) {
      sendJson(res, 403, outcomeError('UNAUTHORIZED', 'Origin not allowed'));
      return;
    }
    if (!tokenMatches(token, bearerToken(req.headers.authorization))) {
      sendJson(res, 401, outcomeError('UNAUTHORIZED', 'Missing or wrong bearer token'));
      return;
    }
    const match = /^\/api\/call\/([\w.-]{1,100})$/.exec(path);
    if (!match || req.method !== 'POST') {
      sendJson(res, 404, outcomeError('NOT_FOUND', 'Use POST /api/call/<method>'));
      return;
    }
    let params: unknown;
    try {
      const body = await readBody(req);
      params = body.length === 0 ? {} : (JSON.parse(body) as unknown);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        sendJson(res, 413, outcomeError('BAD_REQUEST', `Body larger than ${MAX_BODY_BYTES} bytes`));
      } else {
        sendJson(res, 400, outcomeError('BAD_REQUEST', 'Body is not valid JSON'));
      }
      return;
    }
    const outcome = await options.dispatcher.dispatch(match[1], params, {
      transport: 'web',
      client: 'http',
    });
    sendJson(res, outcome.ok ? 200 : STATUS_BY_CODE[outcome.error.code], outcome);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api/ws') return refuse(404, 'Not Found');
    if (!originAllowed(req.headers.origin, port)) return refuse(403, 'Forbidden');
    const given = url.searchParams.get('token') ?? bearerToken(req.headers.authorization);
    if (!tokenMatches(token, given)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  let nextClient = 1;
  function onConnection(ws: WebSocket): void {
    const client = `ws-${nextClient++}`;
    options.onClient?.(1);
    logger.info({ client }, 'web client connected');
    const send = (message: ServerMessage): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        logger.warn({ client }, 'web client too slow, disconnecting');
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(message));
    };
    const events = coalescedSender((name, payload) => send({ type: 'event', name, payload }), {
      ready: () => ws.bufferedAmount < CONGESTED_BYTES,
    });
    const unsubscribe = options.events.subscribe(events.listener);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void onMessage(data, isBinary).then(send);
    });
    ws.on('close', () => {
      unsubscribe();
      events.close();
      options.onClient?.(-1);
      logger.info({ client }, 'web client disconnected');
    });
    ws.on('error', (err) => logger.warn({ client, err: err.message }, 'web client error'));

    async function onMessage(data: RawData, isBinary: boolean): Promise<ServerMessage> {
      if (isBinary)
        return reply(null, outcomeError('BAD_REQUEST', 'Binary frames are not accepted'));
      let raw: unknown;
      try {
        raw = JSON.parse(rawText(data));
      } catch {
        return reply(null, outcomeError('BAD_REQUEST', 'Message is not valid JSON'));
      }
      const parsed = ClientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const id = idOf(raw);
        return reply(
          id,
          outcomeError('BAD_REQUEST', 'Message must be {type:"call", id, method, params}'),
        );
      }
      const { id, method, params } = parsed.data;
      const outcome = await options.dispatcher.dispatch(method, params, {
        transport: 'web',
        client,
      });
      return reply(id, outcome);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  logger.info({ origin }, 'web transport listening');

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(id: number | null, outcome: CallOutcome): ServerMessage {
  return { type: 'reply', id, outcome };
}

function outcomeError(code: ErrorCode, message: string): CallOutcome {
  return { ok: false, error: { code, message } };
}

function idOf(raw: unknown): number | null {
  if (typeof raw === 'object' && raw !== null && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    // The same ids the wire schema accepts: an unsafe integer would make the client drop the reply.
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return id;
  }
  return null;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function setSecurityHeaders(res: ServerResponse, port: number): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(port));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop buffering but drain the rest, so the client still gets its error reply.
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
