// Meaningful command traffic for cross-checking the neuron-array core (cosim's stream stimulus): set-up (seed,
// config, both ROMs from paper 003's model), then a seeded mix of STEPs with pulse trains (amplitude encoding, both
// fitted settings and random codes), WRITE, RESET, READ_STATE, INFO, mode changes (AUTO / manual two-DW cycle with
// depin and eject thresholds / LIF), ROM reloads and bad commands (unknown opcode, wrong length, ROM range).
import { draw32 } from '../base/rng.ts';
import { cmd, encodeConfig, encodeLoad, encodeStep, NEURON_OP } from '../semantics/neuron-commands.ts';
import { MODE, type NeuronArrayParams, neuronSizes } from '../semantics/neuron-params.ts';
import { deriveNeuronRoms, toCode } from '../semantics/neuron-roms.ts';

export function neuronArrayCommandStream(p: NeuronArrayParams, seed: number): () => number[] {
  const roms = deriveNeuronRoms(p, { sigma: 0.3 });
  const S = neuronSizes(p);
  const setup: number[][] = [cmd(NEURON_OP.INFO), cmd(NEURON_OP.SET_SEED, [seed, 0]), encodeConfig(roms.config), encodeLoad(NEURON_OP.LOAD_DRIVE, 0, roms.drive), encodeLoad(NEURON_OP.LOAD_NOISE, 0, roms.noise)];
  let k = 0;
  let t = 0;
  const r = (n: number) => draw32(seed, 100, k++) % n;
  const amps = [toCode(1.493), toCode(0.593)];
  return () => {
    const s = setup.shift();
    if (s) return s;
    const pick = r(100);
    if (pick < 70) {
      // A pulse every 10 steps (paper 003's protocol) with per-neuron amplitude, sometimes random codes.
      const wild = r(8) === 0;
      const tt = t++;
      return encodeStep(Array.from({ length: p.neurons }, (_, j) => (wild ? (draw32(seed, 101 + j, tt) & 0xffff) : tt % 10 === 0 ? amps[j % 2]! + (j >> 1) * 8 : 0)));
    }
    if (pick < 74) return cmd(NEURON_OP.WRITE);
    if (pick < 77) return cmd(NEURON_OP.RESET);
    if (pick < 82) return cmd(NEURON_OP.READ_STATE);
    if (pick < 84) return cmd(NEURON_OP.INFO);
    if (pick < 90) {
      const mode = [MODE.AUTO, 0, MODE.LIF | MODE.AUTO, MODE.LIF][r(4)]!;
      return encodeConfig({ ...roms.config, mode, depin: toCode(0.5) * r(2), eject: toCode(0.5) * r(3) });
    }
    if (pick < 92) return cmd(NEURON_OP.SET_SEED, [seed + r(4), r(1000)]);
    if (pick < 94) return encodeLoad(NEURON_OP.LOAD_NOISE, r(S.noiseDepth), Array.from({ length: r(6) }, () => r(1 << 14)));
    if (pick < 95) return encodeLoad(NEURON_OP.LOAD_DRIVE, 0, roms.drive);
    if (pick < 96) return encodeLoad(NEURON_OP.LOAD_DRIVE, S.driveDepth - 1, [1, 2, 3]); // beyond the ROM
    if (pick < 97) return cmd(0x40 + r(64), Array.from({ length: r(5) }, () => r(1 << 30))); // unknown opcode
    if (pick < 98) return cmd(NEURON_OP.STEP, Array.from({ length: S.inputWords + 1 }, () => 0)); // wrong length
    if (pick < 99) return cmd(NEURON_OP.SET_CONFIG, [7, 0, 0, 0]); // mode out of range
    return cmd(NEURON_OP.RESET, [1]); // wrong length
  };
}
