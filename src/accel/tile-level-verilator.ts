// The `verilator` tile level: the same core, its emitted Verilog built by Verilator (kernel build cache: a design is
// built once per machine) and driven through the harness's streaming mode, one round trip per execute() call.
// A missing Verilator is a ToolMissingError that says how to install it.
import { tileOnVerilatorAsync } from '../cores/tile/tile-sim.ts';
import type { TileParams } from '../semantics/tile-params.ts';
import type { TileLevel, TileLevelFactory } from './tile-level.ts';

export class VerilatorTileLevel implements TileLevel {
  readonly name = 'verilator';
  private constructor(readonly params: TileParams, private readonly runner: Awaited<ReturnType<typeof tileOnVerilatorAsync>>) {}
  /** Builds asynchronously (minutes for the MLP's 785 x 300 tile), so SIGINT/SIGTERM during the build stops it. */
  static async create(params: TileParams, log?: (line: string) => void): Promise<VerilatorTileLevel> {
    return new VerilatorTileLevel(params, await tileOnVerilatorAsync(params, { log }));
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

export const createVerilatorLevel: TileLevelFactory = (params) => VerilatorTileLevel.create(params, (l) => process.stderr.write(l + '\n'));
