// A SynapseArray on any tile level: the host periphery between the float network and the tile's integers.
//
// Everything the tile computes is an integer; the float meaning lives here:
// - Devices: the float device model's tables (as DeviceArray) become the level and transition ROMs
//   (src/semantics/tile-roms.ts); variants are assigned as DeviceArray does, draw32(seed, d, 0xfffffff0) % V, and
//   written to the tile (the board stores them); program() settles devices in the notches DeviceArray would.
// - Weight of one level code: wCode = wScale * gLsb (/ N with carry: W = N hi + lo in codes), wScale = wMax / (table
//   0's range) as DeviceArray.
// - Update (the pulse unit): rows are time-coded with the fixed full scale x_fs = 1 (inputs and sigmoid
//   activations are in [0, 1]): r = round(x Rs). Columns are voltage-coded with a per-layer full scale delta_fs fixed
//   for a stretch: c = round(-delta / delta_fs Cl), clipped to [-Cl, Cl] (the minus: gradient descent). A stretch
//   ends when lr changes or after `stretch` updates; the next stretch's delta_fs is the mean per-update max |delta| of
//   the previous one (the first stretch, FIRST_STRETCH updates long, takes the first update's max |delta|). Then
//   unit = lr x_fs delta_fs / (Rs Cl) / wScale / 2 (x N with carry: low devices count 1/N), and the transition ROM is
//   re-derived and reloaded. The float device level instead rescales every update to its own max |x| and max |delta|:
//   here an update with small errors gets small codes (often 0), a large one clips.
// - Reads: inputs through the DAC, x_code = round(x / fs (2^(D-1) - 1)) (forward fs = 1; transposed fs = max |delta|
//   of the vector, so the DAC is always used in full); the ADC shift s is the smallest whose A-bit range covers
//   `adcRange` (forward; then adapted every ADC_WINDOW reads: coarser after a saturation, finer when the codes stay
//   below a quarter of full scale) or the provable bound sum |delta| * wMax (transposed); code -> float by the same
//   scales.
// - Periodic carry: CARRY every carryEvery updates.
import { draw32 } from '../base/rng.ts';
import type { DeltaGTablePair } from '../devices/synapse/lut.ts';
import { prepare } from '../devices/synapse/notch-step.ts';
import { TILE_OP, TILE_STATUS, decodeBytes, decodeCodes, splitResponses, tileEncode, type TileResponse } from '../semantics/tile-commands.ts';
import { tileParamsSchema, tileSizes, type TileParams, type TileSizes } from '../semantics/tile-params.ts';
import { deriveLevelRom, deriveTransitionRom, floatTableSet } from '../semantics/tile-roms.ts';
import { TwinLevel, type TileLevel } from './tile-level.ts';
import { createHash } from 'node:crypto';
import type { ArrayStats, SynapseArray } from './types.ts';

/** The tile bits a task chooses (sizes come from the layer). */
export interface TileBits {
  lanes: number;
  probBits: number;
  moveSpan: number;
  levelBits: number;
  dacBits: number;
  adcBits: number;
  adcShare: number;
  /** UPDATE's pair-step (tile-params.ts): absent = 'serial', the board build's; 'pipelined' takes 8x fewer cycles. */
  update?: 'serial' | 'pipelined';
}

export const tileBitsDefaults: TileBits = { lanes: 8, probBits: 12, moveSpan: 4, levelBits: 12, dacBits: 8, adcBits: 10, adcShare: 8 };

export interface TileArrayOptions {
  tables: DeltaGTablePair[];
  notches: number;
  carry: boolean;
  carryEvery: number;
  rowSlots: number;
  colLevels: number;
  bits: TileBits;
  wMax: number;
  seed: number;
  /** Forward ADC range in weight x input units (pre-activations beyond it clip). */
  adcRange: number;
  /** Updates per pulse-unit stretch (the ROM is re-derived at each stretch, and when lr changes). */
  stretch: number;
  source: string;
}

