// mac16's TypeScript simulation against an independent plain-TypeScript golden model.
import { expect, it } from 'vitest';
import { Mac16Golden, mac16Defaults } from '../../src/cores/mac16.ts';
import { elaborateCore } from '../../src/cores/registry.ts';
import { makeStimulus } from '../../src/kernel/cosim/stimulus.ts';
import { compileSim, packedWords } from '../../src/kernel/index.ts';

it('matches the golden model on seeded stimulus (with loads, accumulation, clears and resets)', () => {
  const { design } = elaborateCore('mac16');
  const sim = compileSim(design);
  const cycles = 5000;
  const stim = makeStimulus(design.inputs, 3, 0, cycles, { resetLog2: 9 });
  const out = new Uint32Array(cycles * packedWords(design.outputs));
  sim.runBatch(cycles, stim, out);
  const g = new Mac16Golden(mac16Defaults);
  const names = design.inputs.map((p) => p.name);
  let nonzero = 0;
  for (let c = 0; c < cycles; c++) {
    const expected = g.outputs();
    for (let l = 0; l < 16; l++) {
      expect(BigInt(out[c * 16 + l]!)).toBe(expected[l]);
      if (expected[l] !== 0n) nonzero++;
    }
    const row = Object.fromEntries(names.map((n, i) => [n, stim[c * names.length + i]!])) as Parameters<Mac16Golden['step']>[0];
    g.step(row);
  }
  expect(nonzero).toBeGreaterThan(cycles); // the check is not vacuous: accumulators do move
});

it('rejects bad parameters naming the field', () => {
  expect(() => elaborateCore('nope')).toThrow(/--core: unknown core "nope" \(known: mac16[,)]/);
});
