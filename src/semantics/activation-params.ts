// Parameters of the integer MTJ activation generator array (paper 004): M generators, each N MTJs in parallel on a
// width-graded wire. Fixed formats: input current code unsigned currentBits bits (LSB chosen by the ROM
// derivation, default 0.25 uA); threshold ROM entries currentBits bits at address (k << quantBits) | u (MTJ k,
// quantile u of its switching threshold); resistance ROM entries RES_BITS bits, one per switched-MTJ pattern.
import { z } from 'zod';
import { nextPow2 } from './neuron-params.ts';

export const RES_BITS = 16;
/** Largest address width of a ROM (4 iCE40 block RAMs of 16 bits). */
export const ROM_ADDR_MAX = 12;

export const activationParamsSchema = z
  .object({
    generators: z.number().int().min(1).max(256),
    mtjs: z.number().int().min(1).max(10),
    currentBits: z.number().int().min(8).max(16),
    quantBits: z.number().int().min(1).max(10),
  })
  .strict()
  .refine((p) => Math.max(1, Math.ceil(Math.log2(p.mtjs))) + p.quantBits <= ROM_ADDR_MAX, {
    message: `threshold ROM address (ceil(log2 mtjs) + quantBits) must not exceed ${ROM_ADDR_MAX} bits`,
    path: ['quantBits'],
  });

export type ActivationParams = z.infer<typeof activationParamsSchema>;

export const activationDefaults: ActivationParams = { generators: 4, mtjs: 9, currentBits: 12, quantBits: 6 };

export function activationSizes(p: ActivationParams) {
  const kBits = Math.max(1, Math.ceil(Math.log2(p.mtjs)));
  return {
    kBits,
    thrDepth: 1 << (kBits + p.quantBits),
    resDepth: Math.max(2, 1 << p.mtjs),
    inputWords: Math.ceil(p.generators / 2),
    genDepth: nextPow2(p.generators),
    argDepth: nextPow2(Math.max(2, Math.ceil(p.generators / 2))),
  };
}

/** Threshold ROM address of MTJ k, quantile u. */
export const thrAddress = (p: ActivationParams, k: number, u: number) => (k << p.quantBits) | u;
