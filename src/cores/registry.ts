// Named cores: what `dwtwin rtl|sim|cosim --core NAME` can build. Each core has a definition, default parameters
// and a schema that validates a user's --params JSON (errors name the file and field).
import { z } from 'zod';
import { InputError } from '../base/errors.ts';
import { readJsonFile } from '../base/json-input.ts';
import { elaborate, type Design, type ModuleDef } from '../kernel/index.ts';
import { mac16, mac16Defaults, mac16ParamsSchema } from './mac16.ts';
import { neuronArray, neuronArrayDefaults, neuronArrayParamsSchema } from './neuron-array.ts';
import { neuronArrayCommandStream } from './neuron-array-stimulus.ts';
import { activation, activationDefaults, activationParamsSchema } from './activation.ts';
import { activationCommandStream } from './activation-stimulus.ts';
import { COMMAND_PORT } from '../semantics/command-port.ts';
import { tileDefaults, tileParamsSchema, type TileParams } from '../semantics/tile-params.ts';
import { tile } from './tile.ts';
import { TileCommandSource } from './tile/random-commands.ts';
import type { StreamStimulus } from '../kernel/cosim/stream-stimulus.ts';
import { mac16Cmd, mac16CmdDefaults, mac16CmdParamsSchema } from './mac16-cmd.ts';

export interface CoreEntry {
  name: string;
  doc: string;
  def: ModuleDef<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  defaults: Record<string, unknown>;
  schema: z.ZodType;
  /** Command-port cores: meaningful command traffic for cosim / sim / bench (seeded). */
  commandStream?: (params: any, seed: number) => () => number[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Parameters derived from the validated ones (e.g. the link's identity hash), applied before elaboration. */
  derive?: (p: Record<string, unknown>) => Record<string, unknown>;
}

export const cores: readonly CoreEntry[] = [
  {
    name: 'mac16',
    doc: '16-lane multiply-accumulate engine with per-lane weight memories (crossbar tile seed)',
    def: mac16,
    defaults: mac16Defaults,
    schema: mac16ParamsSchema,
  },
  {
    name: 'neuron-array',
    doc: 'K integer two-DW integrate-fire-reset neurons (paper 003), L lanes, behind the command port',
    def: neuronArray,
    defaults: neuronArrayDefaults,
    schema: neuronArrayParamsSchema,
    commandStream: neuronArrayCommandStream,
  },
  {
    name: 'activation',
    doc: 'M MTJ activation generators (paper 004: staircase synapse, shifted sigmoid) behind the command port',
    def: activation,
    defaults: activationDefaults,
    schema: activationParamsSchema,
    commandStream: activationCommandStream,
  },
  {
    name: 'tile',
    doc: 'DW-MTJ crossbar tile: rows x cols differential pairs, L lanes, loadable level/transition ROMs, behind the command port',
    def: tile,
    defaults: tileDefaults,
    schema: tileParamsSchema,
    commandStream: tileCommandStream,
  },
  {
    name: 'mac16cmd',
    doc: 'mac16 behind the command port (INFO, WRITE, MAC): the serial link\'s first attached core',
    def: mac16Cmd,
    defaults: mac16CmdDefaults,
    schema: mac16CmdParamsSchema,
  },
];

/** Cosim traffic for the tile: its set-up (ROMs, variants, states), then a seeded mix of every command. */
function tileCommandStream(p: TileParams, seed: number): () => number[] {
  const src = new TileCommandSource(p, seed);
  const setup = src.setup();
  return () => setup.shift() ?? src.next();
}

/** The stream stimulus of a command-port core (undefined for plain cores). */
export function streamStimulus(core: CoreEntry, params: Record<string, unknown>, seed: number): StreamStimulus | undefined {
  if (!core.commandStream) return undefined;
  const I = COMMAND_PORT.inputs;
  return { valid: I.cmdValid, data: I.cmdData, rspReady: I.rspReady, ready: COMMAND_PORT.outputs.cmdReady, next: core.commandStream(params, seed) };
}

/** Name lookup and elaboration over a list of entries (the cores here; src/link/all-cores.ts adds the link top). */
export function coreRegistry(entries: readonly CoreEntry[]) {
  const coreNames = (): string[] => entries.map((c) => c.name);
  const findCore = (name: string): CoreEntry => {
    const c = entries.find((x) => x.name === name);
    if (!c) throw new InputError(`--core: unknown core ${JSON.stringify(name)} (known: ${coreNames().join(', ')})`);
    return c;
  };
  /** Elaborate a core with its defaults overlaid by the JSON parameter file, if given. */
  const elaborateCore = (name: string, paramsFile?: string): { core: CoreEntry; params: Record<string, unknown>; design: Design } => {
    const core = findCore(name);
    let params = core.defaults;
    if (paramsFile) {
      // The file may give any subset of the parameters; the merged set is validated as a whole.
      const partial = readJsonFile(paramsFile, z.record(z.string(), z.unknown()));
      params = { ...core.defaults, ...partial };
      const r = core.schema.safeParse(params);
      if (!r.success) throw new InputError(r.error.issues.map((i) => `${paramsFile}: field '${i.path.join('.') || '(root)'}': ${i.message}`).join('\n'));
    }
    if (core.derive) params = core.derive(params);
    return { core, params, design: elaborate(core.def, params) };
  };
  return { coreNames, findCore, elaborateCore };
}

export const { coreNames, findCore, elaborateCore } = coreRegistry(cores);
