// ROM contents and runtime configuration of the integer neuron, derived from paper 003's float model
// (src/devices/neuron/dw-track.ts): the drive per position segment from the velocity law's current term
// u(x) = I mu_B P / (w(x) d e M_s (1 + alpha^2)) at the segment's centre, the shape leak, the synaptic decay and the
// N(1, sigma) noise by its inverse CDF at the midpoints of 2^noiseBits equal-probability bins.
import { z } from 'zod';
import { InputError } from '../base/errors.ts';
import { describeIssues } from '../base/json-input.ts';
import { paper003Track, trackKernel, type DwTrackParams } from '../devices/neuron/dw-track.ts';
import { defaultLif } from '../devices/neuron/lif.ts';
import { inverseNormalCdf } from './inverse-normal.ts';
import { CUR_FRAC, DRIVE_BITS, LEAK_BITS, MODE, NOISE_BITS, NOISE_FRAC, type NeuronArrayParams, neuronSizes } from './neuron-params.ts';
import type { NeuronConfig } from './neuron-step.ts';

/** Largest sigma whose noise quantiles fit the Q3.11 ROM (|xi| < 4 down to the 1/2048 quantile). */
export const SIGMA_MAX = 0.8;
export const sigmaSchema = z.number().min(0).max(SIGMA_MAX);

export interface NeuronRoms {
  drive: Uint16Array;
  noise: Int16Array;
  config: NeuronConfig;
  /** What the integers mean, for reports. */
  lsbMetres: number;
}

export interface NeuronRomOptions {
  track?: DwTrackParams;
  sigma?: number;
  mode?: number;
  /** Amplitude-encoding thresholds (units of the unit input); default 0: any pulse depins / ejects. */
  depinUnits?: number;
  ejectUnits?: number;
  lifRate?: number;
}

export const toCode = (units: number) => Math.round(units * 2 ** CUR_FRAC);

export function deriveNeuronRoms(p: NeuronArrayParams, o: NeuronRomOptions = {}, where = 'neuron ROMs'): NeuronRoms {
  const track = { ...(o.track ?? paper003Track), sigma: o.sigma ?? (o.track ?? paper003Track).sigma };
  const sg = sigmaSchema.safeParse(track.sigma);
  if (!sg.success) throw new InputError(describeIssues(where, new z.ZodError(sg.error.issues.map((i) => ({ ...i, path: ['sigma'] })))));
  const k = trackKernel(track);
  const { driveDepth, noiseDepth } = neuronSizes(p);
  const lsb = track.xTh / 2 ** p.posBits;
  const drive = new Uint16Array(driveDepth);
  for (let s = 0; s < driveDepth; s++) {
    const x = ((s + 0.5) / driveDepth) * track.xTh;
    const w = k.w1 + k.dwdx * x;
    const v = Math.round((k.driveCoef / w / lsb) * 2 ** p.driveFrac);
    if (v >= 2 ** DRIVE_BITS) throw new InputError(`${where}: field 'driveFrac': drive ROM entry ${s} = ${v} overflows ${DRIVE_BITS} bits (lower driveFrac or posBits)`);
    drive[s] = v;
  }
  const noise = new Int16Array(noiseDepth);
  for (let u = 0; u < noiseDepth; u++) {
    const xi = 1 + track.sigma * inverseNormalCdf((u + 0.5) / noiseDepth);
    const v = Math.round(xi * 2 ** NOISE_FRAC);
    if (v >= 2 ** (NOISE_BITS - 1) || v < -(2 ** (NOISE_BITS - 1))) throw new InputError(`${where}: field 'sigma': noise ROM entry ${u} (xi ${xi.toFixed(3)}) overflows Q3.11`);
    noise[u] = v;
  }
  const leakQ = Math.round((k.leakStep / lsb) * 2 ** (CUR_FRAC + p.driveFrac));
  if (leakQ >= 2 ** LEAK_BITS) throw new InputError(`${where}: field 'driveFrac': leak ${leakQ} overflows ${LEAK_BITS} bits`);
  const config: NeuronConfig = {
    mode: o.mode ?? MODE.AUTO,
    leakQ,
    decay: Math.round(track.synDecay * 65536),
    rate: Math.round((o.lifRate ?? defaultLif.memRate) * 256),
    depin: toCode(o.depinUnits ?? 0),
    eject: toCode(o.ejectUnits ?? 0),
  };
  if (config.decay >= 65536) throw new InputError(`${where}: field 'synDecay': must be below 1`);
  return { drive, noise, config, lsbMetres: lsb };
}
