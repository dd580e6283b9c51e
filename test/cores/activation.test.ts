// The activation core: cycle model = twin word for word over random configurations, Verilator bit-exact on the
// stream stimulus, and a reversed threshold comparison caught.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activation } from '../../src/cores/activation.ts';
import { activationCommandStream } from '../../src/cores/activation-stimulus.ts';
import { CommandPortDriver } from '../../src/cores/command-port-driver.ts';
import { findCore, streamStimulus } from '../../src/cores/registry.ts';
import { crossCheck } from '../../src/kernel/cosim/lockstep.ts';
import { compileSim, elaborate, type VerilogOutput } from '../../src/kernel/index.ts';
import { type ActivationParams, activationParamsSchema } from '../../src/semantics/activation-params.ts';
import { ActivationTwin } from '../../src/twin/activation-twin.ts';
import { describeWith } from '../support/requirements.ts';

function differential(p: ActivationParams, seed: number, commands: number) {
  const drv = new CommandPortDriver(compileSim(elaborate(activation, p)));
  const twin = new ActivationTwin(p);
  const next = activationCommandStream(p, seed);
  let levels = 0;
  for (let i = 0; i < commands; i++) {
    const c = next();
    const a = drv.execute(c);
    const b = twin.execute(c);
    if (c[0]! >>> 24 === 7) levels += a.slice(1).reduce((s, w) => s + (w >>> 16), 0);
    if (JSON.stringify(a) !== JSON.stringify(b)) return { mismatchAt: i, levels };
  }
  return { mismatchAt: -1, levels };
}

describe('activation: cycle model = twin, word for word', () => {
  it('over random configurations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 8, max: 16 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 }), (generators, mtjs, currentBits, quantBits, seed) => {
        const p = activationParamsSchema.parse({ generators, mtjs, currentBits, quantBits });
        const r = differential(p, seed, 100);
        expect(r.mismatchAt).toBe(-1);
        expect(r.levels).toBeGreaterThan(0);
      }),
      { numRuns: 5, seed: 14 },
    );
  });
});

describeWith(['verilator'], 'activation against Verilator (stream stimulus)', () => {
  const core = findCore('activation');
  const p: ActivationParams = { generators: 3, mtjs: 9, currentBits: 12, quantBits: 4 };
  it(`bit-exact over 8000 cycles: ${JSON.stringify(p)}`, async () => {
    const res = await crossCheck(elaborate(activation, p), { cycles: 8000, seed: 5, stream: streamStimulus(core, p, 5) });
    expect(res.mismatches).toBe(0);
    expect(res.wordsSent).toBeGreaterThan(1000);
  }, 600_000);
  it('a reversed threshold comparison (code <= thr instead of >=) is caught', async () => {
    const fault = (v: VerilogOutput): VerilogOutput => ({ ...v, files: v.files.map((f) => ({ ...f, text: f.text.replace(/(assign sw_ge = .*) >= /, '$1 <= ') })) });
    const res = await crossCheck(elaborate(activation, p), { cycles: 8000, seed: 5, stream: streamStimulus(core, p, 5), transformVerilog: fault });
    expect(res.mismatches).toBeGreaterThan(0);
  }, 600_000);
});
