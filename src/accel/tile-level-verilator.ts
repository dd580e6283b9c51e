// The `verilator` tile level: the same core, its emitted Verilog built by Verilator (kernel build cache: a design is
// built once per machine) and driven through the harness's streaming mode, one round trip per execute() call.
// A missing Verilator is a ToolMissingError that says how to install it.
import { tileOnVerilator } from '../cores/tile/tile-sim.ts';
import type { TileParams } from '../semantics/tile-params.ts';
import type { TileLevel, TileLevelFactory } from './tile-level.ts';

export class VerilatorTileLevel implements TileLevel {
  readonly name = 'verilator';
  private readonly runner;
  constructor(readonly params: TileParams, log?: (line: string) => void) {
    this.runner = tileOnVerilator(params, { log });
  }
  execute(words: readonly number[]): number[] {
    return this.runner.execute(words);
  }
  get cycles(): number {
    return this.runner.cycles;
  }
  close(): void {
    this.runner.close();
  }
}

export const createVerilatorLevel: TileLevelFactory = (params) => new VerilatorTileLevel(params, (l) => process.stderr.write(l + '\n'));
