// Seeded random command streams for the tile: a set-up (ROMs, variants, states, seed, ADC) and then a mix of every
// command, valid and malformed (unknown opcodes, wrong lengths, out-of-range arguments), so differential tests and
// `dwtwin cosim --core tile` exercise updates and reads, not just idle cycles. Every choice comes from draw32.
import { draw32 } from '../../base/rng.ts';
import { header } from '../../semantics/command-port.ts';
import { TILE_OP, tileEncode } from '../../semantics/tile-commands.ts';
import { tileSizes, type TileParams } from '../../semantics/tile-params.ts';
import { emptyTransitionRom } from '../../semantics/tile-rom-layout.ts';

export class TileCommandSource {
  private n = 0;
  constructor(private readonly p: TileParams, private readonly seed: number) {}

  private r32(): number {
    return draw32(this.seed, 0x7c0de, this.n++);
  }
  /** Integer in [lo, hi]. */
  private int(lo: number, hi: number): number {
    return lo + (this.r32() % (hi - lo + 1));
  }
  private chance(per1024: number): boolean {
    return (this.r32() & 1023) < per1024;
  }
  /** A code in [-lim, lim], zero with probability zero/1024. */
  private code(lim: number, zero: number): number {
    return this.chance(zero) ? 0 : this.int(-lim, lim);
  }

  /** Commands that give the tile meaningful contents. */
  setup(): number[][] {
    const p = this.p;
    const sz = tileSizes(p);
    const rom = emptyTransitionRom(p);
    const top = 2 ** p.probBits - 1;
    for (let e = 0; e < sz.transitionEntries; e++) {
      rom.m0[e] = this.int(-1, 1);
      const t = Array.from({ length: p.moveSpan }, () => this.int(0, top)).sort((a, b) => a - b);
      rom.t.set(t, e * p.moveSpan);
    }
    const out: number[][] = [];
    out.push(tileEncode.setSeed(this.r32(), this.int(0, 1000)));
    out.push(tileEncode.setAdc(this.int(0, Math.min(sz.maxAdcShift, 8)), this.int(0, 2 ** p.levelBits - 1)));
    out.push(tileEncode.loadLevels(0, Array.from({ length: sz.levelEntries }, () => this.int(0, 2 ** p.levelBits - 1))));
    // In chunks, as a host with a small link buffer would.
    const chunk = 64;
    for (let s = 0; s < sz.transitionEntries; s += chunk) out.push(tileEncode.loadTransitions(p, rom, s, Math.min(chunk, sz.transitionEntries - s)));
    out.push(tileEncode.writeVariants(0, Array.from({ length: sz.devices }, () => this.int(0, p.variants - 1))));
    out.push(tileEncode.writeStates(0, Array.from({ length: sz.devices }, () => this.int(0, p.notches - 1))));
    return out;
  }

  /** One random command (about 1 in 8 malformed). */
  next(): number[] {
    const p = this.p;
    const sz = tileSizes(p);
    const dLim = 2 ** (p.dacBits - 1) - 1;
    const k = this.int(0, 99);
    if (k < 30) {
      const zr = this.int(0, 1000);
      return tileEncode.update(Array.from({ length: p.rows }, () => this.code(p.rowSlots, zr)), Array.from({ length: p.cols }, () => this.code(p.colLevels, this.int(0, 1000))));
    }
    if (k < 45) return tileEncode.forward(Array.from({ length: p.rows }, () => this.code(dLim, 600)));
    if (k < 60) return tileEncode.transpose(Array.from({ length: p.cols }, () => this.code(dLim, 600)));
    if (k < 65) return p.carry ? tileEncode.carry() : tileEncode.status();
    if (k < 70) {
      const start = this.int(0, sz.devices - 1);
      return tileEncode.readStates(start, this.int(0, Math.min(40, sz.devices - start)));
    }
    if (k < 74) return tileEncode.setAdc(this.int(0, sz.maxAdcShift + 1), this.int(0, 2 ** p.levelBits - 1 + (this.chance(100) ? 1 : 0)));
    if (k < 77) return tileEncode.setSeed(this.r32(), this.r32());
    if (k < 80) return this.chance(500) ? tileEncode.status() : tileEncode.info();
    if (k < 84) {
      const start = this.int(0, sz.devices - 1);
      const n = this.int(1, Math.min(9, sz.devices - start));
      const bad = this.chance(200);
      return tileEncode.writeStates(start, Array.from({ length: n }, () => (bad && this.chance(300) ? p.notches : this.int(0, p.notches - 1))));
    }
    // Malformed.
    const m = this.int(0, 6);
    if (m === 0) return [header(this.int(14, 255), 3), 1, 2, 3];
    if (m === 1) return [header(TILE_OP.FORWARD, Math.ceil(p.rows / 2) + 1), ...new Array<number>(Math.ceil(p.rows / 2) + 1).fill(0)];
    if (m === 2) return tileEncode.update(Array.from({ length: p.rows }, (_, i) => (i === 0 ? p.rowSlots + 1 : 0)), new Array<number>(p.cols).fill(1));
    if (m === 3) return tileEncode.readStates(sz.devices - 1, 2);
    if (m === 4) return [header(TILE_OP.WRITE_STATES, 3), 0, 9, 0];
    if (m === 5) return tileEncode.forward(Array.from({ length: p.rows }, (_, i) => (i === p.rows - 1 ? dLim + 1 : 0)));
    return [header(TILE_OP.INFO, 1), 7];
  }
}
