// DW-MTJ neuron (paper 003): model, vectorised array, ideal LIF reference, device cycle, presets, CLI report.
export * from './dw-track.ts';
export * from './dw-neuron.ts';
export * from './neuron-array.ts';
export * from './lif.ts';
export * from './spiking-neuron.ts';
export * from './pulses-to-fire.ts';
export * from './presets.ts';
export * from './device-cycle.ts';
export { neuronReport, type NeuronReportOptions } from './report.ts';
export * from './layer.ts';
