// The tile's definition as a plain, scalar executor: command words in, response words out. Written for obviousness,
// not speed (the twin in src/twin is the fast one and must give the same words). Semantics (see also
// tile-commands.ts for checks and effects, tile-rom-layout.ts for the ROMs, tile-timing.ts for cycles):
//
// Devices: weight k = i*C + j; differential: low G+ = 2k, low G- = 2k+1, with carry high G+ = 2RC + 2k, high G- =
//   2RC + 2k + 1 (src/accel/device-array.ts's order); parallel: device k (one per weight). A device's state is its
//   notch n in [0, N-1]; its variant is stored (WRITE_VARIANTS): the board need not know how variants were assigned
//   (the host derives them as DeviceArray does, draw32(seed, d, 0xfffffff0) % V).
// Level of a device: L(d) = level[variant(d) * N + n(d)]. Weight: differential W = L(lo+) - L(lo-); with carry
//   W = N (L(hi+) - L(hi-)) + L(lo+) - L(lo-); parallel W = L(G) - Gpar.
// UPDATE (row codes r_i, column codes c_j): step += 1; for every pair with r_i != 0 and c_j != 0: request
//   p = |r_i| |c_j|, sigma = sign(r_i) sign(c_j); bits = draw32(seed, k, step); G+ (the low pair's, or the only
//   device) moves in direction dir+ = sigma > 0 ? 0 (increasing table) : 1 with u = (bits & 0xffff) >>> (16 - P);
//   G- in the other direction with u = (bits >>> 16) >>> (16 - P). Each move reads the transition entry of its
//   (variant, dir, notch, p). Draws are keyed by pair and step only: no draw depends on lanes or skipped pairs.
// FORWARD: acc_j = sum_i x_i W_ij, code_j = ADC(acc_j); TRANSPOSE: acc_i = sum_j x_j W_ij, code_i = ADC(acc_i).
// CARRY: carryWeight (tile-arith.ts) on every weight.
import { draw32 } from '../base/rng.ts';
import { parseHeader } from './command-port.ts';
import { header } from './command-port.ts';
import { adcCode, carryWeight, moveNotch } from './tile-arith.ts';
import { TILE_OP, TILE_STATUS, fixedArgWords, infoWords, splitCommands, tileCommand } from './tile-commands.ts';
import { tileSizes, type TileParams, type TileSizes } from './tile-params.ts';
import { byteAt, emptyTransitionRom, halfAt, signed16, signed8, transitionIndex, type TransitionRom } from './tile-rom-layout.ts';
import { activeGroups, carryCycles, countNonZero, forwardCycles, transposeCycles, updateCycles } from './tile-timing.ts';

export class TileReference {
  readonly sz: TileSizes;
  readonly states: Uint8Array;
  readonly variants: Uint8Array;
  readonly levels: Uint16Array;
  readonly rom: TransitionRom;
  seed = 0;
  step = 0;
  adcShift = 0;
  gpar = 0;
  readonly counters = { commands: 0, errors: 0, updates: 0, cycles: 0 };
  private pending: number[] = [];

  constructor(readonly p: TileParams) {
    this.sz = tileSizes(p);
    this.states = new Uint8Array(this.sz.devices);
    this.variants = new Uint8Array(this.sz.devices);
    this.levels = new Uint16Array(this.sz.levelEntries);
    this.rom = emptyTransitionRom(p);
  }

  /**
   * What the core's rst does (the serial link's RESET): the registers (seed, step, ADC shift, Gpar, counters, a
   * half-received command) return to 0; the memories (states, variants, ROMs) keep their contents.
   */
  reset(): void {
    this.seed = 0;
    this.step = 0;
    this.adcShift = 0;
    this.gpar = 0;
    this.counters.commands = this.counters.errors = this.counters.updates = this.counters.cycles = 0;
    this.pending = [];
  }

  /** Feed command words (any split); returns the responses of the commands completed by them. */
  execute(words: ArrayLike<number>): number[] {
    // (the common case, whole commands and nothing pending, is split without copying the words into `pending`)
    const stream = this.pending.length === 0 ? words : this.pending.concat(Array.from(words, (w) => w >>> 0));
    const { commands, rest } = splitCommands(stream);
    this.pending = rest;
    const out: number[] = [];
    for (const c of commands) this.run(c, out);
    return out;
  }

  /** Run one command, appending its response to `out` (no spread: a READ_STATES answer can hold 10^5+ words). */
  private run(cmd: number[], out: number[]): void {
    const r = this.dispatch(cmd);
    const status = typeof r === 'number' ? r : TILE_STATUS.OK;
    const results = typeof r === 'number' ? [] : r.results;
    this.counters.commands = (this.counters.commands + 1) >>> 0;
    if (status !== TILE_STATUS.OK) this.counters.errors = (this.counters.errors + 1) >>> 0;
    if (typeof r !== 'number') this.counters.cycles = (this.counters.cycles + r.cycles) >>> 0;
    out.push(header(status, results.length));
    for (let i = 0; i < results.length; i++) out.push(results[i]!);
  }

