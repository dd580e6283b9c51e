// The `cycle` tile level: the tile core (src/cores/tile.ts) on the kernel's compiled TypeScript simulation, driven
// through its command port, one streamed round trip per execute() call (src/cores/command-port-stream.ts).
import { tileOnTsSim } from '../cores/tile/tile-sim.ts';
import type { TileCoreParams } from '../cores/tile.ts';
import type { TileParams } from '../semantics/tile-params.ts';
import type { TileLevel, TileLevelFactory } from './tile-level.ts';

export class CycleTileLevel implements TileLevel {
  readonly name = 'cycle';
  private readonly runner;
  /** `core`: the core's build parameters, the level's plus an injected fault in the checkers' own tests. */
  constructor(readonly params: TileParams, core: TileCoreParams = params) {
    this.runner = tileOnTsSim(core);
  }
  execute(words: readonly number[]): number[] {
    return this.runner.execute(words);
  }
  /** Clock cycles simulated so far (command-port handshakes included). */
  get cycles(): number {
    return this.runner.cycles;
  }
}

export const createCycleLevel: TileLevelFactory = (params) => new CycleTileLevel(params);