/** The tile parameters of a rows x cols layer. */
export function tileParamsFor(rows: number, cols: number, o: Pick<TileArrayOptions, 'notches' | 'carry' | 'rowSlots' | 'colLevels' | 'bits'>, variants: number): TileParams {
  return tileParamsSchema.parse({ rows, cols, notches: o.notches, variants, carry: o.carry, rowSlots: o.rowSlots, colLevels: o.colLevels, reference: 'differential', ...o.bits, lanes: Math.min(o.bits.lanes, cols), adcShare: Math.min(o.bits.adcShare, 256) });
}

type FloatSet = ReturnType<typeof floatTableSet>;

/**
 * The float table set of a table list and notch count, built once per process (both layers of a network and every
 * seed share one: the tables are read-only; `unit` is set by each derivation just before it runs).
 */
const tableSets = new WeakMap<DeltaGTablePair[], Map<string, { set: FloatSet; inc0: ReturnType<typeof prepare> }>>();
function tableSetFor(o: Pick<TileArrayOptions, 'tables' | 'notches' | 'source'>): { set: FloatSet; inc0: ReturnType<typeof prepare> } {
  let byKey = tableSets.get(o.tables);
  if (!byKey) tableSets.set(o.tables, (byKey = new Map()));
  const key = `${o.notches}\u0000${o.source}`;
  let e = byKey.get(key);
  if (!e) byKey.set(key, (e = { set: floatTableSet(o.tables, o.notches, 1, o.source), inc0: prepare(o.tables[0]!.increasing) }));
  return e;
}

/** Updates of the first pulse-unit stretch (its full scale is one update's guess; the next ones are measured). */
const FIRST_STRETCH = 50;
/** Forward reads between adaptations of the ADC range. */
const ADC_WINDOW = 100;

export class TileArray implements SynapseArray {
  readonly label: string;
  readonly params: TileParams;
  private readonly sz: TileSizes;
  private readonly wScale: number;
  private readonly gMid: number;
  private readonly variant: Uint8Array;
  private readonly set: ReturnType<typeof floatTableSet>;
  private readonly levelRom: ReturnType<typeof deriveLevelRom>;
  private readonly wCode: number;
  private readonly dacMax: number;
  private readonly adcMax: number;
  private adcShift = -1;
  /** Forward ADC shift (adapted per window of reads, see adaptAdc); -1 until the first read. */
  private fwdShift = -1;
  private adcReads = 0;
  private adcSaturated = 0;
  private adcPeak = 0;
  private adcFrozen = false;
  private readonly st: ArrayStats = { updates: 0, pulses: 0, devicesTouched: 0, subThreshold: 0 };
  // pulse-unit stretch
  private lr = NaN;
  private deltaFs = 0;
  private stretchUpdates = 0;
  private stretchMaxSum = 0;
  /** Largest probability mass folded into m0 + K by any ROM so far. */
  foldedMax = 0;
  romLoads = 0;
  /** Commands the tile answered, and the sum of the compute cycles its responses reported (tile-timing.ts). */
  operations = 0;
  reportedCycles = 0;
  readonly rowCodes: Int8Array;
  readonly colCodes: Int8Array;