  /** A status number (error) or the results and the compute cycles they report. */
  protected dispatch(cmd: number[]): number | { results: number[]; cycles: number } {
    const { code, length } = parseHeader(cmd[0]!);
    const a = cmd.slice(1);
    const def = tileCommand(code);
    const p = this.p;
    const sz = this.sz;
    if (!def) return TILE_STATUS.UNKNOWN_OPCODE;
    const fw = fixedArgWords(def);
    if (length < fw || length !== def.argWords(p, a.slice(0, fw))) return TILE_STATUS.BAD_LENGTH;
    if (code === TILE_OP.CARRY && !p.carry) return TILE_STATUS.NO_CARRY;
    const ok = (results: number[] = [], cycles = 0) => ({ results, cycles });
    const fits = (start: number, count: number, size: number) => start + count <= size;
    switch (code) {
      case TILE_OP.INFO:
        return ok(infoWords(p));
      case TILE_OP.STATUS: {
        const c = this.counters;
        return ok([c.commands, c.errors, c.updates, c.cycles]);
      }
      case TILE_OP.SET_SEED:
        this.seed = a[0]!;
        this.step = a[1]!;
        return ok();
      case TILE_OP.SET_ADC:
        if (a[0]! > sz.maxAdcShift || a[1]! >= 2 ** p.levelBits) return TILE_STATUS.ARG_OUT_OF_RANGE;
        this.adcShift = a[0]!;
        this.gpar = a[1]!;
        return ok();
      case TILE_OP.WRITE_STATES:
      case TILE_OP.WRITE_VARIANTS: {
        const [start, count] = [a[0]!, a[1]!];
        if (!fits(start, count, sz.devices)) return TILE_STATUS.ARG_OUT_OF_RANGE;
        const mem = code === TILE_OP.WRITE_STATES ? this.states : this.variants;
        const limit = code === TILE_OP.WRITE_STATES ? p.notches : p.variants;
        for (let i = 0; i < count; i++) {
          const v = byteAt(a, 2, i);
          if (v >= limit) return TILE_STATUS.ARG_OUT_OF_RANGE;
          mem[start + i] = v;
        }
        return ok();
      }
      case TILE_OP.READ_STATES: {
        const [start, count] = [a[0]!, a[1]!];
        if (!fits(start, count, sz.devices)) return TILE_STATUS.ARG_OUT_OF_RANGE;
        const out = new Array<number>(Math.ceil(count / 4)).fill(0);
        for (let i = 0; i < count; i++) out[i >> 2] = (out[i >> 2]! | (this.states[start + i]! << (8 * (i & 3)))) >>> 0;
        return ok(out);
      }
      case TILE_OP.LOAD_LEVELS: {
        const [start, count] = [a[0]!, a[1]!];
        if (!fits(start, count, sz.levelEntries)) return TILE_STATUS.ARG_OUT_OF_RANGE;
        for (let i = 0; i < count; i++) {
          const v = halfAt(a, 2, i);
          if (v >= 2 ** p.levelBits) return TILE_STATUS.ARG_OUT_OF_RANGE;
          this.levels[start + i] = v;
        }
        return ok();
      }
      case TILE_OP.LOAD_TRANSITIONS: {
        const [start, count] = [a[0]!, a[1]!];
        if (!fits(start, count, sz.transitionEntries)) return TILE_STATUS.ARG_OUT_OF_RANGE;
        const K = p.moveSpan;
        const limit = 2 ** p.probBits;
        for (let i = 0; i < count; i++) {
          const w = 2 + i * sz.transitionEntryWords;
          for (let k = 0; k < K; k++) if (halfAt(a, w + 1, k) >= limit) return TILE_STATUS.ARG_OUT_OF_RANGE;
          this.rom.m0[start + i] = signed8(a[w]! & 0xff);
          for (let k = 0; k < K; k++) this.rom.t[(start + i) * K + k] = halfAt(a, w + 1, k);
        }
        return ok();
      }
      case TILE_OP.UPDATE:
        return this.update(a);
      case TILE_OP.CARRY:
        return this.carry();
      case TILE_OP.FORWARD:
      case TILE_OP.TRANSPOSE: {
        const fwd = code === TILE_OP.FORWARD;
        const x: number[] = [];
        for (let i = 0; i < (fwd ? p.rows : p.cols); i++) x.push(signed16(halfAt(a, 0, i)));
        const lim = 2 ** (p.dacBits - 1);
        if (x.some((v) => v < -lim || v >= lim)) return TILE_STATUS.ARG_OUT_OF_RANGE;
        const codes = this.read(fwd, x);
        const words = new Array<number>(Math.ceil(codes.length / 2)).fill(0);
        for (let o = 0; o < codes.length; o++) words[o >> 1] = (words[o >> 1]! | ((codes[o]! & 0xffff) << (16 * (o & 1)))) >>> 0;
        const cycles = fwd ? forwardCycles(p, countNonZero(x)) : transposeCycles(p, activeGroups(x, p.lanes));
        return ok([...words, cycles], cycles);
      }
    }
    return TILE_STATUS.UNKNOWN_OPCODE;
  }

