// The neuron-array core's command set (command-port.ts framing), defined once: the core decodes it, the twin
// executes it, the accelerator levels encode it and the link forwards it. Opcodes are bytes; lengths in words.
import { COMMAND_PORT, header, type CommandDef, type CommandSet } from './command-port.ts';
import { type NeuronArrayParams, neuronSizes } from './neuron-params.ts';
import type { NeuronConfig } from './neuron-step.ts';

/** INFO's last word: 'NEUR'. */
export const NEURON_CORE_ID = 0x4e455552;

export const NEURON_OP = {
  INFO: 0x01,
  SET_SEED: 0x02,
  SET_CONFIG: 0x03,
  LOAD_DRIVE: 0x04,
  LOAD_NOISE: 0x05,
  WRITE: 0x06,
  STEP: 0x07,
  READ_STATE: 0x08,
  RESET: 0x09,
} as const;

const f = (name: string, word: number, lsb: number, bits: number, doc: string, signed = false) => ({ name, word, lsb, bits, signed, doc });
const fixed = (n: number) => () => n;
type P = NeuronArrayParams;

export const neuronCommands: CommandSet<P> = [
  {
    name: 'INFO',
    opcode: NEURON_OP.INFO,
    doc: 'Parameters of the core',
    args: [],
    results: [
      f('neurons', 0, 0, 32, 'K'),
      f('lanes', 1, 0, 32, 'L'),
      f('posBits', 2, 0, 8, 'position width'),
      f('segBits', 2, 8, 8, 'drive ROM address width'),
      f('noiseBits', 2, 16, 8, 'noise ROM address width'),
      f('driveFrac', 2, 24, 8, 'drive ROM fraction bits'),
      f('id', 3, 0, 32, "0x4e455552 ('NEUR')"),
    ],
    argWords: fixed(0),
    resultWords: fixed(4),
  },
  {
    name: 'SET_SEED',
    opcode: NEURON_OP.SET_SEED,
    doc: 'Noise seed and the step counter of the next STEP (draw32(seed, neuron, step))',
    args: [f('seed', 0, 0, 32, 'noise seed'), f('step', 1, 0, 32, 'step counter')],
    results: [],
    argWords: fixed(2),
    resultWords: fixed(0),
  },
  {
    name: 'SET_CONFIG',
    opcode: NEURON_OP.SET_CONFIG,
    doc: 'Runtime configuration; mode > 3 or leak >= 2^24 is ARG_OUT_OF_RANGE (nothing changes)',
    args: [
      f('mode', 0, 0, 32, 'bit 0 LIF, bit 1 AUTO (write/eject by the periphery)'),
      f('leakQ', 1, 0, 32, 'leak per step, x LSB * 2^(10 + driveFrac)'),
      f('decay', 2, 0, 16, 'synaptic decay, Q0.16'),
      f('rate', 2, 16, 8, 'LIF dt/tau_mem, Q0.8'),
      f('depin', 3, 0, 16, 'depinning threshold on c1 (HELD_A -> TRACK), Q6.10', true),
      f('eject', 3, 16, 16, 'ejection threshold on c1 (FIRED -> EMPTY), Q6.10', true),
    ],
    results: [],
    argWords: fixed(4),
    resultWords: fixed(0),
  },
  {
    name: 'LOAD_DRIVE',
    opcode: NEURON_OP.LOAD_DRIVE,
    doc: 'Drive ROM entries start.. (one 16-bit entry per word, low half); start + count > 2^segBits is ARG_OUT_OF_RANGE',
    args: [f('start', 0, 0, 32, 'first entry')],
    results: [],
    argWords: (p) => 1 + neuronSizes(p).driveDepth, // the most; any length 1.. (count = length - 1)
    variableLength: true,
    resultWords: fixed(0),
  },
  {
    name: 'LOAD_NOISE',
    opcode: NEURON_OP.LOAD_NOISE,
    doc: 'Noise ROM entries start.. (one 14-bit two\'s complement entry per word, low bits); range as LOAD_DRIVE',
    args: [f('start', 0, 0, 32, 'first entry')],
    results: [],
    argWords: (p) => 1 + neuronSizes(p).noiseDepth, // the most; any length 1.. (count = length - 1)
    variableLength: true,
    resultWords: fixed(0),
  },
  { name: 'WRITE', opcode: NEURON_OP.WRITE, doc: 'Write pulse through MTJ_A: every EMPTY neuron nucleates a domain (HELD_A)', args: [], results: [], argWords: fixed(0), resultWords: fixed(0) },
  {
    name: 'STEP',
    opcode: NEURON_OP.STEP,
    doc: 'One time step: input codes (Q6.10, signed 16 bits, 2 per word, low half first); results: spike bits, 32 neurons per word',
    args: [f('input0', 0, 0, 16, 'neuron 0 input', true), f('input1', 0, 16, 16, 'neuron 1 input', true)],
    results: [f('spikes', 0, 0, 32, 'bit j of word w: neuron 32w + j fired')],
    argWords: (p) => neuronSizes(p).inputWords,
    resultWords: (p) => neuronSizes(p).spikeWords,
  },
  {
    name: 'READ_STATE',
    opcode: NEURON_OP.READ_STATE,
    doc: 'Every neuron\'s state, two words each: x | phase << 16, then c (sign-extended)',
    args: [],
    results: [f('x', 0, 0, 16, 'position'), f('phase', 0, 16, 2, 'EMPTY 0, HELD_A 1, TRACK 2, FIRED 3'), f('c', 1, 0, 32, 'current, Q5.10', true)],
    argWords: fixed(0),
    resultWords: (p) => 2 * p.neurons,
  },
  { name: 'RESET', opcode: NEURON_OP.RESET, doc: 'Every neuron EMPTY, x = 0, c = 0 (ROMs, config, seed and step kept)', args: [], results: [], argWords: fixed(0), resultWords: fixed(0) },
] satisfies CommandDef<P>[];

// Host-side encoders (levels, link, stimulus).
export const cmd = (op: number, args: readonly number[] = []): number[] => [header(op, args.length), ...args.map((a) => a >>> 0)];
const half = (v: number) => v & 0xffff;

export function encodeConfig(c: NeuronConfig): number[] {
  return cmd(NEURON_OP.SET_CONFIG, [c.mode, c.leakQ, half(c.decay) | ((c.rate & 0xff) << 16), half(c.depin) | (half(c.eject) << 16)]);
}

export function encodeLoad(op: number, start: number, entries: ArrayLike<number>): number[] {
  return cmd(op, [start, ...Array.from(entries, (e) => e & 0xffff)]);
}

/** STEP with input codes (length K). */
export function encodeStep(inputs: ArrayLike<number>): number[] {
  const words: number[] = [];
  for (let j = 0; j < inputs.length; j += 2) words.push((half(inputs[j]!) | (half(inputs[j + 1] ?? 0) << 16)) >>> 0);
  return cmd(NEURON_OP.STEP, words);
}

export { COMMAND_PORT };
