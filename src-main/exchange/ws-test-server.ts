import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A loopback WebSocket server for the stream tests: records frames, answers PING unless told not to. */
export interface TestConnection {
  socket: WebSocket;
  path: string;
  received: string[];
}

export class WsTestServer {
  readonly connections: TestConnection[] = [];
  answerPings = true;
  private server: WebSocketServer | undefined;
  private port = 0;

  async start(port = 0): Promise<string> {
    const server = new WebSocketServer({ host: '127.0.0.1', port });
    this.server = server;
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    server.on('connection', (socket, request) => {
      const connection: TestConnection = { socket, path: request.url ?? '', received: [] };
      this.connections.push(connection);
      socket.on('message', (data) => {
        const text = data.toString();
        if (text === 'PING') {
          if (this.answerPings) socket.send('PONG');
          return;
        }
        connection.received.push(text);
      });
    });
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Restarts on the same port after stop(). */
  async restart(): Promise<void> {
    await this.start(this.port);
  }

  open(): TestConnection[] {
    return this.connections.filter((c) => c.socket.readyState === c.socket.OPEN);
  }

  latest(): TestConnection | undefined {
    return this.open().at(-1);
  }

  sendAll(event: unknown): void {
    for (const connection of this.open()) connection.socket.send(JSON.stringify(event));
  }

  dropAll(): void {
    for (const connection of this.open()) connection.socket.terminate();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Polls a condition until it holds (tests wait for behaviour, never for a fixed time). */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The value, or a test failure naming what was missing. */
export function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}