  /** Level code of device d. */
  level(d: number): number {
    return this.levels[this.variants[d]! * this.p.notches + this.states[d]!]!;
  }

  /** Weight k in level codes. */
  weight(k: number): number {
    const p = this.p;
    if (p.reference === 'parallel') return this.level(k) - this.gpar;
    const lo = this.level(2 * k) - this.level(2 * k + 1);
    if (!p.carry) return lo;
    const hi = 2 * this.sz.pairs + 2 * k;
    return p.notches * (this.level(hi) - this.level(hi + 1)) + lo;
  }

  /** ADC codes of the forward (x per row) or transposed (x per column) read. */
  protected read(fwd: boolean, x: ArrayLike<number>): ArrayLike<number> {
    const p = this.p;
    const nIn = fwd ? p.rows : p.cols;
    const nOut = fwd ? p.cols : p.rows;
    const codes: number[] = [];
    for (let o = 0; o < nOut; o++) {
      let acc = 0;
      for (let i = 0; i < nIn; i++) acc += x[i]! * (fwd ? this.weight(i * p.cols + o) : this.weight(o * p.cols + i));
      codes.push(adcCode(acc, this.adcShift, p.adcBits));
    }
    return codes;
  }

  private moveDevice(d: number, dir: number, request: number, u: number): void {
    const p = this.p;
    const e = transitionIndex(p, this.variants[d]!, dir, this.states[d]!, request);
    this.states[d] = moveNotch(this.states[d]!, this.rom.m0[e]!, this.rom.t, e * p.moveSpan, p.moveSpan, u, p.notches - 1);
  }

  protected update(a: number[]): number | { results: number[]; cycles: number } {
    const p = this.p;
    const r: number[] = [];
    const c: number[] = [];
    for (let i = 0; i < p.rows; i++) r.push(signed8(byteAt(a, 0, i)));
    for (let j = 0; j < p.cols; j++) c.push(signed8(byteAt(a, Math.ceil(p.rows / 4), j)));
    if (r.some((v) => Math.abs(v) > p.rowSlots) || c.some((v) => Math.abs(v) > p.colLevels)) return TILE_STATUS.ARG_OUT_OF_RANGE;
    this.step = (this.step + 1) >>> 0;
    this.counters.updates = (this.counters.updates + 1) >>> 0;
    const shift = 16 - p.probBits;
    let touched = 0;
    for (let i = 0; i < p.rows; i++) {
      if (r[i] === 0) continue;
      for (let j = 0; j < p.cols; j++) {
        if (c[j] === 0) continue;
        touched++;
        const k = i * p.cols + j;
        const request = Math.abs(r[i]!) * Math.abs(c[j]!);
        const up = Math.sign(r[i]!) * Math.sign(c[j]!) > 0;
        const bits = draw32(this.seed, k, this.step);
        if (p.reference === 'parallel') {
          this.moveDevice(k, up ? 0 : 1, request, (bits & 0xffff) >>> shift);
        } else {
          this.moveDevice(2 * k, up ? 0 : 1, request, (bits & 0xffff) >>> shift);
          this.moveDevice(2 * k + 1, up ? 1 : 0, request, (bits >>> 16) >>> shift);
        }
      }
    }
    const cycles = updateCycles(p, countNonZero(r), activeGroups(c, p.lanes));
    return { results: [touched, cycles], cycles };
  }

  protected carry(): { results: number[]; cycles: number } {
    const p = this.p;
    const s = this.states;
    const hi = 2 * this.sz.pairs;
    let carried = 0;
    for (let k = 0; k < this.sz.pairs; k++) {
      const c = carryWeight(s[hi + 2 * k]!, s[hi + 2 * k + 1]!, s[2 * k]!, s[2 * k + 1]!, p.notches);
      if (!c) continue;
      carried++;
      s[hi + 2 * k] = c.hiPlus;
      s[hi + 2 * k + 1] = c.hiMinus;
      s[2 * k] = c.loPlus;
      s[2 * k + 1] = c.loMinus;
    }
    const cycles = carryCycles(p);
    return { results: [carried, cycles], cycles };
  }
}
