// The project's counter-based random number generator. Every random decision in dwtwin comes from here.
//
// A draw is a pure hash of (seed, stream, step), each a 32-bit unsigned integer, so it does not depend on how
// many lanes run in parallel, on worker scheduling or on the order draws are taken in: lane i of any machine
// asks for draw32(seed, i, t) and gets the same bits. The hash uses only 32-bit xor, add, shift and multiply
// (murmur3's fmix32 finaliser), so the hardware block in src/kernel/lib/rng-block.ts computes exactly the
// same function in a few pipelined DSP multiplies. For a fixed (seed, stream) the map step -> draw is a
// bijection on 32 bits (every operation below is invertible), so a stream never repeats within 2^32 steps.

/**
 * The RNG's constants, defined once: the TypeScript functions below and the hardware block
 * (src/kernel/lib/rng-block.ts) both read them, so the two cannot drift apart.
 */
export const RNG_CONSTANTS = {
  /** Odd: multiplication by it is a bijection mod 2^32. */
  GOLDEN: 0x9e3779b1,
  SEED_SALT: 0x6a09e667,
  /** murmur3 fmix32: xor-shift, multiply, xor-shift, multiply, xor-shift. */
  FMIX_SHIFTS: [16, 13, 16] as const,
  FMIX_MULTIPLIERS: [0x85ebca6b, 0xc2b2ae35] as const,
} as const;
const { GOLDEN, SEED_SALT, FMIX_SHIFTS: SH, FMIX_MULTIPLIERS: MU } = RNG_CONSTANTS;

/** murmur3 fmix32: a bijective avalanche mix of a 32-bit word. */
export function fmix32(h: number): number {
  h ^= h >>> SH[0];
  h = Math.imul(h, MU[0]);
  h ^= h >>> SH[1];
  h = Math.imul(h, MU[1]);
  h ^= h >>> SH[2];
  return h >>> 0;
}

/** Per-(seed, stream) key; hardware computes it once per lane. */
export function streamKey(seed: number, stream: number): number {
  return fmix32(fmix32((seed ^ SEED_SALT) >>> 0) ^ Math.imul(stream >>> 0, GOLDEN)) >>> 0;
}

/** The draw for a precomputed key at `step`. */
export function drawWithKey(key: number, step: number): number {
  return fmix32((fmix32((step ^ key) >>> 0) + key) >>> 0);
}

/** 32 random bits for (seed, stream, step). All arguments are taken mod 2^32. */
export function draw32(seed: number, stream: number, step: number): number {
  return drawWithKey(streamKey(seed, stream), step);
}

const INV32 = 2 ** -32;

/** Uniform in the open interval (0, 1) from one 32-bit draw (never 0, never 1: safe for log). */
export function toUnit(bits: number): number {
  return (bits + 0.5) * INV32;
}

/**
 * A cursor over one stream: successive calls take successive steps. The state is just (seed, stream, step),
 * so a cursor can be saved, restored or recreated anywhere and continue with the same bits.
 */
export class Rng {
  private readonly key: number;
  constructor(readonly seed: number, readonly stream: number, public step = 0) {
    this.key = streamKey(seed, stream);
  }

  /** 32 random bits. */
  u32(): number {
    return drawWithKey(this.key, this.step++ >>> 0);
  }

  /** Uniform in (0, 1). */
  uniform(): number {
    return toUnit(this.u32());
  }

  /** Integer uniform in [0, n) for n <= 2^32 (multiply-shift: no modulo bias worth speaking of at these n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal, Box-Muller on two consecutive steps (one normal per pair: order-independent). */
  normal(): number {
    const u1 = this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** A derived, independent cursor for a sub-stream (e.g. lane j of this stream): stable across runs. */
  fork(subStream: number): Rng {
    return new Rng(fmix32((this.seed ^ Math.imul(this.stream + 1, GOLDEN)) >>> 0), subStream >>> 0, 0);
  }

  /** Fisher-Yates shuffle of an index array, in place. */
  shuffle<T>(a: T[] | Uint32Array | Int32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
  }
}
