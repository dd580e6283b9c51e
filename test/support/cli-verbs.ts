// The verbs of the dwtwin command line and their options, read from the yargs command modules themselves
// (src/cli/commands/index.ts), so a verb added there is covered by the property tests without editing them.
import yargs from 'yargs';
import type { CommandModule } from 'yargs';
import { commands } from '../../src/cli/commands/index.ts';

export type OptionKind = 'number' | 'name' | 'outDir' | 'outFile' | 'inFile' | 'inDir' | 'boolean';

export interface VerbOption {
  name: string;
  kind: OptionKind;
  demanded: boolean;
}

export interface Verb {
  /** Words before the options ("device ramp"). */
  path: string[];
  positionals: { name: string; variadic: boolean; kind: OptionKind }[];
  options: VerbOption[];
}

/** What a string option holds, judged from its name and description (paths get path-shaped hostile values). */
function kindOf(name: string, type: 'number' | 'string' | 'boolean', describe: string): OptionKind {
  if (type === 'boolean') return 'boolean';
  // Names first; a description counts only where it starts by saying what the value is.
  if (/(^|-)out(-dir)?$/.test(name) || /^output director/i.test(describe)) return 'outDir';
  if (/(vcd|-file|^report|^log)$/.test(name) || /^(also )?write .* (here|to)\b/i.test(describe)) return 'outFile';
  if (/^(params|from|config)$/.test(name) || /^(JSON|table|input) file/i.test(describe)) return 'inFile';
  if (/^(tables|idx|dirs?)$|-dir$/.test(name) || /^(CrossSim table )?director(y|ies)\b/i.test(describe)) return 'inDir';
  return type === 'number' ? 'number' : 'name';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModule = CommandModule<any, any>;

function walk(mods: AnyModule[], prefix: string[], out: Verb[]): void {
  for (const m of mods) {
    const words = String(m.command).split(' ');
    const y = yargs([]);
    if (typeof m.builder === 'function') m.builder(y);
    // yargs exposes what a builder declared through these (typed as internal) accessors.
    const internal = y as unknown as {
      getOptions(): { number: string[]; string: string[]; boolean: string[]; demandedOptions: Record<string, unknown>; key: Record<string, unknown> };
      getInternalMethods(): { getCommandInstance(): { getCommandHandlers(): Record<string, { original: string; builder: AnyModule['builder'] }> }; getUsageInstance(): { getDescriptions(): Record<string, string | undefined> } };
    };
    const o = internal.getOptions();
    const subs = Object.values(internal.getInternalMethods().getCommandInstance().getCommandHandlers());
    if (subs.length) {
      walk(subs.map((s) => ({ command: s.original, builder: s.builder, describe: '', handler: () => {} })), [...prefix, words[0]!], out);
      continue;
    }
    const desc = internal.getInternalMethods().getUsageInstance().getDescriptions();
    const typeOf = (k: string) => (o.boolean.includes(k) ? 'boolean' : o.number.includes(k) ? 'number' : 'string') as 'number' | 'string' | 'boolean';
    const positionalNames = words.slice(1).map((w) => w.replace(/[<>[\]]/g, ''));
    const positionals = positionalNames.map((p) => ({ name: p.replace(/\.\.$/, ''), variadic: p.endsWith('..'), kind: kindOf(p.replace(/\.\.$/, ''), 'string', desc[p.replace(/\.\.$/, '')] ?? '') }));
    const names = [...new Set([...o.number, ...o.string, ...o.boolean, ...Object.keys(o.key)])].filter((k) => !['help', 'version', '$0', '_'].includes(k) && !positionals.some((p) => p.name === k));
    out.push({
      path: [...prefix, words[0]!],
      positionals,
      options: names.map((k) => ({ name: k, kind: kindOf(k, typeOf(k), desc[k] ?? ''), demanded: k in o.demandedOptions })),
    });
  }
}

export function cliVerbs(): Verb[] {
  const out: Verb[] = [];
  walk(commands, [], out);
  return out;
}
