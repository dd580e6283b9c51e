// The shaped synapses of paper 001 (trapezoid with its one-shot reset, straight with multi-notch jumps) and the
// 5-state synapse of paper 002 as table sets of the same tile semantics: a Markov chain over notches
// (src/devices/shaped) gives, per (notch, drive), the probabilities of the target notches; request code p drives the
// device with amplitude p * driveUnit (volts for paper 001, multiples of the nominal current for paper 002),
// positive toward higher conductance for dir 0. Levels are the chains' mean read conductances (1 / R), one variant.
// The trapezoid's one-shot reset is a single entry whose moves span from "stay" to "back to the reset state".
import { Quantized5Chain, straightChain, trapezoidChain, type NotchChain } from '../devices/shaped/index.ts';
import { fromProbabilityRow, type TileTableSet } from './tile-roms.ts';

export function chainTableSet(chain: NotchChain, driveUnit: number): TileTableSet {
  const g = Float64Array.from(chain.levels, (l) => 1 / l.rMean);
  return {
    name: chain.name,
    variants: 1,
    notches: chain.levels.length,
    levels: () => g,
    distribution: (_v, dir, n, request) => fromProbabilityRow(n, chain.row(n, (dir === 0 ? 1 : -1) * request * driveUnit)),
  };
}

export const shapedTableSetNames = ['trapezoid', 'straight', 'quantized-5'] as const;
export type ShapedTableSetName = (typeof shapedTableSetNames)[number];

/** The shaped devices' chains (their drive unit is the caller's choice: it sets which request reaches which voltage). */
export function shapedChain(name: ShapedTableSetName): NotchChain {
  return name === 'trapezoid' ? trapezoidChain() : name === 'straight' ? straightChain() : new Quantized5Chain();
}
