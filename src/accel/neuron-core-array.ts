// The integer neuron-array core's accelerator levels: `twin` (src/twin/neuron-twin.ts), `cycle` (the compiled
// kernel simulation of src/cores/neuron-array.ts driven through its command port) and `verilator` (the same core
// in Verilator, streamed one round trip per command). All three speak the same command words, so they give the
// same integers for the same seed; this class does the periphery: float amplitudes -> Q6.10 input codes, ROM and
// config loading from paper 003's model, spike bits -> Uint8Array, positions -> progress.
import { buildVerilator, buildVerilatorAsync, type HarnessSpec } from '../kernel/backends/verilator.ts';
import { VerilatorSim } from '../kernel/backends/verilator-sim.ts';
import { harnessSpec } from '../kernel/cosim/lockstep.ts';
import { compileSim, elaborate } from '../kernel/index.ts';
import type { StreamPorts } from '../kernel/sim/stream.ts';
import { neuronArray } from '../cores/neuron-array.ts';
import { COMMAND_PORT, parseHeader, STATUS } from '../semantics/command-port.ts';
import { cmd, encodeConfig, encodeLoad, encodeStep, NEURON_OP } from '../semantics/neuron-commands.ts';
import { CUR_FRAC, INPUT_BITS, MODE, type NeuronArrayParams, neuronArrayDefaults, neuronArrayParamsSchema } from '../semantics/neuron-params.ts';
import { deriveNeuronRoms } from '../semantics/neuron-roms.ts';
import { satSigned } from '../semantics/neuron-step.ts';
import { validate } from '../base/json-input.ts';
import { NeuronTwin } from '../twin/neuron-twin.ts';
import type { NeuronArray, NeuronModel, NeuronStats } from './neuron-types.ts';

export type CoreNeuronLevel = 'twin' | 'cycle' | 'verilator';

/** Executes one command (header + args) and returns its response. */
export interface CommandExecutor {
  execute(words: readonly number[]): number[];
  close?(): void;
}

export const commandStreamPorts: StreamPorts = {
  inValid: COMMAND_PORT.inputs.cmdValid,
  inData: COMMAND_PORT.inputs.cmdData,
  outReady: COMMAND_PORT.inputs.rspReady,
  inReady: COMMAND_PORT.outputs.cmdReady,
  outValid: COMMAND_PORT.outputs.rspValid,
  outData: COMMAND_PORT.outputs.rspData,
  lengthMask: COMMAND_PORT.lengthMask,
};

/** Cycle limit of one command: far above any command's need, so only a hung core reaches it. */
const MAX_CYCLES = 1 << 24;

type Streamer = { stream(words: Uint32Array, responses: number, maxCycles: number): { words: Uint32Array; complete: boolean } };

function streamExecutor(sim: Streamer, close?: () => void): CommandExecutor {
  return {
    execute(words) {
      const r = sim.stream(Uint32Array.from(words), 1, MAX_CYCLES);
      if (!r.complete) throw new Error(`neuron-array core: no complete response within ${MAX_CYCLES} cycles (opcode ${parseHeader(words[0]!).code})`);
      return Array.from(r.words);
    },
    close,
  };
}

/** A command executor for a level (the Verilator build is cached by design hash; a first build takes a while). */
export function neuronExecutor(level: CoreNeuronLevel, p: NeuronArrayParams): CommandExecutor {
  if (level === 'twin') {
    const t = new NeuronTwin(p);
    return { execute: (w) => t.execute(w) };
  }
  if (level === 'cycle') {
    const sim = compileSim(elaborate(neuronArray, p), { stream: commandStreamPorts });
    sim.reset();
    return streamExecutor(sim);
  }
  const build = buildVerilator(verilatorSpec(p), buildLog);
  const sim = new VerilatorSim(build);
  sim.reset();
  return streamExecutor(sim, () => sim.close());
}

