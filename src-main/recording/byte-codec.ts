/**
 * Little building blocks of the binary records: unsigned LEB128 varints up to 2^53 − 1, zigzag
 * for signed values, and strings that pack lowercase hex (book hashes) at two digits a byte.
 */

/** A body that does not decode: the reader turns it into BAD_RECORD damage. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

const HEX = /^(?:[0-9a-f]{2})*$/;

export class ByteWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialBytes = 256) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  get size(): number {
    return this.length;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  u8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** Unsigned varint of a safe non-negative integer. */
  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`varint needs a safe non-negative integer, got ${value}`);
    }
    this.reserve(8);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  /** Signed varint (zigzag: 0, −1, 1, −2, … → 0, 1, 2, 3, …). */
  signed(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** varint(byteLength · 2 + hex) then the bytes: lowercase hex of even length is packed. */
  string(value: string): void {
    if (HEX.test(value)) {
      const packed = Buffer.from(value, 'hex');
      this.varint(packed.length * 2 + 1);
      this.bytes(packed);
      return;
    }
    const utf8 = Buffer.from(value, 'utf8');
    this.varint(utf8.length * 2);
    this.bytes(utf8);
  }

  /** A copy of what was written. */
  finish(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }
}

export class ByteReader {
  private position = 0;

  constructor(private readonly data: Buffer) {}

  get done(): boolean {
    return this.position >= this.data.length;
  }

  u8(): number {
    const value = this.data[this.position];
    if (value === undefined) throw new DecodeError('body ends early');
    this.position += 1;
    return value;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.u8();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (!Number.isSafeInteger(value)) throw new DecodeError('varint beyond 2^53');
        return value;
      }
      scale *= 0x80;
    }
    throw new DecodeError('varint longer than 8 bytes');
  }

  signed(): number {
    const z = this.varint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  bytes(length: number): Buffer {
    if (this.position + length > this.data.length) throw new DecodeError('body ends early');
    const out = this.data.subarray(this.position, this.position + length);
    this.position += length;
    return out;
  }

  string(): string {
    const header = this.varint();
    const length = Math.floor(header / 2);
    const raw = this.bytes(length);
    return header % 2 === 1 ? raw.toString('hex') : raw.toString('utf8');
  }

  /** The rest of the body. */
  rest(): Buffer {
    const out = this.data.subarray(this.position);
    this.position = this.data.length;
    return out;
  }
}
