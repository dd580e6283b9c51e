// The neuron-array core: its cycle model answers every command with the twin's words (fast-check over random
// configurations, lanes 1 / 3 / 16, sizes not multiples of the lanes), the lockstep cross-check against Verilator
// over several configurations, and the injected faults each checker must catch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandPortDriver } from '../../src/cores/command-port-driver.ts';
import { neuronArray } from '../../src/cores/neuron-array.ts';
import { neuronArrayCommandStream } from '../../src/cores/neuron-array-stimulus.ts';
import { streamStimulus, findCore } from '../../src/cores/registry.ts';
import { crossCheck } from '../../src/kernel/cosim/lockstep.ts';
import { compileSim, elaborate, type VerilogOutput } from '../../src/kernel/index.ts';
import { cmd, encodeConfig, encodeLoad, encodeStep, NEURON_OP } from '../../src/semantics/neuron-commands.ts';
import { type NeuronArrayParams, neuronArrayParamsSchema } from '../../src/semantics/neuron-params.ts';
import { NeuronTwin } from '../../src/twin/neuron-twin.ts';
import { describeWith } from '../support/requirements.ts';

function differential(p: NeuronArrayParams, seed: number, commands: number, tamper?: (sim: ReturnType<typeof compileSim>, twin: NeuronTwin, i: number) => void) {
  const sim = compileSim(elaborate(neuronArray, p));
  const drv = new CommandPortDriver(sim);
  const twin = new NeuronTwin(p);
  const next = neuronArrayCommandStream(p, seed);
  let spikes = 0;
  for (let i = 0; i < commands; i++) {
    tamper?.(sim, twin, i);
    const c = next();
    const a = drv.execute(c);
    const b = twin.execute(c);
    if (c[0]! >>> 24 === NEURON_OP.STEP && a.length > 1) spikes += a.slice(1).reduce((s, w) => s + (w ? 1 : 0), 0);
    if (JSON.stringify(a) !== JSON.stringify(b)) return { mismatchAt: i, command: c[0]! >>> 24, spikes };
  }
  return { mismatchAt: -1, spikes };
}

describe('cycle model = twin, word for word', () => {
  it('over random configurations (lanes 1, 3, 16; sizes not multiples of the lanes; both RNG forms)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 3, 16),
        fc.integer({ min: 1, max: 37 }),
        fc.integer({ min: 10, max: 16 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom('parallel' as const, 'serial' as const),
        (lanes, extra, posBits, segBits, noiseBits, seed, rng) => {
          const neurons = Math.max(lanes, extra + (extra % lanes === 0 && lanes > 1 ? 1 : 0));
          const p = neuronArrayParamsSchema.parse({ neurons, lanes, posBits, segBits, noiseBits, driveFrac: posBits >= 15 ? 4 : 0, rng });
          expect(differential(p, seed, 120).mismatchAt).toBe(-1);
        },
      ),
      { numRuns: 8, seed: 14 },
    );
  });

  it('the traffic is not vacuous: neurons fire', () => {
    const r = differential(neuronArrayParamsSchema.parse({ neurons: 10, lanes: 3, posBits: 16, segBits: 6, noiseBits: 8, driveFrac: 4, rng: 'parallel' }), 3, 400);
    expect(r.mismatchAt).toBe(-1);
    expect(r.spikes).toBeGreaterThan(5);
  });

  it('a flipped noise-ROM bit in the cycle model is caught', () => {
    const p = neuronArrayParamsSchema.parse({ neurons: 10, lanes: 3, posBits: 16, segBits: 6, noiseBits: 4, driveFrac: 4, rng: 'serial' });
    // Once the set-up commands (5) have loaded the ROMs, bit 6 of noise entry 5 in the simulation's memory is kept
    // flipped against the twin's entry (a stuck bit: the traffic also reloads ROM entries).
    const r = differential(p, 3, 400, (sim, twin, i) => {
      if (i >= 5) sim.memory('noise_rom')[5] = (twin.noise[5]! & 0x3fff) ^ (1 << 6);
    });
    expect(r.mismatchAt).toBeGreaterThanOrEqual(5);
  });
});

