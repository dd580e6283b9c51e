// The interface every neuron model offers the SNN task: feed one time step of input, get a spike.
export interface SpikingNeuron {
  /** Advance one time step with synaptic input `input`; true when the neuron fires in this step. */
  step(input: number): boolean;
  /** The membrane-state readout: wall position in metres (DW-MTJ) or membrane potential (LIF). */
  readonly state: number;
  /** Fraction of the way to threshold, 0..1 (comparable between models). */
  readonly progress: number;
  /** Return to the resting state (no domain in the track / v = v_reset) and zero the synaptic current. */
  reset(): void;
}
