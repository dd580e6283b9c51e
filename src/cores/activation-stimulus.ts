// Meaningful command traffic for cross-checking the activation core: set-up from paper 004's sigmoid design, then
// seeded ramp cycles (NEW_CYCLE, rising APPLY currents per generator), READ_STATE, INFO, reseeds, the staircase
// design's ROMs, config changes and bad commands (unknown opcode, wrong length, ROM range, config out of range).
import { draw32 } from '../base/rng.ts';
import { sigmoid, staircase, type FgenDesign } from '../devices/fgen/design.ts';
import { ACT_OP, encodeApply } from '../semantics/activation-commands.ts';
import { type ActivationParams, activationSizes } from '../semantics/activation-params.ts';
import { deriveActivationRoms } from '../semantics/activation-roms.ts';
import { cmd, encodeLoad } from '../semantics/neuron-commands.ts';

/** A design with the core's MTJ count: paper 004's, truncated or repeated to `mtjs`. */
export function designFor(d: FgenDesign, mtjs: number): FgenDesign {
  const at = <T>(a: T[], k: number) => a[k % a.length]!;
  return { ...d, mtjs: Array.from({ length: mtjs }, (_, k) => at(d.mtjs, k)), wireWidthNm: Array.from({ length: mtjs }, (_, k) => at(d.wireWidthNm, k)), preSwitched: d.preSwitched.filter((k) => k < mtjs) };
}

export function setupCommands(p: ActivationParams, d: FgenDesign, seed: number): number[][] {
  const r = deriveActivationRoms(p, designFor(d, p.mtjs));
  return [cmd(ACT_OP.SET_SEED, [seed, 0]), cmd(ACT_OP.SET_CONFIG, [r.config.breakdown, r.config.preMask]), encodeLoad(ACT_OP.LOAD_THRESH, 0, r.thr), encodeLoad(ACT_OP.LOAD_RES, 0, r.res), cmd(ACT_OP.NEW_CYCLE)];
}

export function activationCommandStream(p: ActivationParams, seed: number): () => number[] {
  const S = activationSizes(p);
  const queue: number[][] = [cmd(ACT_OP.INFO), ...setupCommands(p, sigmoid, seed)];
  let k = 0;
  const r = (n: number) => draw32(seed, 200, k++) % n;
  let ramp = 0;
  const maxCode = 2 ** p.currentBits - 1;
  return () => {
    const q = queue.shift();
    if (q) return q;
    const x = r(100);
    if (x < 70) {
      ramp = (ramp + 1 + r(40)) % 120;
      return encodeApply(Array.from({ length: p.generators }, (_, g) => Math.min(maxCode, Math.floor((ramp * maxCode) / 100) + g * 3)));
    }
    if (x < 80) return cmd(ACT_OP.NEW_CYCLE);
    if (x < 85) return cmd(ACT_OP.READ_STATE);
    if (x < 87) return cmd(ACT_OP.INFO);
    if (x < 89) return cmd(ACT_OP.SET_SEED, [seed + r(3), r(100)]);
    if (x < 90) {
      queue.push(...setupCommands(p, r(2) ? staircase : sigmoid, seed));
      return cmd(ACT_OP.INFO);
    }
    if (x < 92) return cmd(ACT_OP.SET_CONFIG, [r(maxCode + 1), r(2 ** p.mtjs)]);
    if (x < 93) return cmd(ACT_OP.SET_CONFIG, [maxCode + 1 + r(10), 0]); // breakdown out of range
    if (x < 95) return encodeLoad(ACT_OP.LOAD_THRESH, r(S.thrDepth), Array.from({ length: r(4) }, () => r(maxCode + 1)));
    if (x < 96) return encodeLoad(ACT_OP.LOAD_RES, S.resDepth, [1]); // beyond the ROM
    if (x < 97) return cmd(0x60 + r(32), Array.from({ length: r(4) }, () => r(1000)));
    if (x < 98) return cmd(ACT_OP.APPLY, []); // wrong length
    if (x < 99) return cmd(ACT_OP.NEW_CYCLE, [0]);
    return cmd(ACT_OP.LOAD_RES, []);
  };
}
