// The link top as a TypeScript cycle simulation driven at its byte port (byte_mode = 1): the `cycle` target, and
// the source of the VCD window a host shows around a mismatching command.
import { compileSim, elaborate, type TsSim } from '../kernel/index.ts';
import { VcdWriter } from '../kernel/sim/vcd.ts';
import type { LinkConfig } from './attach.ts';
import { linkIdentity } from './attach.ts';
import { linkTop } from './rtl/link-top.ts';

export function linkTopParams(cfg: LinkConfig) {
  return { ...cfg, ...linkIdentity(cfg) };
}

export function elaborateLink(cfg: LinkConfig) {
  return elaborate(linkTop, linkTopParams(cfg));
}

export class LinkCycleTarget {
  readonly sim: TsSim;
  cycle = 0;
  private vcd?: VcdWriter;
  constructor(cfg: LinkConfig) {
    this.sim = compileSim(elaborateLink(cfg));
    this.sim.poke('byte_mode', 1);
    this.sim.poke('rx', 1);
    this.sim.reset();
    this.sim.poke('bo_ready', 1);
    this.sim.eval();
  }

  /** Start recording every following cycle into a VCD (until vcdText()). */
  record(): void {
    this.vcd = new VcdWriter(this.sim, 'dwlink');
  }

  vcdText(): string | undefined {
    return this.vcd?.text();
  }

  /**
   * Feed bytes and run until the design is idle with every input byte consumed; returns the bytes it sent.
   * `maxCycles` bounds the run (a hung design is an error, not a hang).
   */
  exchange(bytes: ArrayLike<number>, maxCycles = 1_000_000): Uint8Array {
    const { sim } = this;
    const out: number[] = [];
    let i = 0;
    let quiet = 0;
    for (let c = 0; c < maxCycles; c++) {
      const feeding = i < bytes.length;
      sim.poke('bi_valid', feeding ? 1 : 0);
      sim.poke('bi_data', feeding ? bytes[i]! : 0);
      sim.eval();
      this.vcd?.sample();
      if (feeding && sim.peek('bi_ready') === 1n) i++;
      if (sim.peek('bo_valid') === 1n) out.push(Number(sim.peek('bo_data')));
      const idle = sim.peek('idle') === 1n;
      sim.tick();
      this.cycle++;
      quiet = !feeding && idle ? quiet + 1 : 0;
      if (quiet >= 2) return Uint8Array.from(out);
    }
    throw new Error(`link cycle model: not idle after ${maxCycles} cycles`);
  }
}