describeWith(['verilator'], 'neuron-array against Verilator (stream stimulus)', () => {
  const core = findCore('neuron-array');
  // Few configurations, because each is a Verilator build (lanes 3 and more sizes: the differential tests above).
  const configs: NeuronArrayParams[] = [
    { neurons: 3, lanes: 1, posBits: 10, segBits: 2, noiseBits: 2, driveFrac: 0, rng: 'serial' },
    { neurons: 17, lanes: 16, posBits: 14, segBits: 3, noiseBits: 4, driveFrac: 2, rng: 'parallel' },
  ];
  for (const p of configs) {
    it(`bit-exact over 6000 cycles: ${JSON.stringify(p)}`, async () => {
      const res = await crossCheck(elaborate(neuronArray, p), { cycles: 6000, seed: 3, stream: streamStimulus(core, p, 3) });
      expect(res.mismatches).toBe(0);
      expect(res.wordsSent).toBeGreaterThan(400); // the serial RNG spends 12 cycles a group
    }, 600_000);
  }

  // Fault: the fire condition x' >= 2^posBits made x' > 2^posBits. A crafted track (no noise, no leak, no decay,
  // drive 1/4 of x_th per step) lands exactly on 2^posBits, so the faulty core wraps instead of firing.
  it('a wrong comparison in the fire condition is caught', async () => {
    const p = configs[0]!;
    const words = [encodeConfig({ mode: 2, leakQ: 0, decay: 0, rate: 0, depin: 0, eject: 0 }), encodeLoad(NEURON_OP.LOAD_DRIVE, 0, [256, 256, 256, 256]), encodeLoad(NEURON_OP.LOAD_NOISE, 0, [2048, 2048, 2048, 2048]), cmd(NEURON_OP.RESET)];
    let k = 0;
    const stream = { ...streamStimulus(core, p, 1)!, next: () => words[k++] ?? (k % 5 === 0 ? cmd(NEURON_OP.READ_STATE) : encodeStep([1024, 1024, 1024])) };
    const gtFault = (v: VerilogOutput): VerilogOutput => ({ ...v, files: v.files.map((f) => ({ ...f, text: f.text.replace(/(assign fire0 = .*) >= /, '$1 > ') })) });
    expect(gtFault(emit(p)).files[0]!.text).toMatch(/assign fire0 = .* > /);
    const good = await crossCheck(elaborate(neuronArray, p), { cycles: 3000, seed: 1, stream: { ...stream } });
    expect(good.mismatches).toBe(0);
    k = 0;
    const bad = await crossCheck(elaborate(neuronArray, p), { cycles: 3000, seed: 1, stream, transformVerilog: gtFault });
    expect(bad.mismatches).toBeGreaterThan(0);
    expect(bad.first!.port).toBe('rsp_data');
  }, 600_000);

  // Fault: one bit of one noise-ROM entry flipped as the Verilog stores it.
  it('a flipped noise-ROM bit in the Verilog is caught', async () => {
    const p = configs[1]!;
    const flip = (v: VerilogOutput): VerilogOutput => ({ ...v, files: v.files.map((f) => ({ ...f, text: f.text.replace(/(noise_rom\[(\w+)\] <= )(\w+);/, "$1($2 == 4'd5) ? ($3 ^ 14'd64) : $3;") })) });
    expect(flip(emit(p)).files[0]!.text).toMatch(/\^ 14'd64/);
    const bad = await crossCheck(elaborate(neuronArray, p), { cycles: 20000, seed: 3, stream: streamStimulus(core, p, 3), transformVerilog: flip });
    expect(bad.mismatches).toBeGreaterThan(0);
  }, 600_000);
});

import { emitVerilog } from '../../src/kernel/index.ts';
function emit(p: NeuronArrayParams) {
  return emitVerilog(elaborate(neuronArray, p));
}