const verilatorSpec = (p: NeuronArrayParams): HarnessSpec => ({ ...harnessSpec(elaborate(neuronArray, p)), stream: commandStreamPorts });
const buildLog = { log: (l: string) => process.stderr.write(l + '\n') };
const coreParams = (size: number, o: CoreNeuronOptions): NeuronArrayParams =>
  validate(neuronArrayParamsSchema, { ...neuronArrayDefaults, lanes: Math.min(size, 8), ...o.params, neurons: size }, 'neuron-array parameters');

/**
 * A CoreNeuronArray for the tasks and the CLI: a first Verilator build (minutes) runs as a child process the event
 * loop waits on, so SIGINT/SIGTERM stop it at once; the constructor then takes the build from the cache.
 */
export async function openCoreNeuronArray(level: CoreNeuronLevel, size: number, model: NeuronModel, noiseSeed = 0, o: CoreNeuronOptions = {}): Promise<CoreNeuronArray> {
  if (level === 'verilator') await buildVerilatorAsync(verilatorSpec(coreParams(size, o)), buildLog);
  return new CoreNeuronArray(level, size, model, noiseSeed, o);
}

export interface CoreNeuronOptions {
  /** Core parameters other than the size (lanes, widths); validated with the core's schema. */
  params?: Partial<Omit<NeuronArrayParams, 'neurons'>>;
  sigma?: number;
}

export class CoreNeuronArray implements NeuronArray {
  readonly label: string;
  readonly params: NeuronArrayParams;
  private readonly ex: CommandExecutor;
  private readonly st: NeuronStats = { steps: 0, spikes: 0 };
  private readonly codes: Int32Array;

  constructor(readonly level: CoreNeuronLevel, readonly size: number, readonly model: NeuronModel, noiseSeed = 0, o: CoreNeuronOptions = {}) {
    this.params = coreParams(size, o);
    const sigma = model === 'dw' ? (o.sigma ?? 0.3) : 0;
    const roms = deriveNeuronRoms(this.params, { sigma, mode: MODE.AUTO | (model === 'lif' ? MODE.LIF : 0) });
    this.ex = neuronExecutor(level, this.params);
    this.codes = new Int32Array(size);
    this.run(encodeConfig(roms.config));
    this.run(encodeLoad(NEURON_OP.LOAD_DRIVE, 0, roms.drive));
    this.run(encodeLoad(NEURON_OP.LOAD_NOISE, 0, roms.noise));
    this.reset(noiseSeed);
    this.label = `${level} integer ${model === 'lif' ? 'LIF' : `DW-MTJ (paper 003, sigma ${sigma})`}, ${size} neurons, ${this.params.lanes} lanes, ${this.params.posBits}-bit position`;
  }

  private run(words: number[]): number[] {
    const r = this.ex.execute(words);
    const h = parseHeader(r[0]!);
    if (h.code !== STATUS.OK) throw new Error(`neuron-array ${this.level}: command ${parseHeader(words[0]!).code} answered status ${h.code}`);
    return r.slice(1);
  }

  step(input: Float32Array, spikes: Uint8Array): number {
    for (let j = 0; j < this.size; j++) this.codes[j] = satSigned(Math.round(input[j]! * 2 ** CUR_FRAC), INPUT_BITS);
    const words = this.run(encodeStep(this.codes));
    let n = 0;
    for (let j = 0; j < this.size; j++) {
      const b = (words[j >> 5]! >>> (j & 31)) & 1;
      spikes[j] = b;
      n += b;
    }
    this.st.steps++;
    this.st.spikes += n;
    return n;
  }

  readProgress(out = new Float32Array(this.size)): Float32Array {
    const w = this.run(cmd(NEURON_OP.READ_STATE));
    const top = 2 ** this.params.posBits;
    for (let j = 0; j < this.size; j++) out[j] = (w[2 * j]! & 0xffff) / top;
    return out;
  }

  reset(noiseSeed: number): void {
    this.run(cmd(NEURON_OP.SET_SEED, [noiseSeed >>> 0, 0]));
    this.run(cmd(NEURON_OP.RESET));
  }

  stats(): NeuronStats {
    return { ...this.st };
  }

  close(): void {
    this.ex.close?.();
  }
}
