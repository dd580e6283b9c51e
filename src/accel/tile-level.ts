// The tile's accelerator levels: anything that executes the tile's command words (src/semantics/tile-commands.ts)
// and answers with its response words. `twin` is the vectorized TypeScript twin; `cycle` (the kernel's simulation
// of the tile core driven through its command port) and `verilator` (the same core through the Verilator harness)
// register factories here when their modules land (src/accel/tile-level-cycle.ts, tile-level-verilator.ts).
// A level is synchronous (SynapseArray is): a level over a child process blocks on its pipe or FIFO with a timeout.
import { CheckFailed, InputError } from '../base/errors.ts';
import { commandName, splitCommands, splitResponses } from '../semantics/tile-commands.ts';
import type { TileParams } from '../semantics/tile-params.ts';
import { TileTwin } from '../twin/tile-twin.ts';

export interface TileLevel {
  readonly name: string;
  readonly params: TileParams;
  /** Execute whole commands (header + arguments, any number); returns their responses, in order. */
  execute(words: readonly number[]): number[];
  /** Release processes, files (idempotent). */
  close?(): void;
  /** execute() in two halves, for levels that compute elsewhere: start now, block for the responses later. */
  begin?(words: readonly number[]): () => number[];
}

export const tileLevelNames = ['twin', 'cycle', 'verilator'] as const;
/** Through the serial link (tile-level-serial.ts): serial:verilator, serial:cycle, serial:PATH[@BAUD]. */
export type SerialLevelName = `serial:${string}`;
export type TileLevelName = (typeof tileLevelNames)[number] | SerialLevelName;
/** What --level accepts for the serial levels (documentation and error messages). */
export const serialLevelForms = ['serial:verilator', 'serial:cycle', 'serial:PATH[@BAUD]'] as const;

export function isSerialLevel(name: string): name is SerialLevelName {
  return name.startsWith('serial:');
}

export interface TileLevelOptions {
  /** Where the level may build and cache (Verilator builds). */
  cacheDir?: string;
}

export type TileLevelFactory = (params: TileParams, opts: TileLevelOptions) => TileLevel | Promise<TileLevel>;

export class TwinLevel implements TileLevel {
  readonly name = 'twin';
  readonly twin: TileTwin;
  constructor(readonly params: TileParams) {
    this.twin = new TileTwin(params);
  }
  execute(words: readonly number[]): number[] {
    return this.twin.execute(words);
  }
}

/**
 * The registry: a level's module is loaded only when asked for, so a run on the twin never loads the kernel.
 * The core's levels add their entry here (one line each): `cycle: async () => (await import('./tile-level-cycle.ts')).createCycleLevel`.
 */
const factories: Record<(typeof tileLevelNames)[number], (() => Promise<TileLevelFactory>) | undefined> = {
  twin: async () => (p) => new TwinLevel(p),
  cycle: async () => (await import('./tile-level-cycle.ts')).createCycleLevel,
  verilator: async () => (await import('./tile-level-verilator.ts')).createVerilatorLevel,
};

/** Register (or replace) a level factory at run time (tests, out-of-tree levels). */
export function registerTileLevel(name: (typeof tileLevelNames)[number], factory: TileLevelFactory): void {
  factories[name] = async () => factory;
}

export function isTileLevelBuilt(name: TileLevelName): boolean {
  return isSerialLevel(name) || factories[name] !== undefined;
}

export async function createTileLevel(name: TileLevelName, params: TileParams, opts: TileLevelOptions = {}): Promise<TileLevel> {
  if (isSerialLevel(name)) return (await import('./tile-level-serial.ts')).SerialTileLevel.create(name, params);
  const load = factories[name];
  if (!load) throw new InputError(`--level ${name}: not built yet (the tile core's ${name} level registers in src/accel/tile-level.ts)`);
  return (await load())(params, opts);
}

export interface CheckReport {
  operation: number;
  command: string;
  word: number;
  expected: number | undefined;
  got: number | undefined;
}

/**
 * `--check twin`: every response of `level` is compared word by word with a twin's; the first divergence throws
 * CheckFailed with the operation index (0-based count of commands since the level was created), the command, the
 * word, expected and got, and the replay command. The checked level's responses are returned unchanged.
 */
export class CheckedLevel implements TileLevel {
  readonly name: string;
  readonly params: TileParams;
  private readonly twin: TileTwin;
  operations = 0;
  constructor(private readonly level: TileLevel, private readonly replay: string) {
    this.params = level.params;
    this.name = `${level.name} (checked against twin)`;
    this.twin = new TileTwin(level.params);
  }

  execute(words: readonly number[]): number[] {
    // A level that computes elsewhere (a target over the link) works while the twin computes here.
    const finish = this.level.begin?.(words);
    const want = this.twin.execute(words);
    const got = finish ? finish() : this.level.execute(words);
    if (got.length === want.length && got.every((w, i) => w === want[i])) {
      this.operations += splitCommands(words).commands.length;
      return got;
    }
    // Locate the command and word: responses align with commands one to one.
    const cmds = splitCommands(words).commands;
    const wr = splitResponses(want);
    let gr: ReturnType<typeof splitResponses>;
    try {
      gr = splitResponses(got);
    } catch {
      gr = [];
    }
    let word = 0;
    for (let c = 0; c < cmds.length; c++) {
      const a = [wr[c] ? (wr[c]!.status << 24) | wr[c]!.results.length : undefined, ...(wr[c]?.results ?? [])];
      const b = [gr[c] ? (gr[c]!.status << 24) | gr[c]!.results.length : undefined, ...(gr[c]?.results ?? [])];
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if ((a[i] ?? -1) >>> 0 !== (b[i] ?? -1) >>> 0) {
          throw new CheckFailed(checkMessage({ operation: this.operations + c, command: commandName(cmds[c]![0]! >>> 24), word: i, expected: a[i] === undefined ? undefined : a[i]! >>> 0, got: b[i] === undefined ? undefined : b[i]! >>> 0 }, this.level.name, this.replay));
        }
      }
      word += a.length;
    }
    throw new CheckFailed(`--check twin: level ${this.level.name} answered ${got.length} words, the twin ${want.length} (operation ${this.operations}); replay: ${this.replay}`);
  }

  close(): void {
    this.level.close?.();
  }
}

const hex = (w: number | undefined) => (w === undefined ? 'nothing' : `0x${w.toString(16).padStart(8, '0')}`);

export function checkMessage(r: CheckReport, level: string, replay: string): string {
  return `--check twin: level ${level} diverged at operation ${r.operation} (${r.command}), response word ${r.word}: expected ${hex(r.expected)}, got ${hex(r.got)}\n  replay: ${replay}`;
}
