// Paper 003's pulses-to-fire protocol (Fig. 5b) on any NeuronArray level: every neuron of the array is one trial
// (neuron j: noise stream j of the seed), all from rest, all driven by the same pulse train; a trial's count is the
// pulse number of its first spike. The device level's pulsesToFire (src/devices/neuron) is the float reference.
import { summarizePulseCounts, type PulseProtocol, type PulsesToFireStats } from '../devices/neuron/pulses-to-fire.ts';
import type { NeuronArray } from './neuron-types.ts';

export function pulsesToFireOnArray(a: NeuronArray, proto: PulseProtocol, seed: number): PulsesToFireStats {
  const n = a.size;
  a.reset(seed);
  const counts = new Int32Array(n);
  const inp = new Float32Array(n);
  const sp = new Uint8Array(n);
  let left = n;
  for (let pulse = 1; pulse <= proto.maxPulses && left > 0; pulse++) {
    for (let s = 0; s < proto.period && left > 0; s++) {
      inp.fill(s === 0 ? proto.amplitude : 0);
      if (a.step(inp, sp) === 0) continue;
      for (let j = 0; j < n; j++) {
        if (sp[j] && counts[j] === 0) {
          counts[j] = pulse;
          left--;
        }
      }
    }
  }
  return summarizePulseCounts(counts);
}
