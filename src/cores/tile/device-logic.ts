// The tile's per-device integer arithmetic as logic, one function per rule of src/semantics/tile-arith.ts (the
// definition; the differential tests compare the two): the device move, the ADC and the periodic carry of a weight.
import type { Signal } from '../../kernel/index.ts';
import { concat } from '../../kernel/index.ts';
import { clampTo } from '../lib/seq.ts';

/** moveNotch: n + m0 + #{k : u > t[k]}, clamped to [0, N-1]. `entry` = {t[K-1], ..., t[0], m0 (8 bits)}. */
export function moveLogic(n: Signal, entry: Signal, u: Signal, K: number, P: number, N: number): Signal {
  const m = n.module;
  const W = 12; // n < 256, |m0| <= 128, K <= 8: fits in 12 signed bits
  let sum = n.uext(W).add(entry.slice(7, 0).sext(W));
  for (let k = 0; k < K; k++) {
    const t = entry.slice(8 + (k + 1) * P - 1, 8 + k * P);
    sum = sum.add(u.ugt(t).uext(W));
  }
  void m;
  return clampTo(sum, N - 1, n.width);
}

/** adcCode: saturate_A((acc + 2^(s-1)) >> s) (s = 0: acc), as a 16-bit two's complement field. */
export function adcLogic(acc: Signal, shift: Signal, A: number): Signal {
  const m = acc.module;
  const W = acc.width + 2;
  const a = acc.sext(W);
  const one = m.const(1, W);
  const sW = shift.resize(Math.max(shift.width, 7));
  const rnd = sW.eq(0).mux(m.const(0, W), one.shl(sW.sub(1).resize(sW.width)));
  const v = a.add(rnd).sra(sW);
  const hi = 2 ** (A - 1) - 1;
  const lo = -(2 ** (A - 1));
  const code = v.sgt(m.const(hi, W)).mux(m.const(hi, W), v.slt(m.const(lo, W)).mux(m.const(lo, W), v));
  return code.resize(16);
}

/** carryWeight on one weight (notch indices, S bits each). Returns the new four states and whether it carried. */
export function carryLogic(hiP: Signal, hiM: Signal, loP: Signal, loM: Signal, N: number): { hiP: Signal; hiM: Signal; loP: Signal; loM: Signal; carried: Signal } {
  const m = hiP.module;
  const S = hiP.width;
  const W = S + 3;
  const top = N - 1;
  const d = loP.uext(W).sub(loM.uext(W)); // in [-(N-1), N-1]
  const neg = d.msb();
  const mag = neg.mux(d.neg(), d);
  const carried = mag.shl(1).uge(m.const(N, W)); // round-half-away(d / N) != 0 (|d| < N: q is -1, 0 or 1)
  const up = carried.and(neg.not());
  const down = carried.and(neg);
  const sumHi = hiP.uext(W).add(hiM.uext(W));
  const fitsUp = sumHi.ule(m.const(top, W));
  const inc = (x: Signal) => x.eq(top).mux(x, x.add(1));
  const dec = (x: Signal) => x.eq(0).mux(x, x.sub(1));
  const nHiP = up.and(fitsUp).mux(inc(hiP), down.and(fitsUp.not()).mux(dec(hiP), hiP));
  const nHiM = up.and(fitsUp.not()).mux(dec(hiM), down.and(fitsUp).mux(inc(hiM), hiM));
  const rest = up.mux(d.sub(m.const(N, W)), down.mux(d.add(m.const(N, W)), d));
  const c0 = m.const(Math.floor(N / 2), W);
  const ceilHalf = rest.add(1).sra(1);
  const floorHalf = rest.sra(1);
  const nLoP = clampTo(c0.add(ceilHalf), top, S);
  const nLoM = clampTo(c0.sub(floorHalf), top, S);
  void concat;
  return { hiP: nHiP, hiM: nHiM, loP: carried.mux(nLoP, loP), loM: carried.mux(nLoM, loM), carried };
}
