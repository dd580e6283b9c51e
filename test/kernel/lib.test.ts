// Library blocks against their plain-TypeScript references: the RNG block equals src/base/rng.ts bit for bit
// (TypeScript simulation and Verilator), fixed-point rounding and saturation equal their reference functions.
import { expect, it } from 'vitest';
import { draw32, Rng } from '../../src/base/rng.ts';
import { crossCheck } from '../../src/kernel/cosim/lockstep.ts';
import { compileSim, defineModule, elaborate } from '../../src/kernel/index.ts';
import { roundShift, roundShiftRef, satAdd, satAddRef, saturate, saturateRef, type RoundMode } from '../../src/kernel/lib/fixed-point.ts';
import { rngDraw32, rngLanes } from '../../src/kernel/lib/rng-block.ts';
import { describeWith } from '../support/requirements.ts';

it('rng_draw32 computes draw32 exactly', () => {
  const sim = compileSim(elaborate(rngDraw32, {}));
  const r = new Rng(99, 0);
  for (let i = 0; i < 3000; i++) {
    const seed = r.u32();
    const stream = i < 100 ? i : r.u32();
    const step = i % 7 === 0 ? 0xffffffff : r.u32();
    sim.poke('seed', seed);
    sim.poke('stream', stream);
    sim.poke('step', step);
    sim.eval();
    expect(sim.peek('bits')).toBe(BigInt(draw32(seed, stream, step)));
  }
});

it('a lane draws the same bits whether 1 or 4 lanes run', () => {
  const run = (lanes: number, lane: number) => {
    const sim = compileSim(elaborate(rngLanes, { lanes }));
    sim.reset();
    sim.poke('seed', 1234);
    sim.poke('stream_base', 10 + 2 - lane); // lane `lane` gets stream 12
    sim.poke('load', 1);
    sim.tick();
    sim.poke('load', 0);
    sim.poke('next', 1);
    const got: bigint[] = [];
    for (let t = 0; t < 50; t++) {
      sim.eval();
      got.push(sim.peek(`bits_${lane}`));
      sim.tick();
    }
    return got;
  };
  const one = run(1, 0);
  expect(run(4, 2)).toEqual(one);
  expect(one).toEqual(Array.from({ length: 50 }, (_, t) => BigInt(draw32(1234, 12, t))));
});

describeWith(['verilator'], 'RNG block in Verilator', () => {
  it('rng_lanes is bit-exact against the TypeScript simulation', async () => {
    const res = await crossCheck(elaborate(rngLanes, { lanes: 4 }), { cycles: 20_000, seed: 4 });
    expect(res.mismatches).toBe(0);
  });
});

it('saturate, satAdd and every rounding mode match their references', () => {
  const modes: RoundMode[] = ['truncate', 'half-up', 'half-even', 'stochastic'];
  const def = defineModule('fx', (m) => {
    const a = m.input('a', 12);
    const b = m.input('b', 12);
    const rnd = m.input('rnd', 8);
    m.output('sat_s', saturate(a, 7, true));
    m.output('sat_u', saturate(a, 7, false));
    m.output('add_s', satAdd(a, b, true));
    m.output('add_u', satAdd(a, b, false));
    for (const mode of modes) {
      m.output(`rs_${mode.replace('-', '_')}`, roundShift(a, 4, mode, { signed: true, rand: rnd }));
      m.output(`ru_${mode.replace('-', '_')}`, roundShift(a, 4, mode, { signed: false, rand: rnd }));
    }
  });
  const sim = compileSim(elaborate(def, {}));
  const r = new Rng(5, 5);
  for (let i = 0; i < 4000; i++) {
    const a = BigInt(r.int(4096));
    const b = BigInt(r.int(4096));
    const rnd = BigInt(r.int(256));
    sim.poke('a', a);
    sim.poke('b', b);
    sim.poke('rnd', rnd);
    sim.eval();
    expect(sim.peek('sat_s')).toBe(saturateRef(a, 12, 7, true));
    expect(sim.peek('sat_u')).toBe(saturateRef(a, 12, 7, false));
    expect(sim.peek('add_s')).toBe(satAddRef(a, b, 12, true));
    expect(sim.peek('add_u')).toBe(satAddRef(a, b, 12, false));
    for (const mode of modes) {
      expect([mode, a, sim.peek(`rs_${mode.replace('-', '_')}`)]).toEqual([mode, a, roundShiftRef(a, 12, 4, mode, true, rnd)]);
      expect([mode, a, sim.peek(`ru_${mode.replace('-', '_')}`)]).toEqual([mode, a, roundShiftRef(a, 12, 4, mode, false, rnd)]);
    }
  }
});

it('stochastic rounding is unbiased and half-even breaks ties to even', () => {
  // 5.25 in Q.4 is 84; stochastic rounding to integers gives 6 with probability 0.25 (rand uniform on 4 bits).
  let ups = 0;
  for (let rnd = 0n; rnd < 16n; rnd++) if (roundShiftRef(84n, 12, 4, 'stochastic', true, rnd) === 6n) ups++;
  expect(ups).toBe(4);
  expect(roundShiftRef(40n, 12, 4, 'half-even')).toBe(2n); // 2.5 -> 2
  expect(roundShiftRef(56n, 12, 4, 'half-even')).toBe(4n); // 3.5 -> 4
  expect(roundShiftRef(40n, 12, 4, 'half-up')).toBe(3n);
});
