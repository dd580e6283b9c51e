// The accelerator interface for spiking neurons: what an array of integrate-fire neurons does, independent of how
// it is realised. Every level serves it — `device` (today's float models of src/devices/neuron), and the integer
// neuron core's `twin`, `cycle` and `verilator` levels (issue 14) — so the SNN task runs unchanged on any of them.
// Levels may quantize the input amplitudes and the state; the task only sees spikes and a progress readout.

/** Which neuron physics: the two-DW neuron of paper 003 (noisy or deterministic track) or the ideal LIF reference. */
export type NeuronModel = 'dw' | 'dw-deterministic' | 'lif';
export const neuronModels: readonly NeuronModel[] = ['dw', 'dw-deterministic', 'lif'];

/** Realisation level: the float model, or the integer neuron-array core as twin, cycle model or Verilator. */
export type NeuronLevel = 'device' | 'twin' | 'cycle' | 'verilator';
export const neuronLevels: readonly NeuronLevel[] = ['device', 'twin', 'cycle', 'verilator'];

/** JSON-able description of a neuron array (crosses into worker threads and into result files). */
export interface NeuronArraySpec {
  level: NeuronLevel;
  model: NeuronModel;
}

export interface NeuronStats {
  /** step() calls since construction. */
  steps: number;
  /** Spikes emitted since construction, all neurons. */
  spikes: number;
}

/**
 * `size` independent neurons stepped together (a task puts a whole batch of layers' neurons in one array).
 * Time is discrete: one step is the neuron model's time step (DW-MTJ: 0.1 ns, paper 003's dt).
 */
export interface NeuronArray {
  readonly size: number;
  /** Short description for reports (e.g. "device dw-mtj, sigma 0.3"). */
  readonly label: string;

  /**
   * One time step for every neuron. input[j] is neuron j's synaptic input amplitude this step, in the model's unit
   * input (DW-MTJ: one unit = 50 uA through the track; LIF: one unit of membrane drive); it is added to a synaptic
   * current that decays each step. Writes spikes[j] = 1 where neuron j fired (it is then back at rest), else 0, and
   * returns the number of spikes.
   */
  step(input: Float32Array, spikes: Uint8Array): number;

  /**
   * State after the last step: for each neuron the fraction of the way to threshold, 0 at rest, 1 at threshold
   * (DW-MTJ: wall position / x_th; LIF: (v - v_reset) / (v_th - v_reset)). What surrogate gradients are built on.
   */
  readProgress(out?: Float32Array): Float32Array;

  /**
   * Every neuron back to rest (no domain in the track / v = v_reset, zero synaptic current), and its noise restarted
   * from step 0 of the streams keyed by `noiseSeed` (neuron j: stream j), so a run's noise is a pure function of
   * (noiseSeed, neuron, step), independent of what ran before. Deterministic models ignore the seed.
   */
  reset(noiseSeed: number): void;

  stats(): NeuronStats;
}