  constructor(readonly rows: number, readonly cols: number, readonly level: TileLevel, private readonly o: TileArrayOptions, shared?: { set: FloatSet; variant: Uint8Array }) {
    const V = o.tables.length;
    this.params = level.params;
    this.sz = tileSizes(this.params);
    const ts = tableSetFor(o);
    const inc0 = ts.inc0;
    this.wScale = o.wMax / (inc0.gMax - inc0.gMin);
    this.gMid = (inc0.gMin + inc0.gMax) / 2;
    this.set = shared?.set ?? ts.set;
    this.levelRom = deriveLevelRom(this.params, this.set); // the transition ROM comes per pulse-unit stretch
    this.wCode = (this.wScale * this.levelRom.gLsb) / (o.carry ? o.notches : 1);
    this.dacMax = 2 ** (this.params.dacBits - 1) - 1 || 1;
    this.adcMax = 2 ** (this.params.adcBits - 1) - 1 || 1;
    this.variant = shared?.variant ?? Uint8Array.from({ length: this.sz.devices }, (_, d) => draw32(o.seed, d, 0xfffffff0) % V);
    this.rowCodes = new Int8Array(rows);
    this.colCodes = new Int8Array(cols);
    this.run([...tileEncode.loadLevels(0, this.levelRom.levels), ...tileEncode.writeVariants(0, this.variant), ...tileEncode.setSeed(o.seed, 0)]);
    this.label = `tile ${level.name}: ${o.source}, ${o.notches} notches${o.carry ? ', periodic carry' : ''}${V > 1 ? `, ${V} device variants` : ''}, P${this.params.probBits} D${this.params.dacBits} A${this.params.adcBits} G${this.params.levelBits}`;
  }

  /** Send commands, return their responses; count them and the compute cycles they report. */
  private exec(words: number[]): TileResponse[] {
    const r = splitResponses(this.level.execute(words));
    this.operations += r.length;
    for (let i = 0, c = 0; i < words.length && c < r.length; i += 1 + (words[i]! & 0xffffff), c++) {
      const op = words[i]! >>> 24;
      const res = r[c]!.results;
      if (r[c]!.status !== TILE_STATUS.OK || res.length === 0) continue;
      if (op === TILE_OP.UPDATE || op === TILE_OP.CARRY) this.reportedCycles += res[1]!;
      else if (op === TILE_OP.FORWARD || op === TILE_OP.TRANSPOSE) this.reportedCycles += res[res.length - 1]!;
    }
    return r;
  }

  /** Send commands, demand success, return the responses. */
  private run(words: number[]): TileResponse[] {
    const r = this.exec(words);
    const bad = r.find((x) => x.status !== TILE_STATUS.OK);
    if (bad) throw new Error(`tile ${this.level.name}: a command failed with status ${bad.status}`);
    return r;
  }

  /** The notch DeviceArray settles a device of variant v in at conductance g. */
  private notchAt(d: number, g: number): number {
    const nt = this.set.nt;
    const v = this.variant[d]!;
    const m = ((g - nt.gMin[v]!) * nt.scale[v]! + 0.5) | 0;
    return m < 0 ? 0 : m >= this.o.notches ? this.o.notches - 1 : m;
  }

  program(weights: Float32Array): void {
    const n = this.rows * this.cols;
    const states = new Uint8Array(this.sz.devices);
    const hi = this.o.carry ? 2 * n : 0;
    for (let k = 0; k < n; k++) {
      const half = weights[k]! / this.wScale / 2;
      states[hi + 2 * k] = this.notchAt(hi + 2 * k, this.gMid + half);
      states[hi + 2 * k + 1] = this.notchAt(hi + 2 * k + 1, this.gMid - half);
      if (this.o.carry) {
        states[2 * k] = this.notchAt(2 * k, this.gMid);
        states[2 * k + 1] = this.notchAt(2 * k + 1, this.gMid);
      }
    }
    this.run(tileEncode.writeStates(0, states));
  }

  /** Every device's notch, from the tile. */
  readStates(): Uint8Array {
    const [r] = this.run(tileEncode.readStates(0, this.sz.devices));
    return decodeBytes(r!.results, this.sz.devices);
  }

  /** Weights in level codes from states (what FORWARD multiplies by). */
  codeWeights(states = this.readStates()): Float64Array {
    const N = this.o.notches;
    const L = (d: number) => this.levelRom.levels[this.variant[d]! * N + states[d]!]!;
    const n = this.rows * this.cols;
    const w = new Float64Array(n);
    for (let k = 0; k < n; k++) w[k] = L(2 * k) - L(2 * k + 1) + (this.o.carry ? N * (L(2 * n + 2 * k) - L(2 * n + 2 * k + 1)) : 0);
    return w;
  }

