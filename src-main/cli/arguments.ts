import { InvalidArgumentError } from 'commander';

export function number(what: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${what} must be a number in [${min}, ${max}]`);
    }
    return n;
  };
}

export const integer = (what: string, min: number, max: number) => (value: string) => {
  const n = number(what, min, max)(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`${what} must be a whole number`);
  return n;
};

/**
 * Commander repeats arguments in its errors ("unknown option '--key=…'", "unknown command '…'"):
 * a private key pasted on the command line by mistake must not also land in scrollback or logs.
 */
export function redactArguments(text: string): string {
  return text
    .replace(/\b(?:0x)?[0-9a-fA-F]{64}\b/g, '‹redacted›')
    .replace(/(unknown option '[^'=\s]+=)[^']*'/g, "$1‹redacted›'");
}
