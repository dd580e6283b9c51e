// Random-circuit differential testing: 200 random designs x 1000 cycles, TypeScript against Verilator, bit for bit
// (the acceptance run), and a smaller campaign against Icarus Verilog.
import { expect, it } from 'vitest';
import { runFuzz } from '../../src/cli/commands/fuzz.ts';
import { fuzzDesign } from '../../src/kernel/fuzz/random-design.ts';
import { elaborate, emitVerilog } from '../../src/kernel/index.ts';
import { describeWith } from '../support/requirements.ts';

it('the generator is deterministic and covers the widths and constructs it promises', () => {
  const texts = (seed: number) => Array.from({ length: 40 }, (_, i) => emitVerilog(elaborate(fuzzDesign(seed, i), {})).files.map((f) => f.text).join(''));
  const a = texts(1);
  expect(texts(1)).toEqual(a);
  expect(texts(2)).not.toEqual(a);
  const all = a.join('\n');
  for (const w of [1, 31, 32, 33, 63, 64]) expect(all).toMatch(new RegExp(w === 1 ? 'input wire in\\d' : `\\[${w - 1}:0\\]`));
  for (const construct of ['$signed(', '>>>', ' * ', '<<', 'always @(posedge clk)', '[0:', ' ? ', '{', '^', 'u0 (']) expect(all).toContain(construct);
});

describeWith(['verilator'], 'fuzz against Verilator', () => {
  it('200 random designs x 1000 cycles are bit-exact', async () => {
    const out = await runFuzz({ designs: 200, cycles: 1000, seed: 1, against: 'verilator' });
    expect(out.line).toBe('bit-exact: 200 designs, 0 mismatches');
  });
});

describeWith(['iverilog', 'vvp'], 'fuzz against Icarus Verilog', () => {
  it('40 random designs x 300 cycles are bit-exact', async () => {
    const out = await runFuzz({ designs: 40, cycles: 300, seed: 2, against: 'iverilog' });
    expect(out.line).toBe('bit-exact: 40 designs, 0 mismatches');
  });
});
