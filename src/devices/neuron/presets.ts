// Neuron presets. paper003: the code's tapered track (w1 25 nm -> w2 105 nm over x_th = 200 nm) with sigma = 0.3,
// driven by one-step input pulses every 10 steps (1 ns). The two settings of Fig. 5b (mean thresholds 12 and 35
// pulses) differ only in the pulse amplitude, fitted with fitAmplitude(paper003Track, target, 10, 400, 1) and
// rounded to 4 digits; `dwtwin device neuron --fit` re-runs the fit.
import { paper003Track, type DwTrackParams } from './dw-track.ts';
import type { PulseProtocol } from './pulses-to-fire.ts';

export interface NeuronSetting {
  name: string;
  /** Paper 003's mean pulses-to-fire for this setting, and the tolerance we accept. */
  paperMean: number;
  tolerance: number;
  protocol: PulseProtocol;
}

export interface NeuronPreset {
  name: string;
  track: DwTrackParams;
  settings: NeuronSetting[];
}

export const PULSE_PERIOD_STEPS = 10;

export const neuronPresets: Record<string, NeuronPreset> = {
  paper003: {
    name: 'paper003',
    track: paper003Track,
    settings: [
      { name: 'A', paperMean: 12, tolerance: 1, protocol: { amplitude: 1.493, period: PULSE_PERIOD_STEPS, maxPulses: 1000 } },
      { name: 'B', paperMean: 35, tolerance: 2, protocol: { amplitude: 0.593, period: PULSE_PERIOD_STEPS, maxPulses: 1000 } },
    ],
  },
};

export const neuronPresetNames = Object.keys(neuronPresets);
