// Shared by the kernel verbs: run the TypeScript simulation on the seeded stimulus, optionally with a VCD.
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../../base/atomic-file.ts';
import { InputError } from '../../base/errors.ts';
import { makeStimulus } from '../../kernel/cosim/stimulus.ts';
import { compileSim, packedWords, type Design } from '../../kernel/index.ts';
import { VcdWriter } from '../../kernel/sim/vcd.ts';

export interface SimRun {
  cycles: number;
  seconds: number;
  /** sha256 of every output word of every cycle: two runs agree iff their outputs agree. */
  outputHash: string;
}

/** Largest VCD text: VcdWriter builds the file as one string, and V8 strings end at 2^29 characters. */
const VCD_MAX_CHARS = 2 ** 28;

/** Refuse (before any work) a VCD of more cycles than fit: every signal changing every cycle is the bound. */
export function checkVcdCycles(option: string, design: Design, cycles: number): void {
  const perCycle = compileSim(design).signals.reduce((a, s) => a + s.width + 6, 24);
  const max = Math.floor(VCD_MAX_CHARS / perCycle);
  if (cycles > max) throw new InputError(`--${option}: a waveform of ${cycles} cycles of ${design.top.verilogName} may not fit in memory; at most ${max} cycles (replay a shorter window)`);
}

export function runTsSim(design: Design, cycles: number, seed: number, vcdPath?: string): SimRun {
  const sim = compileSim(design);
  const outW = packedWords(design.outputs);
  const hash = createHash('sha256');
  const batch = 4096;
  const t0 = performance.now();
  const vcd = vcdPath ? new VcdWriter(sim, design.top.verilogName) : undefined;
  for (let start = 0; start < cycles; start += batch) {
    const n = Math.min(batch, cycles - start);
    const stim = makeStimulus(design.inputs, seed, start, n);
    const out = new Uint32Array(n * outW);
    if (vcd) {
      // Cycle by cycle through the interactive API so every cycle's values can be dumped.
      const inW = packedWords(design.inputs);
      for (let c = 0; c < n; c++) {
        let off = c * inW;
        for (const p of design.inputs) {
          sim.poke(p.name, p.width > 32 ? BigInt(stim[off]!) | (BigInt(stim[off + 1]!) << 32n) : stim[off]!);
          off += p.width > 32 ? 2 : 1;
        }
        sim.eval();
        vcd.sample();
        let o = c * outW;
        for (const p of design.outputs) {
          const v = sim.peek(p.name);
          out[o++] = Number(v & 0xffffffffn);
          if (p.width > 32) out[o++] = Number(v >> 32n);
        }
        sim.tick();
      }
    } else sim.runBatch(n, stim, out);
    hash.update(new Uint8Array(out.buffer));
  }
  const seconds = (performance.now() - t0) / 1000;
  if (vcd && vcdPath) writeFileAtomic(vcdPath, vcd.text());
  return { cycles, seconds, outputHash: hash.digest('hex') };
}
