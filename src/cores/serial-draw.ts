// draw32(seed, stream, step) (src/base/rng.ts) computed over SERIAL_DRAW_CYCLES cycles with ONE 32x32 multiplier
// (four iCE40 SB_MAC16) instead of the eight of the combinational rng-block: the two fmix32 of streamKey, the
// stream * GOLDEN product and the two fmix32 of drawWithKey take one multiply per cycle. `start` (one cycle)
// latches nothing: seed, stream and step must stay stable until `bits` is read, SERIAL_DRAW_CYCLES cycles later.
import type { ModuleBuilder, Signal } from '../kernel/index.ts';
import { mux } from '../kernel/index.ts';

const C1 = 0x85ebca6b;
const C2 = 0xc2b2ae35;
const GOLDEN = 0x9e3779b1;
const SEED_SALT = 0x6a09e667;
/** Cycles from `start` to valid `bits` (nine multiplies). */
export const SERIAL_DRAW_CYCLES = 9;

export function serialDraw(m: ModuleBuilder, name: string, start: Signal, seed: Signal, stream: Signal, step: Signal): Signal {
  const h = m.reg(`${name}_h`, 32);
  const key = m.reg(`${name}_key`, 32);
  const ph = m.reg(`${name}_ph`, 4);
  const xs16 = (x: Signal) => x.xor(x.shr(16));
  const xs13 = (x: Signal) => x.xor(x.shr(13));
  const running = ph.ne(0);
  // Phase p (1..8) of the program after start (phase 0 with start). A = operand, B = constant per phase.
  const phase = start.mux(m.const(0, 4), ph);
  const a = mux(phase, [xs16(seed.xor(SEED_SALT)), xs13(h), stream, xs16(h), xs13(h), xs16(step.xor(xs16(h))), xs13(h), xs16(xs16(h).add(key)), xs13(h)]);
  const b = mux(phase, [C1, C2, GOLDEN, C1, C2, C1, C2, C1, C2].map((c) => m.const(c, 32)));
  const prod = a.mul(b, 32);
  const active = start.or(running.and(ph.ule(8)));
  h.next(active.mux(phase.eq(2).mux(xs16(h).xor(prod), prod), h));
  key.next(active.and(phase.eq(5)).mux(xs16(h), key));
  ph.next(start.mux(m.const(1, 4), running.and(ph.ule(8)).mux(ph.add(1), ph)));
  return xs16(h);
}
