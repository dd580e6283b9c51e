// Fixed-point helpers over signals, each with a plain-TypeScript reference that computes the same bits.
// Q formats: a signed Qm.n number has m integer bits (sign included) and n fraction bits, width m + n.
import { InputError } from '../../base/errors.ts';
import type { ModuleBuilder } from '../ir/module.ts';
import type { Signal } from '../ir/signal.ts';

export interface QFormat {
  int: number;
  frac: number;
  signed: boolean;
}

export const qWidth = (q: QFormat) => q.int + q.frac;

/** Nearest representable value (round half to even, saturating) as raw bits: a reference for constants. */
export function toFixed(x: number, q: QFormat): bigint {
  const w = qWidth(q);
  const scaled = x * 2 ** q.frac;
  let r = Math.round(scaled);
  if (Math.abs(scaled - Math.trunc(scaled)) === 0.5 && r % 2 !== 0) r -= 1; // half to even
  const lo = q.signed ? -(2 ** (w - 1)) : 0;
  const hi = q.signed ? 2 ** (w - 1) - 1 : 2 ** w - 1;
  return BigInt.asUintN(w, BigInt(Math.min(hi, Math.max(lo, r))));
}

export function fromFixed(bits: bigint, q: QFormat): number {
  const w = qWidth(q);
  const v = q.signed ? BigInt.asIntN(w, bits) : BigInt.asUintN(w, bits);
  return Number(v) / 2 ** q.frac;
}

/** Clamp `x` (read as signed or unsigned) into `width` bits. */
export function saturate(x: Signal, width: number, signed: boolean): Signal {
  const m = x.module;
  if (width > x.width) return signed ? x.sext(width) : x.uext(width);
  if (width === x.width) return x;
  const w = x.width;
  if (!signed) {
    const overflow = x.shr(width).reduceOr();
    return overflow.mux(m.const((1n << BigInt(width)) - 1n, width), x.slice(width - 1, 0));
  }
  const maxV = m.const((1n << BigInt(width - 1)) - 1n, w);
  const minV = m.const(BigInt.asUintN(w, -(1n << BigInt(width - 1))), w);
  const tooBig = x.sgt(maxV);
  const tooSmall = x.slt(minV);
  return tooBig.mux(maxV.slice(width - 1, 0), tooSmall.mux(minV.slice(width - 1, 0), x.slice(width - 1, 0)));
}

export function saturateRef(v: bigint, fromWidth: number, width: number, signed: boolean): bigint {
  const x = signed ? BigInt.asIntN(fromWidth, v) : BigInt.asUintN(fromWidth, v);
  const lo = signed ? -(1n << BigInt(width - 1)) : 0n;
  const hi = signed ? (1n << BigInt(width - 1)) - 1n : (1n << BigInt(width)) - 1n;
  return BigInt.asUintN(width, x < lo ? lo : x > hi ? hi : x);
}

/** Saturating add of two same-width values. */
export function satAdd(a: Signal, b: Signal, signed: boolean): Signal {
  const w = a.width;
  const ext = (s: Signal) => (signed ? s.sext(w + 1) : s.uext(w + 1));
  return saturate(ext(a).add(ext(b)), w, signed);
}

export function satAddRef(a: bigint, b: bigint, w: number, signed: boolean): bigint {
  const x = signed ? BigInt.asIntN(w, a) + BigInt.asIntN(w, b) : a + b;
  return saturateRef(BigInt.asUintN(w + 1, x), w + 1, w, signed);
}

export type RoundMode = 'truncate' | 'half-up' | 'half-even' | 'stochastic';

/**
 * Arithmetic (signed) or logical right shift by a constant with rounding. 'stochastic' rounds up with probability
 * equal to the discarded fraction: it adds `rand` (at least `shift` random bits; the low `shift` are used) before
 * truncating, which is the unbiased stochastic rounding of paper 002 / CrossSim. The result keeps x's width and
 * wraps on overflow of the rounding increment only at the maximum value (saturate afterwards if needed).
 */
export function roundShift(x: Signal, shift: number, mode: RoundMode, opts: { signed?: boolean; rand?: Signal } = {}): Signal {
  const signed = opts.signed ?? true;
  const m = x.module;
  const w = x.width;
  if (shift < 1 || shift >= w) throw new InputError(`roundShift: shift must be in 1..${w - 1}, got ${shift}`);
  const wide = signed ? x.sext(w + 1) : x.uext(w + 1);
  let inc: Signal;
  switch (mode) {
    case 'truncate':
      inc = m.const(0, w + 1);
      break;
    case 'half-up':
      inc = m.const(1n << BigInt(shift - 1), w + 1);
      break;
    case 'half-even': {
      // Half up, except exactly-half with an even kept part rounds down: add (half - 1 + keptLsb).
      const lsb = x.bit(shift).uext(w + 1);
      inc = m.const((1n << BigInt(shift - 1)) - 1n, w + 1).add(lsb);
      break;
    }
    case 'stochastic': {
      if (!opts.rand || opts.rand.width < shift) throw new InputError(`roundShift: stochastic rounding needs a random input of at least ${shift} bits`);
      inc = opts.rand.slice(shift - 1, 0).uext(w + 1);
      break;
    }
  }
  const sum = wide.add(inc);
  const shifted = signed ? sum.sra(shift) : sum.shr(shift);
  return saturate(shifted, w, signed);
}

export function roundShiftRef(x: bigint, w: number, shift: number, mode: RoundMode, signed = true, rand = 0n): bigint {
  const v = signed ? BigInt.asIntN(w, x) : BigInt.asUintN(w, x);
  let inc = 0n;
  if (mode === 'half-up') inc = 1n << BigInt(shift - 1);
  if (mode === 'half-even') inc = (1n << BigInt(shift - 1)) - 1n + ((v >> BigInt(shift)) & 1n);
  if (mode === 'stochastic') inc = BigInt.asUintN(shift, rand);
  const r = (v + inc) >> BigInt(shift); // BigInt >> is arithmetic (floor), as sra
  return saturateRef(BigInt.asUintN(w + 1, r), w + 1, w, signed);
}

/** Multiply two Q numbers into a target format: full product, rounding shift, saturation. */
export function qMul(a: Signal, qa: QFormat, b: Signal, qb: QFormat, qo: QFormat, mode: RoundMode, rand?: Signal): Signal {
  const signed = qa.signed || qb.signed;
  const pw = Math.min(64, qWidth(qa) + qWidth(qb));
  const prod = a.mul(b, pw, { signed });
  const drop = qa.frac + qb.frac - qo.frac;
  const rounded = drop > 0 ? roundShift(prod, drop, mode, { signed, rand }) : prod;
  return saturate(rounded, qWidth(qo), qo.signed);
}

/** A Q-format constant in module `m`. */
export function qConst(m: ModuleBuilder, value: number, q: QFormat): Signal {
  return m.const(toFixed(value, q), qWidth(q));
}
