// The project's counter-based RNG (src/base/rng.ts) as hardware: the same 32-bit xor / add / shift / multiply
// sequence, so a lane's draw in Verilog equals draw32(seed, stream, step) in TypeScript bit for bit. Lanes are
// independent (a draw depends only on its own seed, stream and step), so a draw does not depend on how many
// lanes run in parallel.
import { defineModule } from '../ir/module.ts';
import type { ModuleBuilder } from '../ir/module.ts';
import { mux } from '../ir/ops.ts';
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

/** The seed's own part of a stream key, fmix32(seed ^ SALT): hoisted out of per-stream logic, latched once per seed. */
export function seedKeyLogic(seed: Signal): Signal {
  return fmix32Logic(seed.xor(SEED_SALT));
}

/** streamKey from the seed's part (seedKeyLogic) and the stream. */
export function streamKeyFromSeedKeyLogic(seedKey: Signal, stream: Signal): Signal {
  return fmix32Logic(seedKey.xor(stream.mul(seedKey.module.const(GOLDEN, 32), 32)));
}

export function streamKeyLogic(seed: Signal, stream: Signal): Signal {
  return streamKeyFromSeedKeyLogic(seedKeyLogic(seed), stream);
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

/** Phases of the serial draw unit (serialDraw): 0..7 one draw, SEED_PHASES the per-seed part of the key. */
export const SERIAL_DRAW = { PAIR_PHASES: 8, SEED_PHASE_0: 8, SEED_PHASE_1: 9, phaseBits: 4 } as const;

/**
 * draw32(seed, stream, step) with ONE 32x32 multiplier, over 8 cycles (a small FPGA has too few DSPs for the
 * seven multiplies of the combinational draw per lane). The seed's own part, fmix32(seed ^ SALT), depends only on
 * the seed: run phases SEED_PHASE_0 and SEED_PHASE_1 once, then `seedKey()` holds it (latch it in a register).
 * A draw: hold `stream`, step through phases 0..7; during phase 7 `bits` is the draw. Each phase multiplies the
 * accumulator's mixed value by one of the three constants (the xor-shift parts of fmix32 fold around it).
 */
export function serialDraw(m: ModuleBuilder, name: string, io: { phase: Signal; run: Signal; stream: Signal; seed: Signal; seedKey: Signal; step: Signal }) {
  const f = (x: Signal, s: number) => x.xor(x.shr(s));
  const acc = m.reg(`${name}_acc`, 32);
  const key = m.reg(`${name}_key`, 32);
  const ph = io.phase;
  const is = (k: number) => ph.eq(k);
  const mixed = f(acc, SH[2]); // the end of an fmix32 whose multiplies are done
  const a = mux(ph, [
    io.stream, // 0: stream * GOLDEN
    f(io.seedKey.xor(acc), SH[0]), // 1: key = fmix32(seedKey ^ stream*GOLDEN): first multiply
    f(acc, SH[1]), // 2: second multiply
    f(io.step.xor(mixed), SH[0]), // 3: key ready (= mixed); draw's inner fmix32 of step ^ key
    f(acc, SH[1]), // 4
    f(mixed.add(key), SH[0]), // 5: outer fmix32 of inner + key
    f(acc, SH[1]), // 6
    acc, // 7: unused
    f(io.seed.xor(SEED_SALT), SH[0]), // 8: fmix32(seed ^ SALT)
    f(acc, SH[1]), // 9
  ]);
  const cst = (v: number) => m.const(v, 32);
  const b = mux(ph, [cst(GOLDEN), cst(MU[0]), cst(MU[1]), cst(MU[0]), cst(MU[1]), cst(MU[0]), cst(MU[1]), cst(MU[1]), cst(MU[0]), cst(MU[1])]);
  acc.next(io.run.and(is(7).not()).mux(a.mul(b, 32), acc));
  key.next(io.run.and(is(3)).mux(mixed, key));
  return { bits: mixed, seedKey: mixed };
}

/** Cycles from `start` to valid `bits` in sequencedDraw (seed phases 8, 9, then draw phases 0..7). */
export const SEQUENCED_DRAW_CYCLES = 9;

/**
 * serialDraw with its own phase sequencer, for cores that draw now and then (the neuron array): `start` (one
 * cycle) begins the seed part (phases 8, 9), the per-seed key is latched in phase 0, and `bits` is
 * draw32(seed, stream, step) SEQUENCED_DRAW_CYCLES cycles after `start`, held until the next `start`. Seed, stream
 * and step must stay stable meanwhile. One multiplier, as serialDraw; the same ten phases, so one definition.
 */
export function sequencedDraw(m: ModuleBuilder, name: string, start: Signal, seed: Signal, stream: Signal, step: Signal): Signal {
  const ph = m.reg(`${name}_ph`, SERIAL_DRAW.phaseBits);
  const running = m.reg(`${name}_run`, 1);
  const seedKey = m.reg(`${name}_seedkey`, 32);
  const phase = start.mux(m.const(SERIAL_DRAW.SEED_PHASE_0, SERIAL_DRAW.phaseBits), ph);
  const run = start.or(running);
  const d = serialDraw(m, name, { phase, run, stream, seed, seedKey, step });
  const lastPhase = phase.eq(SERIAL_DRAW.PAIR_PHASES - 1);
  // 8 -> 9 -> 0 -> 1 ... -> 7, then stop; the seed's part of the key is `mixed` while phase 0 runs.
  ph.next(run.mux(phase.eq(SERIAL_DRAW.SEED_PHASE_1).mux(m.const(0, SERIAL_DRAW.phaseBits), phase.add(1)), ph));
  running.next(run.and(lastPhase.not()));
  seedKey.next(run.and(phase.eq(0)).mux(d.seedKey, seedKey));
  return d.bits;
}
