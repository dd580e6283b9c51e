// The tile core run through its command port on the compiled TypeScript simulation (the `cycle` level, tests) or a
// Verilator build of the same design (the `verilator` level): construction, reset and the per-command cycle limit.
import { buildVerilator, buildVerilatorAsync, type BuildOptions, type VerilatorBuild } from '../../kernel/backends/verilator.ts';
import { VerilatorSim } from '../../kernel/backends/verilator-sim.ts';
import { harnessSpec } from '../../kernel/cosim/lockstep.ts';
import { compileSim, elaborate, type Design } from '../../kernel/index.ts';
import { tileSizes } from '../../semantics/tile-params.ts';
import { COMMAND_STREAM_PORTS, CommandRunner } from '../command-port-stream.ts';
import { tile, type TileCoreParams } from '../tile.ts';
import { tileLayout } from './tile-layout.ts';

/** A bound on the cycles any command of this tile can take: the longest computation plus the words moved. */
export function tileCycleBound(p: TileCoreParams): (words: number, commands: number) => number {
  const lay = tileLayout(p);
  const sz = tileSizes(p);
  const perCommand = 1000 + lay.R * lay.G * (lay.pairCycles + 2) + 4 * sz.devices + 12 * (lay.R + lay.C + sz.transitionEntries + sz.levelEntries);
  return (words, commands) => 16 * words + commands * perCommand;
}

export function tileDesign(p: TileCoreParams): Design {
  return elaborate(tile, p);
}

/** The core on the TypeScript cycle simulation, reset, ready for commands. */
export function tileOnTsSim(p: TileCoreParams, design = tileDesign(p)): CommandRunner {
  const sim = compileSim(design, { stream: COMMAND_STREAM_PORTS });
  sim.reset();
  return new CommandRunner(sim, tileCycleBound(p));
}

/** The core on Verilator (built or taken from the build cache), reset; close() ends the harness. Blocks while it builds (tests). */
export function tileOnVerilator(p: TileCoreParams, opts: BuildOptions = {}, design = tileDesign(p)): CommandRunner & { close(): void; cached: boolean } {
  return onBuild(p, buildVerilator({ ...harnessSpec(design), stream: COMMAND_STREAM_PORTS }, opts));
}

/** tileOnVerilator without blocking while it builds: a signal during a first build stops it at once. */
export async function tileOnVerilatorAsync(p: TileCoreParams, opts: BuildOptions = {}, design = tileDesign(p)): Promise<CommandRunner & { close(): void; cached: boolean }> {
  return onBuild(p, await buildVerilatorAsync({ ...harnessSpec(design), stream: COMMAND_STREAM_PORTS }, opts));
}

function onBuild(p: TileCoreParams, build: VerilatorBuild): CommandRunner & { close(): void; cached: boolean } {
  const sim = new VerilatorSim(build);
  sim.reset();
  const runner = new CommandRunner(sim, tileCycleBound(p));
  return Object.assign(runner, { close: () => sim.close(), cached: build.cached });
}
