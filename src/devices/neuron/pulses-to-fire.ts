// Pulse-number encoding on the model (paper 003, Fig. 5b): a train of identical input pulses of amplitude a, one
// every `period` steps; count the pulses until the neuron fires. Paper 003 fits sigma = 0.3 to the measured
// switching-count histogram and shows two settings with mean thresholds of 12 and 35 pulses.
import { DwNeuron } from './dw-neuron.ts';
import type { DwTrackParams } from './dw-track.ts';

export interface PulseProtocol {
  /** Input amplitude per pulse, units of the track's unit current. */
  amplitude: number;
  /** Steps from one pulse to the next (the pulse is one step of input; the synaptic current carries it on). */
  period: number;
  /** Give up after this many pulses (counts as "did not fire"). */
  maxPulses: number;
}

/** Pulses until the first spike for one neuron from rest, or 0 if it never fired within maxPulses. */
export function pulsesToFireOnce(n: DwNeuron, proto: PulseProtocol): number {
  for (let p = 1; p <= proto.maxPulses; p++) {
    for (let s = 0; s < proto.period; s++) if (n.step(s === 0 ? proto.amplitude : 0)) return p;
  }
  return 0;
}

export interface PulsesToFireStats {
  counts: Int32Array;
  mean: number;
  std: number;
  /** Trials that never fired within maxPulses. */
  misses: number;
}

/** `trials` independent neurons (RNG stream = trial index) from rest. */
export function pulsesToFire(params: DwTrackParams, proto: PulseProtocol, trials: number, seed: number, streamBase = 0): PulsesToFireStats {
  const counts = new Int32Array(trials);
  for (let k = 0; k < trials; k++) counts[k] = pulsesToFireOnce(new DwNeuron(params, seed, streamBase + k), proto);
  return summarizePulseCounts(counts);
}

/** Mean and sample std of the trials that fired (count > 0); the others are misses. Every level reports through it. */
export function summarizePulseCounts(counts: Int32Array): PulsesToFireStats {
  let sum = 0;
  let sum2 = 0;
  let fired = 0;
  for (const c of counts) {
    if (c > 0) {
      fired++;
      sum += c;
      sum2 += c * c;
    }
  }
  const mean = fired ? sum / fired : NaN;
  const std = fired > 1 ? Math.sqrt(Math.max(0, (sum2 - fired * mean * mean) / (fired - 1))) : 0;
  return { counts, mean, std, misses: counts.length - fired };
}

/**
 * Input amplitude whose mean pulses-to-fire equals `target`: bisection (geometric, 40 rounds) on the mean over
 * `trials` noisy neurons with common random numbers (the same seed at every amplitude, so the mean is monotone in
 * the amplitude). Used to derive the paper003 preset's settings; `dwtwin device neuron --fit` re-runs it.
 */
export function fitAmplitude(params: DwTrackParams, target: number, period: number, trials: number, seed: number): number {
  let lo = 1e-3;
  let hi = 20;
  const meanAt = (a: number) => pulsesToFire(params, { amplitude: a, period, maxPulses: 20 * target }, trials, seed).mean;
  for (let it = 0; it < 40; it++) {
    const mid = Math.sqrt(lo * hi);
    const m = meanAt(mid);
    if (!(m <= target)) lo = mid; // too few pulses -> smaller amplitude needed is the other side
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}
