/**
 * Keccak-256 (the pre-standard padding Ethereum uses; not SHA3-256) for the order digest's hot
 * path. The permutation keeps its 25 lanes as 50 32-bit halves in locals, fully unrolled within a
 * round, and the hash reuses one state and one block buffer, so a digest allocates only its
 * output. Checked against @noble/hashes in keccak256.test.ts.
 */

const RATE = 136;

const ROUND_LO = Int32Array.from([
  0x00000001, 0x00008082, 0x0000808a, 0x80008000, 0x0000808b, 0x80000001, 0x80008081, 0x00008009,
  0x0000008a, 0x00000088, 0x80008009, 0x8000000a, 0x8000808b, 0x0000008b, 0x00008089, 0x00008003,
  0x00008002, 0x00000080, 0x0000800a, 0x8000000a, 0x80008081, 0x00008080, 0x80000001, 0x80008008,
]);
const ROUND_HI = Int32Array.from([
  0x00000000, 0x00000000, 0x80000000, 0x80000000, 0x00000000, 0x00000000, 0x80000000, 0x80000000,
  0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x80000000, 0x80000000, 0x80000000,
  0x80000000, 0x80000000, 0x00000000, 0x80000000, 0x80000000, 0x80000000, 0x00000000, 0x80000000,
]);

const state = new Int32Array(50);
const block = new Uint8Array(RATE);

/**
 * Keccak-f[1600] in place. Lane (x, y) is s[2(x + 5y)] (low half) and s[2(x + 5y) + 1] (high);
 * `axyl`/`axyh` name its halves, `bxy…` the lanes after rho and pi, `cx…` the column parities
 * and `dx…` what theta adds to column x.
 */
