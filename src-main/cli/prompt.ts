import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';
import { Writable } from 'node:stream';

/** The input ended (end of a pipe, Ctrl+D) or the user pressed Ctrl+C before answering. */
export class InputClosedError extends Error {
  constructor(readonly reason: 'ended' | 'cancelled') {
    super(reason === 'cancelled' ? 'Cancelled' : 'The input ended before an answer');
    this.name = 'InputClosedError';
  }
}

export interface LineInputOptions {
  input: NodeJS.ReadableStream;
  /**
   * A terminal: questions are written to `output` and readline edits the answer (backspace,
   * Ctrl+C), echoing it only for visible questions. Otherwise lines are read as they come (a
   * pipe) and nothing is written.
   */
  terminal: boolean;
  /** Where questions go: the terminal's stderr, so that stdout stays clean for --json. */
  output?: NodeJS.WritableStream;
}

/**
 * Lines from stdin or answers from a terminal, one readline session for all of them: lines that
 * arrive before they are asked for are kept in order. Hidden answers (keys, passphrases) are
 * never echoed: readline writes its echo into a stream that drops it, and keeps no history.
 */
export class LineInput {
  private readonly rl: Interface;
  private readonly queue: string[] = [];
  private waiting: { resolve(line: string | null): void; reject(err: Error): void } | null = null;
  private ended: InputClosedError | null = null;
  /** Readline's echo reaches the terminal only while a visible question is asked. */
  private echo = false;

  constructor(private readonly options: LineInputOptions) {
    const { output } = options;
    const echo = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (this.echo && output) output.write(chunk);
        done();
      },
    });
    this.rl = createInterface({
      input: options.input,
      ...(options.terminal ? { output: echo, terminal: true } : { terminal: false }),
      historySize: 0,
      crlfDelay: Infinity,
    });
    this.rl.on('line', (line: string) => {
      const waiting = this.waiting;
      this.waiting = null;
      if (waiting) waiting.resolve(line);
      else this.queue.push(line);
    });
    this.rl.on('SIGINT', () => {
      this.end(new InputClosedError('cancelled'));
      this.rl.close();
    });
    this.rl.on('close', () => this.end(new InputClosedError('ended')));
  }

  /** The next line; null at the end of the input. Rejects when the user cancelled. */
  read(): Promise<string | null> {
    const line = this.queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) {
      return this.ended.reason === 'ended' ? Promise.resolve(null) : Promise.reject(this.ended);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** Asks on the terminal (nothing is written for a pipe); rejects if no answer comes. */
  async ask(question: string, options: { hidden?: boolean } = {}): Promise<string> {
    const { output, terminal } = this.options;
    const showing = terminal && output !== undefined;
    if (showing) {
      if (options.hidden) {
        output.write(question);
      } else {
        this.echo = true;
        this.rl.setPrompt(question);
        this.rl.prompt();
      }
    }
    try {
      const line = await this.read();
      if (line === null) throw new InputClosedError('ended');
      return line;
    } finally {
      if (showing && options.hidden) output.write('\n');
      this.echo = false;
      this.rl.setPrompt('');
    }
  }

  /** Gives the input back (a terminal leaves raw mode). */
  close(): void {
    this.rl.close();
  }

  private end(reason: InputClosedError): void {
    this.ended ??= reason;
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting) return;
    if (this.ended.reason === 'ended') waiting.resolve(null);
    else waiting.reject(this.ended);
  }
}
