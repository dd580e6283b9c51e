// The cores a link can carry: each with its command-port RTL, its CommandSet, its twin (the model target) and
// its parameter schema. The link's identity (core id, parameter hash) is derived here once, for the RTL, the
// model and the host's check of a target.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../base/errors.ts';
import { readJsonFile } from '../base/json-input.ts';
import { stableJson } from '../base/stable-json.ts';
import { mac16Cmd, mac16CmdDefaults, mac16CmdParamsSchema } from '../cores/mac16-cmd.ts';
import type { ModuleDef } from '../kernel/index.ts';
import type { CommandSet } from '../semantics/command-port.ts';
import { mac16Commands, type Mac16CmdParams } from '../semantics/mac16-commands.ts';
import { Mac16Twin, type CommandExecutor } from '../twin/mac16-twin.ts';
import { tile } from '../cores/tile.ts';
import { neuronArray } from '../cores/neuron-array.ts';
import { activation } from '../cores/activation.ts';
import { TILE_COMMANDS } from '../semantics/tile-commands.ts';
import { tileDefaults, tileParamsSchema, type TileParams } from '../semantics/tile-params.ts';
import { neuronCommands } from '../semantics/neuron-commands.ts';
import { neuronArrayDefaults, neuronArrayParamsSchema, type NeuronArrayParams } from '../semantics/neuron-params.ts';
import { activationCommands } from '../semantics/activation-commands.ts';
import { activationDefaults, activationParamsSchema, type ActivationParams } from '../semantics/activation-params.ts';
import { TileTwin } from '../twin/tile-twin.ts';
import { NeuronTwin } from '../twin/neuron-twin.ts';
import { ActivationTwin } from '../twin/activation-twin.ts';
import { linkDefaults, linkParamsSchema, type LinkIdentity, type LinkParams } from './protocol.ts';

export interface AttachableCore {
  name: string;
  doc: string;
  def: ModuleDef<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  defaults: Record<string, unknown>;
  schema: z.ZodType;
  commands: CommandSet<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  twin(params: Record<string, unknown>): CommandExecutor;
}

export const attachableCores: readonly AttachableCore[] = [
  {
    name: 'mac16cmd',
    doc: 'mac16 behind the command port (INFO, WRITE, MAC)',
    def: mac16Cmd,
    defaults: mac16CmdDefaults,
    schema: mac16CmdParamsSchema,
    commands: mac16Commands,
    twin: (p) => new Mac16Twin(p as Mac16CmdParams),
  },
  // The command-port cores of issues 13 and 14: the link forwards their command words unchanged, so attaching one
  // is its definition, its command set and its twin (whose reset() is what the core's rst does).
  {
    name: 'tile',
    doc: 'the DW-MTJ crossbar tile (src/cores/tile.ts): states, ROMs, UPDATE, CARRY, FORWARD, TRANSPOSE',
    def: tile,
    defaults: tileDefaults,
    schema: tileParamsSchema,
    commands: TILE_COMMANDS,
    twin: (p) => new TileTwin(p as TileParams),
  },
  {
    name: 'neuron-array',
    doc: 'the integer two-DW neuron array (src/cores/neuron-array.ts)',
    def: neuronArray,
    defaults: neuronArrayDefaults,
    schema: neuronArrayParamsSchema,
    commands: neuronCommands,
    twin: (p) => new NeuronTwin(p as NeuronArrayParams),
  },
  {
    name: 'activation',
    doc: 'the MTJ activation generators (src/cores/activation.ts)',
    def: activation,
    defaults: activationDefaults,
    schema: activationParamsSchema,
    commands: activationCommands,
    twin: (p) => new ActivationTwin(p as ActivationParams),
  },
];

export const DEFAULT_LINK_CORE = 'mac16cmd';

export function findAttachable(name: string): AttachableCore {
  const c = attachableCores.find((x) => x.name === name);
  if (!c) throw new InputError(`--core: ${JSON.stringify(name)} cannot be attached to the link (attachable: ${attachableCores.map((x) => x.name).join(', ')})`);
  return c;
}

/** Everything that defines one link build: which core, its parameters, the link's parameters. */
export interface LinkConfig {
  core: string;
  coreParams: Record<string, unknown>;
  link: LinkParams;
}

export function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

export function linkIdentity(cfg: LinkConfig): LinkIdentity {
  return {
    coreId: hash32(cfg.core),
    paramHash: hash32(stableJson({ core: cfg.core, params: cfg.coreParams, link: cfg.link })),
    maxWords: cfg.link.maxWords,
    clocksPerBit: cfg.link.clocksPerBit,
  };
}

const paramsFileSchema = z
  .object({ core: z.record(z.string(), z.unknown()).optional(), link: z.record(z.string(), z.unknown()).optional() })
  .strict();

/**
 * A link configuration from defaults, an optional JSON file {"core": {...}, "link": {...}} (any subset of fields)
 * and explicit overrides (e.g. clocks per bit from --clock/--baud). Errors name the file and field.
 */
export function linkConfig(core: string, paramsFile?: string, linkOverride: Partial<LinkParams> = {}): LinkConfig {
  const att = findAttachable(core);
  const file = paramsFile ? readJsonFile(paramsFile, paramsFileSchema) : {};
  const where = paramsFile ?? 'parameters';
  const coreParams = { ...att.defaults, ...(file.core ?? {}) };
  const cr = att.schema.safeParse(coreParams);
  if (!cr.success) throw new InputError(cr.error.issues.map((i) => `${where}: field 'core.${i.path.join('.')}': ${i.message}`).join('\n'));
  const link = { ...linkDefaults, ...(file.link ?? {}), ...linkOverride };
  const lr = linkParamsSchema.safeParse(link);
  if (!lr.success) throw new InputError(lr.error.issues.map((i) => `${where}: field 'link.${i.path.join('.')}': ${i.message}`).join('\n'));
  return { core, coreParams: cr.data as Record<string, unknown>, link: lr.data };
}
