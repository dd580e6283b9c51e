// The `serial:*` tile levels: the tile's command words through the serial link (src/link) to a target that carries
// the tile core behind the link's command processor, by the host's link client (src/host): COBS + CRC-32 frames,
// one command per frame, one response per command, retransmission by sequence number.
//   serial:verilator   the Verilator build of link + tile behind a pseudo-terminal, byte-level UART (built once per
//                      tile configuration, cached; started here, stopped by close() or a signal)
//   serial:cycle       the link + tile as the kernel's TypeScript cycle simulation, in the link worker (slow)
//   serial:PATH[@BAUD] a board's serial port (the same code as the pty); PATH may be a comma list, one port per
//                      tile in the order the task creates them (the MLP: layer 1, then layer 2)
// The target's identity (core id, parameter hash of tile + link parameters) is checked on connecting: a device
// that is not a dwtwin target, or carries another tile, is an InputError naming it (exit 2).
import { InputError } from '../base/errors.ts';
import { onExit, onStop } from '../base/interrupt.ts';
import { BlockingLinkClient } from '../host/blocking-client.ts';
import type { LinkConfig } from '../link/attach.ts';
import { linkDefaults } from '../link/protocol.ts';
import { buildPtyTarget, startPtyTarget, type RunningTarget } from '../link/verilator-target.ts';
import type { VerilogOutput } from '../kernel/index.ts';
import { splitCommands } from '../semantics/tile-commands.ts';
import type { TileParams } from '../semantics/tile-params.ts';
import { frameWordsFor, mergeResponses, planCommand, type Planned } from './tile-frames.ts';
import type { TileLevel } from './tile-level.ts';

/** Per transmission: covers the longest command of a large tile on the Verilator target (seconds) with margin. */
const FRAME_TIMEOUT_MS = 60_000;
const RETRIES = 2;

/** The link configuration a tile level builds (and a board for it must be built with). */
export function serialLinkConfig(p: TileParams): LinkConfig {
  return { core: 'tile', coreParams: { ...p }, link: { ...linkDefaults, maxWords: frameWordsFor(p) } };
}

const portsTaken = new Map<string, number>();

export class SerialTileLevel implements TileLevel {
  private closed = false;
  private constructor(readonly name: string, readonly params: TileParams, private readonly client: BlockingLinkClient, private readonly target?: RunningTarget) {}

  /** `transformVerilog` (tests): a fault injected into the Verilator target's design; the identity stays the clean one. */
  static async create(spec: string, params: TileParams, opts: { log?: (line: string) => void; transformVerilog?: (v: VerilogOutput) => VerilogOutput } = {}): Promise<SerialTileLevel> {
    const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
    const what = spec.slice('serial:'.length);
    if (!what) throw new InputError(`--level ${spec}: expected serial:verilator, serial:cycle or serial:PATH[@BAUD]`);
    const cfg = serialLinkConfig(params);
    if (cfg.link.maxWords > 4096) throw new InputError(`--level ${spec}: a ${params.rows} x ${params.cols} tile needs ${cfg.link.maxWords}-word frames (the link holds at most 4096)`);
    const copts = { timeoutMs: FRAME_TIMEOUT_MS, retries: RETRIES, nonce: (params.rows * 65537 + params.cols) >>> 0 };
    if (what === 'verilator') {
      const build = await buildPtyTarget(cfg, { log, transformVerilog: opts.transformVerilog, optimize: true });
      const target = await startPtyTarget(build, 'byte', cfg.link.clocksPerBit);
      const offStop = onStop(() => target.stop().then(() => undefined));
      const offExit = onExit(() => target.child.kill('SIGTERM'));
      target.child.once('exit', () => (offStop(), offExit()));
      log(`serial:verilator: link + ${params.rows} x ${params.cols} tile (${cfg.link.maxWords}-word frames) on ${target.path}${build.cached ? ' (cached build)' : ''}`);
      try {
        return new SerialTileLevel(spec, params, await BlockingLinkClient.open(`serial:${target.path}`, cfg, copts), target);
      } catch (e) {
        await target.stop();
        throw e;
      }
    }
    if (what === 'cycle') return new SerialTileLevel(spec, params, await BlockingLinkClient.open('cycle', cfg, copts));
    const ports = what.split(',');
    const k = portsTaken.get(spec) ?? 0;
    if (k >= ports.length) throw new InputError(`--level ${spec}: this task needs one serial port per tile; ${ports.length} given, tile ${k + 1} (${params.rows} x ${params.cols}) has none`);
    portsTaken.set(spec, k + 1);
    return new SerialTileLevel(spec, params, await BlockingLinkClient.open(`serial:${ports[k]}`, cfg, copts));
  }

  execute(words: readonly number[]): number[] {
    return this.begin(words)();
  }

  /** Send now, answer later (CheckedLevel runs the twin in between, so host and target work at the same time). */
  begin(words: readonly number[]): () => number[] {
    const { commands, rest } = splitCommands(words);
    if (rest.length) throw new Error(`${this.name}: execute() needs whole commands (${rest.length} words left over)`);
    const frames: number[][] = [];
    const groups: number[] = [];
    const plans = commands.map((c, g) => {
      const p = planCommand(this.params, c, this.client.maxWords);
      if ('frames' in p) for (const f of p.frames) (frames.push(f), groups.push(g));
      return p;
    });
    const pending = frames.length ? this.client.post(frames, groups) : () => [];
    return () => this.merge(plans, pending());
  }

  private merge(plans: Planned[], got: number[][]): number[] {
    const out: number[] = [];
    let i = 0;
    for (const p of plans) {
      if ('local' in p) {
        out.push(...p.local);
        continue;
      }
      const r = mergeResponses(got.slice(i, i + p.frames.length));
      i += p.frames.length;
      for (const w of r) out.push(w);
    }
    return out;
  }

  /** Frames sent so far and the link client's retransmissions. */
  get linkStats(): { frames: number; retransmissions: number } {
    return { frames: this.client.frames, retransmissions: this.client.retransmissions };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.close();
    if (this.target) this.target.child.kill('SIGTERM');
  }
}

export const createSerialLevel = (spec: string) => (params: TileParams) => SerialTileLevel.create(spec, params);
