// Parameters of the integer two-DW neuron array (paper 003) and the fixed formats every level shares. The core,
// the twin, the accelerator levels and the ROM derivation all read this file, so a width is defined once.
//
// Fixed formats (build-time constants, not parameters):
//   position x       unsigned posBits bits, x_th = 2^posBits: one LSB = x_th / 2^posBits (paper 003: 200 nm /
//                    65536 = 3.05 pm at the default posBits 16). The neuron fires when x would reach 2^posBits.
//   current c        signed CUR_BITS (15) bits, Q5.10: 1024 = one unit input (50 uA), saturating at +-16 units.
//   input code       signed 16 bits, Q6.10 like c (saturated into c's range when added).
//   drive ROM        DRIVE_BITS (16) unsigned entries, one per position segment (top segBits bits of x): LSB of x
//                    per step per unit current, times 2^driveFrac. The velocity law is linear in j, so drive(x, a) =
//                    a * ROM(x): the ROM holds the position dependence, the amplitude multiplies it.
//   leak             LEAK_BITS (24) unsigned, LSB of x per step times 2^(CUR_FRAC + driveFrac).
//   noise ROM        NOISE_BITS (14) signed entries, Q3.11: xi = 1 + sigma * z quantiles (inverse CDF).
//   synaptic decay   16-bit unsigned Q0.16 multiplier per step (paper 003: 0.8), rounded to nearest (ties away
//                    from zero: unbiased at large currents; a residual of at most +-2 LSB stays, below the leak).
//   LIF rate         8-bit unsigned Q0.8 dt / tau_mem (LIF mode).
import { z } from 'zod';

export const CUR_BITS = 15;
export const CUR_FRAC = 10;
export const INPUT_BITS = 16;
export const DRIVE_BITS = 16;
export const LEAK_BITS = 24;
export const NOISE_BITS = 14;
export const NOISE_FRAC = 11;
export const DECAY_BITS = 16;
export const RATE_BITS = 8;
/** Mean step before noise, saturated to this signed width (2 x_th per step at posBits 16: never binding in use). */
export const MEAN_BITS = 18;

/** Domain phases of the two-DW neuron (2 bits). */
export const PHASE = {
  /** No domain in the track (after an ejection, or after RESET). */
  EMPTY: 0,
  /** Written (nucleated under MTJ_A) and held by MTJ_A's stray field until a pulse depins it. */
  HELD_A: 1,
  /** Free in the track: integrating. */
  TRACK: 2,
  /** Captured under MTJ_B: fired (R_B in AP) until a pulse ejects it out of the track. */
  FIRED: 3,
} as const;

/** Runtime mode bits (SET_CONFIG word 0). */
export const MODE = {
  /** 1: LIF membrane instead of the DW track (no noise, same interface). */
  LIF: 1,
  /** 1: the periphery writes an empty neuron at the start of a step and ejects a fired one at once (SNN use). */
  AUTO: 2,
} as const;

export const neuronArrayParamsSchema = z
  .object({
    neurons: z.number().int().min(1).max(1024),
    lanes: z.number().int().min(1).max(16),
    posBits: z.number().int().min(10).max(16),
    segBits: z.number().int().min(1).max(8),
    noiseBits: z.number().int().min(2).max(10),
    driveFrac: z.number().int().min(0).max(12),
    /** Core only: 'parallel' draws combinationally (8 multipliers a lane, 3 cycles a group), 'serial' through one
     *  time-shared multiplier (4 SB_MAC16 a lane: fits the UP5K at 1 lane; 12 cycles a group). Same integers. */
    rng: z.enum(['parallel', 'serial']),
  })
  .strict()
  .refine((p) => p.lanes <= p.neurons, { message: 'lanes must not exceed neurons', path: ['lanes'] })
  .refine((p) => p.segBits <= p.posBits, { message: 'segBits (drive ROM address width) must not exceed posBits (the position width)', path: ['segBits'] });

export type NeuronArrayParams = z.infer<typeof neuronArrayParamsSchema>;

export const neuronArrayDefaults: NeuronArrayParams = { neurons: 16, lanes: 4, posBits: 16, segBits: 6, noiseBits: 8, driveFrac: 4, rng: 'parallel' };

export function nextPow2(n: number): number {
  let d = 2;
  while (d < n) d *= 2;
  return d;
}

/** Sizes derived from the parameters (shared by core, twin and levels). */
export function neuronSizes(p: NeuronArrayParams) {
  const groups = Math.ceil(p.neurons / p.lanes);
  return {
    groups,
    stateDepth: nextPow2(groups),
    driveDepth: 1 << p.segBits,
    noiseDepth: 1 << p.noiseBits,
    inputWords: Math.ceil(p.neurons / 2),
    spikeWords: Math.ceil(p.neurons / 32),
    argDepth: nextPow2(Math.max(4, Math.ceil(p.neurons / 2))),
  };
}
