import { Readable, Writable } from 'node:stream';

/** Standard input and the terminal, where secrets are asked for. */
export interface CliInput {
  readonly stream: NodeJS.ReadableStream;
  /** Where questions are written: the terminal's stderr, so that stdout stays clean for --json. */
  readonly prompts: NodeJS.WritableStream;
  /** Input and prompts are a terminal: the CLI may ask, with hidden input for secrets. */
  readonly interactive: boolean;
}

/** Where the CLI writes and reads; tests capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Default: an empty, non-interactive input. */
  input?: CliInput;
  /** Where --passphrase-env looks; default: the process's environment. */
  env?: NodeJS.ProcessEnv;
}

export const processInput: CliInput = {
  get stream() {
    return process.stdin;
  },
  get prompts() {
    return process.stderr;
  },
  get interactive() {
    return Boolean(process.stdin.isTTY && process.stderr.isTTY);
  },
};

export const consoleIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  input: processInput,
};

export function inputOf(io: CliIo): CliInput {
  return (
    io.input ?? {
      stream: Readable.from([]),
      prompts: new Writable({ write: (_chunk, _encoding, done) => done() }),
      interactive: false,
    }
  );
}
