// The project's counter-based RNG (src/base/rng.ts) as hardware: the same 32-bit xor / add / shift / multiply
// sequence, so a lane's draw in Verilog equals draw32(seed, stream, step) in TypeScript bit for bit. Lanes are
// independent (a draw depends only on its own seed, stream and step), so a draw does not depend on how many
// lanes run in parallel.
import { defineModule } from '../ir/module.ts';
import type { Signal } from '../ir/signal.ts';
import { RNG_CONSTANTS } from '../../base/rng.ts';

const { GOLDEN, SEED_SALT, FMIX_SHIFTS: SH, FMIX_MULTIPLIERS: MU } = RNG_CONSTANTS;

/** murmur3 fmix32 as logic (two 32x32 multiplies, low halves). */
export function fmix32Logic(h: Signal): Signal {
  const m = h.module;
  let x = h.xor(h.shr(SH[0]));
  x = x.mul(m.const(MU[0], 32), 32);
  x = x.xor(x.shr(SH[1]));
  x = x.mul(m.const(MU[1], 32), 32);
  return x.xor(x.shr(SH[2]));
}

export function streamKeyLogic(seed: Signal, stream: Signal): Signal {
  const m = seed.module;
  return fmix32Logic(fmix32Logic(seed.xor(SEED_SALT)).xor(stream.mul(m.const(GOLDEN, 32), 32)));
}

export function drawWithKeyLogic(key: Signal, step: Signal): Signal {
  return fmix32Logic(fmix32Logic(step.xor(key)).add(key));
}

/** Combinational draw32(seed, stream, step). */
export const rngDraw32 = defineModule('rng_draw32', (m) => {
  const seed = m.input('seed', 32);
  const stream = m.input('stream', 32);
  const step = m.input('step', 32);
  m.output('bits', drawWithKeyLogic(streamKeyLogic(seed, stream), step));
});

/**
 * `lanes` RNG lanes sharing a seed: lane j draws stream (base + j). `load` latches the per-lane keys and clears the
 * step counter; every cycle with `next` high each lane's step advances by one. Output `bits_j` is
 * draw32(seed, base + j, step) for the current step (combinational from the registered key and step).
 */
export const rngLanes = defineModule('rng_lanes', (m, p: { lanes: number }) => {
  const seed = m.input('seed', 32);
  const base = m.input('stream_base', 32);
  const load = m.input('load', 1);
  const next = m.input('next', 1);
  const step = m.reg('step', 32, { reset: 0 });
  step.next(load.mux(0, next.mux(step.add(1), step)));
  for (let j = 0; j < p.lanes; j++) {
    const key = m.reg(`key${j}`, 32, { reset: 0, enable: load });
    key.next(streamKeyLogic(seed, base.add(j)));
    m.output(`bits_${j}`, drawWithKeyLogic(key, step));
  }
  m.output('step_o', step);
});