  readWeights(out?: Float32Array): Float32Array {
    const w = this.codeWeights();
    const o = out ?? new Float32Array(w.length);
    for (let k = 0; k < w.length; k++) o[k] = w[k]! * this.wCode;
    return o;
  }

  readConductances(): { gPlus: Float32Array; gMinus: Float32Array } {
    const s = this.readStates();
    const n = this.rows * this.cols;
    const hi = this.o.carry ? 2 * n : 0;
    const g = (d: number) => this.set.nt.level[this.variant[d]! * this.o.notches + s[d]!]!;
    return { gPlus: Float32Array.from({ length: n }, (_, k) => g(hi + 2 * k)), gMinus: Float32Array.from({ length: n }, (_, k) => g(hi + 2 * k + 1)) };
  }

  /** The ADC shift whose range covers `range` float units when one accumulator unit is worth `lsb`. */
  private shiftFor(range: number, lsb: number): number {
    let s = 0;
    while (s < this.sz.maxAdcShift && this.adcMax * 2 ** s * lsb < range) s++;
    return s;
  }

  private setShift(s: number): number[] {
    if (s === this.adcShift) return [];
    this.adcShift = s;
    return tileEncode.setAdc(s, 0);
  }

  /** DAC codes of x / fs. */
  private dac(x: ArrayLike<number>, off: number, n: number, fs: number): Int32Array {
    const c = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = Math.round((x[off + i]! / fs) * this.dacMax);
      c[i] = v > this.dacMax ? this.dacMax : v < -this.dacMax ? -this.dacMax : v;
    }
    return c;
  }

  forward(x: Float32Array, batch: number, out?: Float32Array): Float32Array {
    const y = out ?? new Float32Array(batch * this.cols);
    const lsb = this.wCode / this.dacMax;
    if (this.fwdShift < 0) this.fwdShift = this.shiftFor(this.o.adcRange, lsb);
    for (let b = 0; b < batch; b++) {
      const s = this.fwdShift;
      const r = this.exec([...this.setShift(s), ...tileEncode.forward(this.dac(x, b * this.rows, this.rows, 1))]);
      const f = r[r.length - 1]!;
      if (f.status !== TILE_STATUS.OK) throw new Error(`tile ${this.level.name}: FORWARD failed with status ${f.status}`);
      const codes = decodeCodes(f.results, this.cols);
      for (let j = 0; j < this.cols; j++) {
        const c = codes[j]!;
        y[b * this.cols + j] = c * 2 ** s * lsb;
        const a = c < 0 ? -c : c;
        if (a >= this.adcMax) this.adcSaturated++;
        if (a > this.adcPeak) this.adcPeak = a;
      }
      if (!this.adcFrozen && ++this.adcReads >= ADC_WINDOW) this.adaptAdc();
    }
    return y;
  }

  /**
   * The forward ADC's range follows the signal, in integers and deterministically: after every ADC_WINDOW reads,
   * one step coarser (shift + 1) if any code saturated, one step finer if every code stayed below a quarter of
   * full scale. (Layer 2's logits drift in common mode as training goes; a fixed range would clip them all.)
   */
  private adaptAdc(): void {
    if (this.adcSaturated > 0 && this.fwdShift < this.sz.maxAdcShift) this.fwdShift++;
    else if (this.adcPeak < this.adcMax / 4 && this.fwdShift > 0) this.fwdShift--;
    this.adcReads = 0;
    this.adcSaturated = 0;
    this.adcPeak = 0;
  }

  /** W delta per row through the tile's transposed read (backprop's hidden error). */
  backward(delta: Float32Array, out?: Float32Array): Float32Array {
    const y = out ?? new Float32Array(this.rows);
    let fs = 0;
    let sum = 0;
    for (let j = 0; j < this.cols; j++) ((fs = Math.max(fs, Math.abs(delta[j]!))), (sum += Math.abs(delta[j]!)));
    if (fs === 0) return y.fill(0, 0, this.rows);
    const lsb = (this.wCode * fs) / this.dacMax;
    const s = this.shiftFor(sum * this.o.wMax, lsb);
    const r = this.exec([...this.setShift(s), ...tileEncode.transpose(this.dac(delta, 0, this.cols, fs))]);
    const f = r[r.length - 1]!;
    if (f.status !== TILE_STATUS.OK) throw new Error(`tile ${this.level.name}: TRANSPOSE failed with status ${f.status}`);
    const codes = decodeCodes(f.results, this.rows);
    for (let i = 0; i < this.rows; i++) y[i] = codes[i]! * 2 ** s * lsb;
    return y;
  }

  /** Re-derive and reload the transition ROM for the pulse unit of the stretch that starts now. */
  private newStretch(lr: number, firstMax: number): void {
    this.deltaFs = this.stretchUpdates > 0 && this.stretchMaxSum > 0 ? this.stretchMaxSum / this.stretchUpdates : firstMax;
    this.lr = lr;
    this.stretchUpdates = 0;
    this.stretchMaxSum = 0;
    const p = this.params;
    const unit = ((lr * 1 * this.deltaFs) / (p.rowSlots * p.colLevels) / this.wScale / 2) * (this.o.carry ? this.o.notches : 1);
    this.set.unit = unit;
    const rom = deriveTransitionRom(p, this.set);
    this.foldedMax = Math.max(this.foldedMax, rom.foldedMax);
    this.romLoads++;
    this.run(tileEncode.loadTransitions(p, rom.transitions, 0, this.sz.transitionEntries));
  }

  update(x: Float32Array, delta: Float32Array, lr: number): void {
    let dMax = 0;
    for (let j = 0; j < this.cols; j++) dMax = Math.max(dMax, Math.abs(delta[j]!));
    const length = this.romLoads === 1 ? Math.min(FIRST_STRETCH, this.o.stretch) : this.o.stretch;
    if (lr !== this.lr || this.stretchUpdates >= length || this.deltaFs === 0) {
      if (dMax > 0 || this.deltaFs > 0) this.newStretch(lr, dMax);
    }
    this.stretchUpdates++;
    this.stretchMaxSum += dMax;
    const p = this.params;
    const rc = this.rowCodes;
    const cc = this.colCodes;
    for (let i = 0; i < this.rows; i++) {
      const v = Math.round(Math.min(1, Math.abs(x[i]!)) * p.rowSlots);
      rc[i] = x[i]! < 0 ? -v : v;
    }
    for (let j = 0; j < this.cols; j++) {
      const v = this.deltaFs > 0 ? Math.min(p.colLevels, Math.round((Math.abs(delta[j]!) / this.deltaFs) * p.colLevels)) : 0;
      cc[j] = delta[j]! > 0 ? -v : v; // gradient descent: the weight moves against delta
    }
    const words = tileEncode.update(rc, cc);
    const carry = this.o.carry && (this.st.updates + 1) % this.o.carryEvery === 0;
    if (carry) words.push(...tileEncode.carry());
    const r = this.run(words);
    this.st.updates++;
    this.st.devicesTouched += 2 * r[0]!.results[0]!;
    this.st.pulses += 2 * r[0]!.results[0]!;
  }

  stats(): ArrayStats {
    return { ...this.st };
  }

  /** The same array on a fresh twin holding this array's states (test-set evaluation by the twin's integer forward). */
  twinCopy(states = this.readStates()): TileArray {
    const t = new TileArray(this.rows, this.cols, new TwinLevel(this.params), this.o, { set: this.set, variant: this.variant });
    t.run(tileEncode.writeStates(0, states));
    t.fwdShift = this.fwdShift; // the evaluation reads with the range training ended on, frozen
    t.adcFrozen = true;
    return t;
  }

  /** sha256 of the states of several arrays, in order (result files compare levels by it). */
  static stateHash(arrays: TileArray[]): string {
    const h = createHash('sha256');
    for (const a of arrays) h.update(a.readStates());
    return h.digest('hex');
  }
}
