// The integer neuron step: the definition every level reproduces bit for bit (twin, cycle model, Verilator).
// Scalar and obviously correct; src/twin/neuron-twin.ts is the vectorized executor of the same arithmetic.
//
// One step of neuron n with input code `inp` (Q6.10, signed 16 bits) and noise draw u (the top noiseBits bits of
// draw32(seed, n, step), keyed by neuron and step, so no draw depends on lanes or scheduling):
//   c1 = sat_CUR(c + inp)
//   AUTO and EMPTY           -> TRACK at x = 0          (the periphery's write pulse nucleates a domain, depinned)
//   HELD_A and c1 >= depin   -> TRACK                   (the pulse depins the domain from under MTJ_A)
//   FIRED  and c1 >= eject   -> EMPTY, x = 0            (the pulse ejects the domain past MTJ_B: the reset; no
//                                                        back-driving, no field reset)
//   TRACK (DW):  seg = x >> (posBits - segBits); m = sat_MEAN((c1 * drive[seg] - leakQ) >> (10 + driveFrac))
//                x' = x + ((m * noise[u]) >> 11)        (dx = dt [u(x) i - leak] xi, xi ~ N(1, sigma))
//   TRACK (LIF): x' = x + (sat24((c1 << (posBits - 10)) - x) * rate >> 8)
//   x' < 0 -> 0 (the wall cannot leave the write end); x' >= 2^posBits -> fire: spike, then FIRED with x held at
//   2^posBits - 1 (under MTJ_B), or with AUTO at once EMPTY, x = 0 (ejected; written again next step).
//   c' = c1 * decay / 2^16 rounded to nearest (ties away from zero) (the synaptic current's decay; it carries across a firing).
// Shifts of negative numbers are arithmetic (floor).
import { CUR_BITS, CUR_FRAC, MEAN_BITS, MODE, NOISE_FRAC, PHASE, type NeuronArrayParams } from './neuron-params.ts';

export interface NeuronConfig {
  mode: number;
  leakQ: number;
  decay: number;
  rate: number;
  /** Signed 16-bit codes compared with c1 (Q6.10). */
  depin: number;
  eject: number;
}

export const defaultNeuronConfig: NeuronConfig = { mode: MODE.AUTO, leakQ: 0, decay: 0, rate: 0, depin: 0, eject: 0 };

export function satSigned(v: number, bits: number): number {
  const hi = 2 ** (bits - 1) - 1;
  const lo = -(2 ** (bits - 1));
  return v > hi ? hi : v < lo ? lo : v;
}

/** Signed value of the low `bits` bits of a word. */
export function signedField(v: number, bits: number): number {
  const m = v & (2 ** bits - 1);
  return m >= 2 ** (bits - 1) ? m - 2 ** bits : m;
}

export interface NeuronState {
  x: number;
  c: number;
  ph: number;
}

/** c1 * decay / 2^16 rounded to nearest, ties away from zero (computed on the magnitude). */
export function decayCurrent(c1: number, decay: number): number {
  const q = Math.floor((Math.abs(c1) * decay + 32768) / 65536);
  return c1 < 0 ? -q : q;
}

/** One step of one neuron, in place; returns 1 if it fired. */
export function neuronStep(p: NeuronArrayParams, cfg: NeuronConfig, drive: ArrayLike<number>, noise: ArrayLike<number>, s: NeuronState, inp: number, u: number): number {
  const c1 = satSigned(s.c + inp, CUR_BITS);
  const auto = (cfg.mode & MODE.AUTO) !== 0;
  let ph = s.ph;
  let x = s.x;
  if (ph === PHASE.EMPTY && auto) {
    ph = PHASE.TRACK;
    x = 0;
  } else if (ph === PHASE.HELD_A && c1 >= cfg.depin) ph = PHASE.TRACK;
  else if (ph === PHASE.FIRED && c1 >= cfg.eject) {
    ph = PHASE.EMPTY;
    x = 0;
  }
  let spike = 0;
  if (ph === PHASE.TRACK) {
    let nx: number;
    if (cfg.mode & MODE.LIF) {
      const diff = satSigned(c1 * 2 ** (p.posBits - CUR_FRAC) - x, 24);
      nx = x + Math.floor((diff * cfg.rate) / 256);
    } else {
      const seg = x >> (p.posBits - p.segBits);
      const m = satSigned(Math.floor((c1 * drive[seg]! - cfg.leakQ) / 2 ** (CUR_FRAC + p.driveFrac)), MEAN_BITS);
      nx = x + Math.floor((m * noise[u]!) / 2 ** NOISE_FRAC);
    }
    if (nx < 0) nx = 0;
    if (nx >= 2 ** p.posBits) {
      spike = 1;
      if (auto) {
        ph = PHASE.EMPTY;
        nx = 0;
      } else {
        ph = PHASE.FIRED;
        nx = 2 ** p.posBits - 1;
      }
    }
    x = nx;
  }
  s.x = x;
  s.ph = ph;
  s.c = decayCurrent(c1, cfg.decay);
  return spike;
}
