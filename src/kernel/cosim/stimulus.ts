// Seeded random stimulus, shared by `dwtwin sim`, `dwtwin cosim`, fuzzing and benchmarks. Word k of input port p
// at cycle c is draw32(seed, 2p + k, c), masked to the port width, so any window of cycles can be regenerated
// independently (a replay of cycles 5000..5010 needs no history). rst (port 0) is asserted at cycle 0 and then
// with probability 2^-resetLog2 per cycle, so both the reset path and free running are exercised.
import { draw32 } from '../../base/rng.ts';
import type { PortInfo } from '../ir/elaborate.ts';
import { packedWords, wordsOf } from '../sim/cyclesim.ts';

export interface StimulusOptions {
  /** rst is asserted with probability 2^-resetLog2 after cycle 0 (default 6: 1/64). 0 disables random resets. */
  resetLog2?: number;
}

export function makeStimulus(inputs: readonly PortInfo[], seed: number, start: number, cycles: number, opts: StimulusOptions = {}): Uint32Array {
  const inW = packedWords(inputs);
  const out = new Uint32Array(cycles * inW);
  const resetLog2 = opts.resetLog2 ?? 6;
  const resetMask = resetLog2 > 0 ? (1 << resetLog2) - 1 : -1;
  for (let i = 0; i < cycles; i++) {
    const c = start + i;
    let off = i * inW;
    inputs.forEach((p, pi) => {
      if (pi === 0 && p.name === 'rst') {
        out[off++] = c === 0 || (resetMask >= 0 && (draw32(seed, 0, c) & resetMask) === 0) ? 1 : 0;
        return;
      }
      const words = wordsOf(p.width);
      for (let k = 0; k < words; k++) {
        const bitsHere = Math.min(32, p.width - 32 * k);
        const v = draw32(seed, 2 * pi + k, c);
        out[off++] = bitsHere === 32 ? v : (v & ((1 << bitsHere) - 1)) >>> 0;
      }
    });
  }
  return out;
}