function permute(s: Int32Array): void {
  let a00l = s[0] as number,
    a00h = s[1] as number,
    a10l = s[2] as number,
    a10h = s[3] as number,
    a20l = s[4] as number,
    a20h = s[5] as number,
    a30l = s[6] as number,
    a30h = s[7] as number,
    a40l = s[8] as number,
    a40h = s[9] as number,
    a01l = s[10] as number,
    a01h = s[11] as number,
    a11l = s[12] as number,
    a11h = s[13] as number,
    a21l = s[14] as number,
    a21h = s[15] as number,
    a31l = s[16] as number,
    a31h = s[17] as number,
    a41l = s[18] as number,
    a41h = s[19] as number,
    a02l = s[20] as number,
    a02h = s[21] as number,
    a12l = s[22] as number,
    a12h = s[23] as number,
    a22l = s[24] as number,
    a22h = s[25] as number,
    a32l = s[26] as number,
    a32h = s[27] as number,
    a42l = s[28] as number,
    a42h = s[29] as number,
    a03l = s[30] as number,
    a03h = s[31] as number,
    a13l = s[32] as number,
    a13h = s[33] as number,
    a23l = s[34] as number,
    a23h = s[35] as number,
    a33l = s[36] as number,
    a33h = s[37] as number,
    a43l = s[38] as number,
    a43h = s[39] as number,
    a04l = s[40] as number,
    a04h = s[41] as number,
    a14l = s[42] as number,
    a14h = s[43] as number,
    a24l = s[44] as number,
    a24h = s[45] as number,
    a34l = s[46] as number,
    a34h = s[47] as number,
    a44l = s[48] as number,
    a44h = s[49] as number;
  for (let round = 0; round < 24; round++) {
    const c0l = a00l ^ a01l ^ a02l ^ a03l ^ a04l;
    const c0h = a00h ^ a01h ^ a02h ^ a03h ^ a04h;
    const c1l = a10l ^ a11l ^ a12l ^ a13l ^ a14l;
    const c1h = a10h ^ a11h ^ a12h ^ a13h ^ a14h;
    const c2l = a20l ^ a21l ^ a22l ^ a23l ^ a24l;
    const c2h = a20h ^ a21h ^ a22h ^ a23h ^ a24h;
    const c3l = a30l ^ a31l ^ a32l ^ a33l ^ a34l;
    const c3h = a30h ^ a31h ^ a32h ^ a33h ^ a34h;
    const c4l = a40l ^ a41l ^ a42l ^ a43l ^ a44l;
    const c4h = a40h ^ a41h ^ a42h ^ a43h ^ a44h;
    const d0l = c4l ^ ((c1l << 1) | (c1h >>> 31));
    const d0h = c4h ^ ((c1h << 1) | (c1l >>> 31));
    a00l ^= d0l;
    a00h ^= d0h;
    a01l ^= d0l;
    a01h ^= d0h;
    a02l ^= d0l;
    a02h ^= d0h;
    a03l ^= d0l;
    a03h ^= d0h;
    a04l ^= d0l;
    a04h ^= d0h;
    const d1l = c0l ^ ((c2l << 1) | (c2h >>> 31));
    const d1h = c0h ^ ((c2h << 1) | (c2l >>> 31));
    a10l ^= d1l;
    a10h ^= d1h;
    a11l ^= d1l;
    a11h ^= d1h;
    a12l ^= d1l;
    a12h ^= d1h;
    a13l ^= d1l;
    a13h ^= d1h;
    a14l ^= d1l;
    a14h ^= d1h;
    const d2l = c1l ^ ((c3l << 1) | (c3h >>> 31));
    const d2h = c1h ^ ((c3h << 1) | (c3l >>> 31));
    a20l ^= d2l;
    a20h ^= d2h;
    a21l ^= d2l;
    a21h ^= d2h;
    a22l ^= d2l;
    a22h ^= d2h;
    a23l ^= d2l;
    a23h ^= d2h;
    a24l ^= d2l;
    a24h ^= d2h;
    const d3l = c2l ^ ((c4l << 1) | (c4h >>> 31));
    const d3h = c2h ^ ((c4h << 1) | (c4l >>> 31));
    a30l ^= d3l;
    a30h ^= d3h;
    a31l ^= d3l;
    a31h ^= d3h;
    a32l ^= d3l;
    a32h ^= d3h;
    a33l ^= d3l;
    a33h ^= d3h;
    a34l ^= d3l;
    a34h ^= d3h;
    const d4l = c3l ^ ((c0l << 1) | (c0h >>> 31));
    const d4h = c3h ^ ((c0h << 1) | (c0l >>> 31));
    a40l ^= d4l;
    a40h ^= d4h;
    a41l ^= d4l;
    a41h ^= d4h;
    a42l ^= d4l;
    a42h ^= d4h;
    a43l ^= d4l;
    a43h ^= d4h;
    a44l ^= d4l;
    a44h ^= d4h;
    const b00l = a00l;
    const b00h = a00h;
    const b13l = (a01h << 4) | (a01l >>> 28);
    const b13h = (a01l << 4) | (a01h >>> 28);
    const b21l = (a02l << 3) | (a02h >>> 29);
    const b21h = (a02h << 3) | (a02l >>> 29);
    const b34l = (a03h << 9) | (a03l >>> 23);
    const b34h = (a03l << 9) | (a03h >>> 23);
    const b42l = (a04l << 18) | (a04h >>> 14);
    const b42h = (a04h << 18) | (a04l >>> 14);
    const b02l = (a10l << 1) | (a10h >>> 31);
    const b02h = (a10h << 1) | (a10l >>> 31);
    const b10l = (a11h << 12) | (a11l >>> 20);
    const b10h = (a11l << 12) | (a11h >>> 20);
    const b23l = (a12l << 10) | (a12h >>> 22);
    const b23h = (a12h << 10) | (a12l >>> 22);
    const b31l = (a13h << 13) | (a13l >>> 19);
    const b31h = (a13l << 13) | (a13h >>> 19);
    const b44l = (a14l << 2) | (a14h >>> 30);
    const b44h = (a14h << 2) | (a14l >>> 30);
    const b04l = (a20h << 30) | (a20l >>> 2);
    const b04h = (a20l << 30) | (a20h >>> 2);
    const b12l = (a21l << 6) | (a21h >>> 26);
    const b12h = (a21h << 6) | (a21l >>> 26);
    const b20l = (a22h << 11) | (a22l >>> 21);
    const b20h = (a22l << 11) | (a22h >>> 21);
    const b33l = (a23l << 15) | (a23h >>> 17);
    const b33h = (a23h << 15) | (a23l >>> 17);
    const b41l = (a24h << 29) | (a24l >>> 3);
    const b41h = (a24l << 29) | (a24h >>> 3);
    const b01l = (a30l << 28) | (a30h >>> 4);
    const b01h = (a30h << 28) | (a30l >>> 4);
    const b14l = (a31h << 23) | (a31l >>> 9);
    const b14h = (a31l << 23) | (a31h >>> 9);
    const b22l = (a32l << 25) | (a32h >>> 7);
    const b22h = (a32h << 25) | (a32l >>> 7);
    const b30l = (a33l << 21) | (a33h >>> 11);
    const b30h = (a33h << 21) | (a33l >>> 11);
    const b43l = (a34h << 24) | (a34l >>> 8);
    const b43h = (a34l << 24) | (a34h >>> 8);
    const b03l = (a40l << 27) | (a40h >>> 5);
    const b03h = (a40h << 27) | (a40l >>> 5);
    const b11l = (a41l << 20) | (a41h >>> 12);
    const b11h = (a41h << 20) | (a41l >>> 12);
    const b24l = (a42h << 7) | (a42l >>> 25);
    const b24h = (a42l << 7) | (a42h >>> 25);
    const b32l = (a43l << 8) | (a43h >>> 24);
    const b32h = (a43h << 8) | (a43l >>> 24);
    const b40l = (a44l << 14) | (a44h >>> 18);
    const b40h = (a44h << 14) | (a44l >>> 18);
    a00l = b00l ^ (~b10l & b20l);
    a00h = b00h ^ (~b10h & b20h);
    a10l = b10l ^ (~b20l & b30l);
    a10h = b10h ^ (~b20h & b30h);
    a20l = b20l ^ (~b30l & b40l);
    a20h = b20h ^ (~b30h & b40h);
    a30l = b30l ^ (~b40l & b00l);
    a30h = b30h ^ (~b40h & b00h);
    a40l = b40l ^ (~b00l & b10l);
    a40h = b40h ^ (~b00h & b10h);
    a01l = b01l ^ (~b11l & b21l);
    a01h = b01h ^ (~b11h & b21h);
    a11l = b11l ^ (~b21l & b31l);
    a11h = b11h ^ (~b21h & b31h);
    a21l = b21l ^ (~b31l & b41l);
    a21h = b21h ^ (~b31h & b41h);
    a31l = b31l ^ (~b41l & b01l);
    a31h = b31h ^ (~b41h & b01h);
    a41l = b41l ^ (~b01l & b11l);
    a41h = b41h ^ (~b01h & b11h);
    a02l = b02l ^ (~b12l & b22l);
    a02h = b02h ^ (~b12h & b22h);
    a12l = b12l ^ (~b22l & b32l);
    a12h = b12h ^ (~b22h & b32h);
    a22l = b22l ^ (~b32l & b42l);
    a22h = b22h ^ (~b32h & b42h);
    a32l = b32l ^ (~b42l & b02l);
    a32h = b32h ^ (~b42h & b02h);
    a42l = b42l ^ (~b02l & b12l);
    a42h = b42h ^ (~b02h & b12h);
    a03l = b03l ^ (~b13l & b23l);
    a03h = b03h ^ (~b13h & b23h);
    a13l = b13l ^ (~b23l & b33l);
    a13h = b13h ^ (~b23h & b33h);
    a23l = b23l ^ (~b33l & b43l);
    a23h = b23h ^ (~b33h & b43h);
    a33l = b33l ^ (~b43l & b03l);
    a33h = b33h ^ (~b43h & b03h);
    a43l = b43l ^ (~b03l & b13l);
    a43h = b43h ^ (~b03h & b13h);
    a04l = b04l ^ (~b14l & b24l);
    a04h = b04h ^ (~b14h & b24h);
    a14l = b14l ^ (~b24l & b34l);
    a14h = b14h ^ (~b24h & b34h);
    a24l = b24l ^ (~b34l & b44l);
    a24h = b24h ^ (~b34h & b44h);
    a34l = b34l ^ (~b44l & b04l);
    a34h = b34h ^ (~b44h & b04h);
    a44l = b44l ^ (~b04l & b14l);
    a44h = b44h ^ (~b04h & b14h);
    a00l ^= ROUND_LO[round] as number;
    a00h ^= ROUND_HI[round] as number;
  }
  s[0] = a00l;
  s[1] = a00h;
  s[2] = a10l;
  s[3] = a10h;
  s[4] = a20l;
  s[5] = a20h;
  s[6] = a30l;
  s[7] = a30h;
  s[8] = a40l;
  s[9] = a40h;
  s[10] = a01l;
  s[11] = a01h;
  s[12] = a11l;
  s[13] = a11h;
  s[14] = a21l;
  s[15] = a21h;
  s[16] = a31l;
  s[17] = a31h;
  s[18] = a41l;
  s[19] = a41h;
  s[20] = a02l;
  s[21] = a02h;
  s[22] = a12l;
  s[23] = a12h;
  s[24] = a22l;
  s[25] = a22h;
  s[26] = a32l;
  s[27] = a32h;
  s[28] = a42l;
  s[29] = a42h;
  s[30] = a03l;
  s[31] = a03h;
  s[32] = a13l;
  s[33] = a13h;
  s[34] = a23l;
  s[35] = a23h;
  s[36] = a33l;
  s[37] = a33h;
  s[38] = a43l;
  s[39] = a43h;
  s[40] = a04l;
  s[41] = a04h;
  s[42] = a14l;
  s[43] = a14h;
  s[44] = a24l;
  s[45] = a24h;
  s[46] = a34l;
  s[47] = a34h;
  s[48] = a44l;
  s[49] = a44h;
}

function absorb(bytes: Uint8Array, at: number): void {
  for (let w = 0; w < RATE / 4; w++) {
    const i = at + w * 4;
    state[w] =
      (state[w] as number) ^
      ((bytes[i] as number) |
        ((bytes[i + 1] as number) << 8) |
        ((bytes[i + 2] as number) << 16) |
        ((bytes[i + 3] as number) << 24));
  }
  permute(state);
}

/** keccak256(data), written to `out` at `offset` (a fresh 32-byte array by default). */
export function keccak256(data: Uint8Array, out = new Uint8Array(32), offset = 0): Uint8Array {
  state.fill(0);
  let at = 0;
  for (; at + RATE <= data.length; at += RATE) absorb(data, at);
  block.fill(0);
  block.set(data.subarray(at));
  block[data.length - at] = 0x01;
  block[RATE - 1] = (block[RATE - 1] as number) | 0x80;
  absorb(block, 0);
  for (let w = 0; w < 8; w++) {
    const v = state[w] as number;
    const o = offset + w * 4;
    out[o] = v & 0xff;
    out[o + 1] = (v >>> 8) & 0xff;
    out[o + 2] = (v >>> 16) & 0xff;
    out[o + 3] = v >>> 24;
  }
  return out;
}
