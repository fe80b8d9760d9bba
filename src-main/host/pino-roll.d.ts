/** pino-roll ships no types: the part of its API Polydesk uses. */
declare module 'pino-roll' {
  import type { EventEmitter } from 'node:events';
  import type { DestinationStream } from 'pino';

  export interface PinoRollOptions {
    file: string;
    /** A number is MB; a string takes a unit: b, k, m or g. */
    size?: number | string;
    frequency?: number | 'daily' | 'hourly';
    extension?: string;
    limit?: { count: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
  }

  export interface RollingStream extends DestinationStream, EventEmitter {
    /** The file being written now. */
    readonly file: string;
    flush(callback?: (err?: Error) => void): void;
    flushSync(): void;
    end(): void;
  }

  export default function build(options: PinoRollOptions): Promise<RollingStream>;
}
