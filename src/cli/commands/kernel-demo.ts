// The kernel part of the main demo: describe once (mac16), emit Verilog, simulate in TypeScript with a VCD,
// cross-check against Verilator bit for bit, and fuzz a few random designs.
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../base/atomic-file.ts';
import { elaborateCore } from '../../link/all-cores.ts';
import { crossCheck, describeResult } from '../../kernel/cosim/lockstep.ts';
import { emitVerilog } from '../../kernel/index.ts';
import { runFuzz } from './fuzz.ts';
import { runTsSim } from './kernel-run.ts';

export async function runKernelDemo(outDir: string, say: (line: string) => void): Promise<void> {
  const dir = resolve(outDir);
  const { design } = elaborateCore('mac16');
  const v = emitVerilog(design);
  for (const f of v.files) writeFileAtomic(join(dir, 'rtl', f.name), f.text);
  say(`kernel: mac16 (16 lanes x 8-bit MAC, 32-bit accumulators) -> Verilog in ${join(dir, 'rtl')}`);
  const sim = runTsSim(design, 2000, 7, join(dir, 'mac16.vcd'));
  say(`kernel: TypeScript simulation, 2000 cycles, waveform ${join(dir, 'mac16.vcd')} (outputs sha256 ${sim.outputHash.slice(0, 16)}...)`);
  const res = await crossCheck(design, { cycles: 100_000, seed: 7, log: (l) => say(`kernel: ${l}`) });
  say(`kernel: cosim mac16 vs Verilator: ${describeResult(res)}`);
  const fz = await runFuzz({ designs: 25, cycles: 1000, seed: 1, against: 'verilator' });
  say(`kernel: fuzz vs Verilator: ${fz.line}`);
  if (res.mismatches || fz.failing.length) throw new Error('kernel demo: cross-check failed');
}
