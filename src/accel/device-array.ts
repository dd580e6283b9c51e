// The device-model array: every weight is a differential pair of DW-MTJ synapses, W = wScale * (G+ - G-), whose
// conductances move by ΔG sampled from the CrossSim-layout tables (dwtwin's own or a user's micromagnetic ones).
//
// Update rule (CrossSim's): a requested conductance change dG becomes s = |dG| / (mean step) "pulses" and is applied
// as s * ave(G) + sqrt(s) * (ΔG_u(G) - ave(G)), with u uniform: the mean follows the request, the spread grows as
// sqrt(s). With N notches the wall can only rest in a notch: after the move the conductance settles on the nearest
// of N levels. Small requests on a reliable device (STT) then never leave their notch, while a stochastic device
// (SOT) sometimes jumps: its noise acts as stochastic rounding (paper 000, Fig. 5e).
// State: a notched device is its notch index (one byte, as a hardware counter would hold it); its notches are
// one set of equally spaced positions spanning its increasing table's range, and both directions' tables are read
// at the conductance of that notch. A continuous device is its conductance (float32).
// Periodic carry: each half is a high and a low device; updates go to the low one (worth 1/base), and every
// carryEvery updates the low pair's differential is moved into the high pair, in whole notches, and the low pair reset.
// Device-to-device variation: each device is assigned one of the table variants at random (seeded).
// Device d: low G+ of weight k is 2k, low G- is 2k + 1; with carry the high pair is 2n + 2k and 2n + 2k + 1.
import { draw32, drawWithKey, streamKey } from '../base/rng.ts';
import type { DeltaGTable, DeltaGTablePair } from '../devices/synapse/lut.ts';
import { quantizeInto, type SparseSignal } from './encoding.ts';
import { forwardDense } from './ideal.ts';
import { continuousTables, SLOT_F, SLOT_I, type ContinuousTables } from './continuous-tables.ts';
import { binOf, notchAfter, notchTables, prepare, type NotchTables, type PreparedTable } from '../devices/synapse/notch-step.ts';
import type { ArrayStats, PulseEncoding, SynapseArray } from './types.ts';
import { continuousKernelRecords, defaultUpdateThreads, deviceKernelIfLoaded, instantiateKernel, KernelLayout, MAX_KERNEL_VARIANTS, notchedKernelRecords, REGION, ROW_BLOCK, SCRATCH_BYTES, UpdateHelper, type KernelExports } from './device-kernel.ts';

/**
 * The continuous loop's first pass hands the second each device's partial move, for a block of up to ROW_BLOCK
 * pairs of one row ([2 * pair] G+, [2 * pair + 1] G-). Module constants, shared by every array of the thread (the
 * loop is not re-entrant): the optimizing compiler treats them as known arrays, which measured about a quarter faster
 * than the same arrays held by each instance.
 */
const S_BASE = new Float64Array(2 * ROW_BLOCK); // conductance + mean move
const S_COEF = new Float64Array(2 * ROW_BLOCK); // sqrt(s) / sqrt(mean step)
const S_AVE = new Float64Array(2 * ROW_BLOCK); // ave(G) of the bin
const S_QI = new Int32Array(2 * ROW_BLOCK); // index of the drawn quantile in the compact table
const S_SLOT = new Int32Array(2 * ROW_BLOCK); // the table slot's offset in slotF
const S_KK = new Int32Array(ROW_BLOCK); // [pair]: weight index

/** Notch counts a device can have: its state is a one-byte notch index. */
export const NOTCH_RANGE = { min: 2, max: 256 } as const;
/** Table variants an array can assign: the per-device variant index is one byte. */
export const MAX_TABLE_VARIANTS = MAX_KERNEL_VARIANTS;

export interface DeviceArrayOptions {
  tables: DeltaGTablePair[];
  /** Levels per device, or 'continuous'. */
  notches: number | 'continuous';
  carry: boolean;
  /** Updates between carries (periodic carry only). */
  carryEvery: number;
  encoding: PulseEncoding;
  /** Weight represented by the full differential conductance range. */
  wMax: number;
  seed: number;
  /** Short description of the table source for labels. */
  source: string;
  /**
   * Compute every pulse straight from the prepared tables, the definition: no pulse skipped as provably too weak to
   * move a wall, no compact table layout (differential tests of the fast loops).
   */
  exhaustive?: boolean;
  /**
   * The fast loops' implementation: 'wasm' (device-kernel.ts; the default once loadDeviceKernel() has run, as
   * createArray does) or 'js'. Same results bit for bit.
   */
  kernel?: 'wasm' | 'js';
  /**
   * Threads an update of the wasm kernel runs on (1 or 2; default defaultUpdateThreads()): with 2, a helper thread
   * shares the rows of the long updates (HELPER_MIN_PAIRS) of arrays of at least HELPER_MIN_WEIGHTS weights. Lowers
   * wall time, not CPU time; the same bits either way.
   */
  updateThreads?: number;
}

/** Below this many weights an update is too short to hand half of it to another thread. */
export const HELPER_MIN_WEIGHTS = 20_000;
/** Below this many pairs to compute (rows above the dead zone x columns) an update runs on one thread. */
const HELPER_MIN_PAIRS = 8192;

function maxAbs(v: Float32Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

// Prepared tables per parsed table, and the continuous layout per table set, kept while the tables live: the two
// arrays of a network and every seed a worker trains share one table set (table-source.ts keeps it, read-only), so
// each is prepared once per process, not once per array (seconds for 40 tables, and inside a benchmark's timing).
const preparedOf = new WeakMap<DeltaGTable, PreparedTable>();
const continuousOf = new WeakMap<DeltaGTablePair[], ContinuousTables>();
const prepared = (t: DeltaGTable): PreparedTable => {
  let p = preparedOf.get(t);
  if (!p) preparedOf.set(t, (p = prepare(t)));
  return p;
};

/**
 * Whether a continuous device's bin argument (g - gMin) binScale + 0.5 stays within |x| < 2^30 for every conductance
 * it can hold (inside the union of its variant's two table ranges; NaN gives 0 either way), for both tables.
 */
function continuousBinsInRange(inc: readonly PreparedTable[], dec: readonly PreparedTable[]): boolean {
  return inc.every((ti, v) => {
    const td = dec[v]!;
    const lo = Math.min(ti.gMin, td.gMin);
    const hi = Math.max(ti.gMax, td.gMax);
    return [ti, td].every((t) => [lo, hi].every((g) => Math.abs((g - t.gMin) * t.binScale + 0.5) < 2 ** 30));
  });
}

/** Per entry (slot, notch), in notches: |s avg| per unit |dG| and |rootS (q - avg)| per unit sqrt|dG|; the largest. */
function moveCoefficients(nt: NotchTables): [number, number] {
  let c1 = 0;
  let c2 = 0;
  const entries = nt.rowAve.length;
  for (let e = 0; e < entries; e++) {
    const t = (e / nt.levels) | 0; // slot
    const sc = nt.scale[t >> 1]!;
    const avg = nt.rowAve[e]!;
    let spread = 0;
    for (let k = 0; k < nt.nq; k++) spread = Math.max(spread, Math.abs(nt.dG[nt.rowOff[e]! + k]! - avg));
    c1 = Math.max(c1, nt.invMean[t]! * Math.abs(avg) * sc);
    c2 = Math.max(c2, nt.rootInvMean[t]! * spread * sc);
  }
  // NaN anywhere: Math.max gives NaN and movesInRange refuses every update (the JS loop runs).
  return [c1, c2];
}

export class DeviceArray implements SynapseArray {
  readonly label: string;
  private readonly inc: PreparedTable[];
  private readonly dec: PreparedTable[];
  private readonly variant: Uint8Array; // per device
  private readonly keys: Uint32Array; // per weight RNG stream key: draw for update t = drawWithKey(key, t)
  /** Notched: notch index per device. */
  private readonly notch?: Uint8Array;
  private readonly nt?: NotchTables;
  /** Continuous: conductance per device. */
  private readonly cond?: Float32Array;
  private readonly ct?: ContinuousTables;
  private readonly w: Float32Array; // effective weights, kept in sync
  private readonly n: number;
  private readonly wScale: number;
  private readonly gMid: number;
  private readonly levels: number; // 0: continuous
  private readonly base: number;
  private readonly rowsQ: SparseSignal;
  private readonly colsQ: SparseSignal;
  private readonly st: ArrayStats = { updates: 0, pulses: 0, devicesTouched: 0, subThreshold: 0 };
  /** The compiled loops, on a memory that holds the state arrays above (views) and a copy of the tables. */
  private readonly wasm?: KernelExports;
  /** Byte offsets of this thread's and the helper's scratch in the kernel's memory. */
  private readonly scratch: [number, number] = [0, 0];
  private readonly helper?: UpdateHelper;
  /** The kernel's shared row counter (wasm): the next row an update's threads claim. */
  private readonly rowCounter: Int32Array;
  /** Notched, wasm: bounds of a move in notches per unit request and per unit square root of it (moveBound). */
  private readonly moveCoef: [number, number] = [Infinity, Infinity];
  /**
   * Copies the tables (this.nt or this.ct) and constants into the kernel's memory: done once by the constructor,
   * again by a test that injects a fault into the JS tables.
   */
  private readonly kernelTables?: () => void;
  /** Which implementation runs the updates. */
  readonly kernel: 'wasm' | 'js' | 'exhaustive';

  constructor(readonly rows: number, readonly cols: number, private readonly o: DeviceArrayOptions) {
    const n = (this.n = rows * cols);
    if (o.tables.length === 0 || o.tables.length > MAX_TABLE_VARIANTS) throw new Error(`a device array needs 1..${MAX_TABLE_VARIANTS} table variants, got ${o.tables.length}`);
    this.inc = o.tables.map((p) => prepared(p.increasing));
    this.dec = o.tables.map((p) => prepared(p.decreasing));
    const nominal = this.inc[0]!;
    this.wScale = o.wMax / (nominal.gMax - nominal.gMin);
    this.gMid = (nominal.gMin + nominal.gMax) / 2;
    this.levels = o.notches === 'continuous' ? 0 : o.notches;
    if (this.levels && (this.levels < NOTCH_RANGE.min || this.levels > NOTCH_RANGE.max)) throw new Error(`notches must be ${NOTCH_RANGE.min}..${NOTCH_RANGE.max}, got ${this.levels}`);
    this.base = o.carry ? Math.max(2, this.levels || 32) : 1;
    const devices = (o.carry ? 4 : 2) * n;
    if (this.levels) this.nt = notchTables(this.inc, this.dec, this.levels, o.exhaustive ?? false);
    else if (!o.exhaustive) {
      let ct = continuousOf.get(o.tables);
      if (!ct) continuousOf.set(o.tables, (ct = continuousTables(this.inc, this.dec)));
      this.ct = ct;
    }
    // The kernel truncates where the JS writes `x | 0`: the same only for |x| < 2^31 (device-update-kernel.as), so
    // it takes continuous devices only on tables whose bins keep that (any real table); notched moves are bounded
    // per update (moveBound).
    const inRange = this.levels ? true : continuousBinsInRange(this.inc, this.dec);
    const module = o.exhaustive || o.kernel === 'js' || !inRange ? undefined : deviceKernelIfLoaded();
    if (o.kernel === 'wasm' && !module && !o.exhaustive && inRange) throw new Error('the device update kernel is not loaded (await loadDeviceKernel() first)');
    this.kernel = o.exhaustive ? 'exhaustive' : module ? 'wasm' : 'js';
    // One layout for the state, the pulse signals and (for the kernel) a copy of the tables: in the kernel's memory,
    // sized once (it never grows, so the views stay valid), or in a plain buffer for the JS loops.
    const L = new KernelLayout();
    const nt = this.nt;
    const ct = this.ct;
    // (a function: a test that injects a fault into the JS tables copies them again)
    const kernelCopy = (): [keyof typeof L.at, ArrayBufferView][] => {
      if (!module) return [];
      // the first three of each back to back, in this order (device-kernel.ts REGION)
      if (!nt) {
        const c = continuousKernelRecords(ct!);
        return [['slotF', c.slotF], ['slotI', c.slotI], ['cEntry', c.cEntry], ['q', ct!.q]];
      }
      const r = notchedKernelRecords(nt);
      return [['nVar', r.nVar], ['nType', r.nType], ['nEntry', r.nEntry], ['level', nt.level], ['dG', nt.dG]];
    };
    for (const [f, a] of kernelCopy()) L.alloc(f, a.byteLength);
    const at = L.at;
    if (module && (nt ? at.nType !== at.nVar! + REGION.nVar || at.nEntry !== at.nType + REGION.nType : at.slotI !== at.slotF! + REGION.slotF || at.cEntry !== at.slotI + REGION.slotI)) throw new Error('device kernel: the small tables are not back to back');
    const pKeys = L.alloc('keys', 4 * n);
    const pVariant = L.alloc('variant', devices);
    const pW = L.alloc('w', 4 * n);
    const pState = this.levels ? L.alloc('notch', devices) : L.alloc('cond', 4 * devices);
    const pRowIdx = L.alloc('rowIdx', 4 * rows);
    const pRowVal = L.alloc('rowVal', 4 * rows);
    const pColIdx = L.alloc('colIdx', 4 * cols);
    const pColVal = L.alloc('colVal', 4 * cols);
    let buf: ArrayBufferLike;
    if (module) {
      const split = (o.updateThreads ?? defaultUpdateThreads()) >= 2 && n >= HELPER_MIN_WEIGHTS;
      this.scratch[0] = L.alloc('scratch0', SCRATCH_BYTES);
      L.alloc('rowCounter', 8);
      if (split) this.scratch[1] = L.alloc('scratch1', SCRATCH_BYTES);
      const inst = instantiateKernel(module, L);
      const mem = (buf = inst.buffer);
      this.rowCounter = new Int32Array(mem, L.at.rowCounter!, 1);
      this.kernelTables = () => {
        for (const [f, a] of kernelCopy()) new Uint8Array(mem, L.at[f]!, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
        inst.setHeader({ cols, levels: this.levels, hi: o.carry ? 2 * n : -1, wScale: this.wScale, invBase: 1 / this.base, nq: nt?.nq ?? 0, deadZone: nt?.deadZone ?? 0 });
      };
      this.kernelTables();
      if (nt) this.moveCoef = moveCoefficients(nt);
      if (split) this.helper = new UpdateHelper(inst, this);
      this.wasm = inst.k;
    } else {
      buf = new ArrayBuffer(L.bytes);
      this.rowCounter = new Int32Array(1); // unused: the JS loops run
    }
    this.keys = new Uint32Array(buf, pKeys, n);
    this.variant = new Uint8Array(buf, pVariant, devices);
    this.w = new Float32Array(buf, pW, n);
    if (this.levels) this.notch = new Uint8Array(buf, pState, devices);
    else this.cond = new Float32Array(buf, pState, devices);
    this.rowsQ = { index: new Int32Array(buf, pRowIdx, rows), value: new Float32Array(buf, pRowVal, rows), count: 0 };
    this.colsQ = { index: new Int32Array(buf, pColIdx, cols), value: new Float32Array(buf, pColVal, cols), count: 0 };
    for (let k = 0; k < n; k++) this.keys[k] = streamKey(o.seed, k);
    for (let d = 0; d < devices; d++) this.variant[d] = draw32(o.seed, d, 0xfffffff0) % o.tables.length;
    for (let d = 0; d < devices; d++) this.setG(d, this.gMid);
    const lv = this.levels ? `${this.levels} notches` : 'continuous';
    this.label = `device ${o.source}, ${lv}${o.carry ? ', periodic carry' : ''}${o.tables.length > 1 ? `, ${o.tables.length} device variants` : ''}`;
  }

  /** Conductance of device d. */
  private g(d: number): number {
    if (this.notch) return this.nt!.level[this.variant[d]! * this.levels + this.notch[d]!]!;
    return this.cond![d]!;
  }

  /** Move device d to conductance g: clamped to its range, then settled in the nearest notch. */
  private setG(d: number, g: number): void {
    const v = this.variant[d]!;
    if (this.notch) {
      const nt = this.nt!;
      const m = ((g - nt.gMin[v]!) * nt.scale[v]! + 0.5) | 0; // the same rounding as update()
      this.notch[d] = m < 0 ? 0 : m >= this.levels ? this.levels - 1 : m;
    } else {
      const t = this.inc[v]!;
      this.cond![d] = g < t.gMin ? t.gMin : g > t.gMax ? t.gMax : g;
    }
  }

  /** Pitch of one notch of device d (0 when continuous). */
  private pitch(d: number): number {
    return this.levels ? 1 / this.nt!.scale[this.variant[d]!]! : 0;
  }

  private syncWeight(k: number): void {
    let d = this.g(2 * k) - this.g(2 * k + 1);
    // The same expression as the update loops (a skipped pair must keep exactly the weight the loop would write).
    if (this.o.carry) d = this.g(2 * this.n + 2 * k) - this.g(2 * this.n + 2 * k + 1) + d * (1 / this.base);
    this.w[k] = this.wScale * d;
  }

  program(weights: Float32Array): void {
    const n = this.n;
    for (let k = 0; k < n; k++) {
      const half = weights[k]! / this.wScale / 2;
      // With carry the high pair holds the weight and the low pair starts centred.
      const hi = this.o.carry ? 2 * n : 0;
      this.setG(hi + 2 * k, this.gMid + half);
      this.setG(hi + 2 * k + 1, this.gMid - half);
      if (this.o.carry) {
        this.setG(2 * k, this.gMid);
        this.setG(2 * k + 1, this.gMid);
      }
      this.syncWeight(k);
    }
  }

  readWeights(out?: Float32Array): Float32Array {
    const o = out ?? new Float32Array(this.w.length);
    o.set(this.w);
    return o;
  }

  readConductances(): { gPlus: Float32Array; gMinus: Float32Array } {
    const hi = this.o.carry ? 2 * this.n : 0;
    return { gPlus: Float32Array.from({ length: this.n }, (_, k) => this.g(hi + 2 * k)), gMinus: Float32Array.from({ length: this.n }, (_, k) => this.g(hi + 2 * k + 1)) };
  }

  forward(x: Float32Array, batch: number, out?: Float32Array): Float32Array {
    return forwardDense(this.w, this.rows, this.cols, x, batch, out);
  }

  update(x: Float32Array, delta: Float32Array, lr: number): void {
    const step = ++this.st.updates;
    const enc = this.o.encoding;
    quantizeInto(this.rowsQ, x, enc.rowSlots, enc.stochastic, this.o.seed ^ 0x51, 0, step);
    quantizeInto(this.colsQ, delta, enc.colLevels, enc.stochastic, this.o.seed ^ 0x51, this.rows, step);
    // Requested weight change -> conductance change of each half (both halves move, in opposite directions);
    // with carry the low devices count 1/base, so they move base times as far.
    const gain = (-lr / this.wScale / 2) * this.base;
    if (this.wasm) this.updateWasm(this.wasm, gain, step);
    else if (this.notch) this.updateNotched(gain, step);
    else if (this.ct) this.updateContinuous(gain, step);
    else this.updateContinuousReference(gain, step);
    const touched = 2 * this.rowsQ.count * this.colsQ.count;
    this.st.devicesTouched += touched;
    this.st.pulses += touched;
    if (this.o.carry && step % this.o.carryEvery === 0) this.carry();
  }

  /** Updates whose rows were split with the helper thread (0 without one). */
  get helperUpdates(): number {
    return this.helper?.jobs ?? 0;
  }

  /** True once the helper thread (if any) has started (tests wait for it). */
  get helperReady(): boolean {
    return this.helper?.ready ?? false;
  }

  /**
   * The wasm kernel's update, with the helper thread if there is one, it has started and the update is long enough
   * to pay for waking it (HELPER_MIN_PAIRS): a notched update whose rows are mostly below the dead zone is over
   * before the thread is awake (measured: waiting for it made such epochs slower). Both threads claim rows from one
   * counter (device-kernel.ts UpdateHelper).
   */
  private updateWasm(k: KernelExports, gain: number, step: number): void {
    const r = this.rowsQ;
    const rows = r.count;
    const nc = this.colsQ.count;
    const cMax = maxAbs(this.colsQ.value, nc);
    if (this.notch && !this.movesInRange(gain, cMax)) return this.updateNotched(gain, step); // a request beyond any real one
    Atomics.store(this.rowCounter, 0, 0);
    let helped = false;
    if (this.helper && rows >= 2) {
      // rows the kernel will not skip whole (notched: |gain r| max|c| < deadZone skips a row; continuous: none)
      let live = rows;
      if (this.notch) {
        live = 0;
        for (let a = 0; a < rows; a++) if (Math.abs(gain * r.value[a]!) * cMax >= this.nt!.deadZone) live++;
      }
      helped = live * nc >= HELPER_MIN_PAIRS && this.helper.start(this.notch ? 'notched' : 'continuous', gain, step, rows, nc, this.scratch[1], this.rowCounter.byteOffset);
    }
    if (this.notch) this.st.subThreshold += k.updateNotched(gain, step, rows, nc, this.scratch[0], this.rowCounter.byteOffset);
    else k.updateContinuous(gain, step, rows, nc, this.scratch[0], this.rowCounter.byteOffset);
    if (helped) {
      const skipped = this.helper!.finish();
      if (this.notch) this.st.subThreshold += skipped;
    }
  }

  /**
   * Whether every notched move of this update stays far inside the kernel's truncation range: the argument of
   * notchAfter's rounding is at most top + 1 + |dG| c1 + sqrt(|dG|) c2 (notches), |dG| at most |gain| max|x| max|δ|.
   */
  private movesInRange(gain: number, cMax: number): boolean {
    const req = Math.abs(gain) * maxAbs(this.rowsQ.value, this.rowsQ.count) * cMax * (1 + 1e-9);
    const bound = this.levels + 1 + req * this.moveCoef[0] + Math.sqrt(req) * this.moveCoef[1];
    return bound < 2 ** 30; // false for NaN too
  }

  /** The hot loop for notched devices: per device pulse a few loads, one table read, one rounding. */
  private updateNotched(gain: number, step: number): void {
    const { rowsQ: r, colsQ: c, cols, keys, variant, w, wScale } = this;
    const state = this.notch!;
    const { levels, gMin, scale, level, invMean, rootInvMean, rowAve, rowOff, dG: table, nq } = this.nt!;
    const { deadZone, entryDeadZone } = this.nt!;
    let skipped = 0; // devices

    const top = levels - 1;
    const hi = this.o.carry ? 2 * this.n : -1;
    const invBase = 1 / this.base;
    // A whole row is below the dead zone when its largest request is: |fr| * max|c| bounds every |fr * c| of the
    // row (rounding is monotonic), so skipping the row skips exactly the pairs the test below would.
    let cMax = 0;
    for (let b = 0; b < c.count; b++) cMax = Math.max(cMax, Math.abs(c.value[b]!));
    for (let a = 0; a < r.count; a++) {
      const row = r.index[a]! * cols;
      const fr = gain * r.value[a]!;
      if ((fr > 0 ? fr : -fr) * cMax < deadZone) {
        skipped += 2 * c.count;
        continue;
      }
      for (let b = 0; b < c.count; b++) {
        const kk = row + c.index[b]!;
        const dG = fr * c.value[b]!;
        const abs = dG > 0 ? dG : -dG;
        if (abs < deadZone) {
          skipped += 2; // below every device's depinning threshold: neither wall can leave its notch
          continue;
        }
        const up = dG > 0 ? 0 : 1; // G+ moves with dG, G- against it
        const dp = 2 * kk;
        const np = state[dp]!;
        const nm = state[dp + 1]!;
        const vp = variant[dp]!;
        const vm = variant[dp + 1]!;
        const tp = (vp << 1) | up;
        const tm = (vm << 1) | (up ^ 1);
        const ep = tp * levels + np;
        const em = tm * levels + nm;
        const stayP = abs < entryDeadZone[ep]!; // below this device's threshold at its notch
        const stayM = abs < entryDeadZone[em]!;
        if (stayP && stayM) {
          skipped += 2;
          continue;
        }
        if (stayP || stayM) skipped++;
        const root = Math.sqrt(abs); // sqrt(s) = sqrt(|dG|) * sqrt(1 / mean step): one root per pair
        // One 32-bit draw per pair and update: 16 bits pick each device's CDF row (CrossSim samples a quantile).
        const bits = drawWithKey(keys[kk]!, step);
        const mp = stayP ? np : notchAfter(level[vp * levels + np]!, abs * invMean[tp]!, rowAve[ep]!, root * rootInvMean[tp]!, table[rowOff[ep]! + (((bits & 0xffff) * nq) >>> 16)]!, gMin[vp]!, scale[vp]!, top);
        const mm = stayM ? nm : notchAfter(level[vm * levels + nm]!, abs * invMean[tm]!, rowAve[em]!, root * rootInvMean[tm]!, table[rowOff[em]! + (((bits >>> 16) * nq) >>> 16)]!, gMin[vm]!, scale[vm]!, top);
        state[dp] = mp;
        state[dp + 1] = mm;
        const diff = level[vp * levels + mp]! - level[vm * levels + mm]!;
        w[kk] = hi < 0 ? wScale * diff : wScale * (level[variant[hi + dp]! * levels + state[hi + dp]!]! - level[variant[hi + dp + 1]! * levels + state[hi + dp + 1]!]! + diff * invBase);
      }
    }
    this.st.subThreshold += skipped;
  }

  /**
   * The hot loop for continuous devices: the reference loop's arithmetic in the same order, on the compact tables
   * (packed per-slot constants, repeated rows stored once), no closure and no table objects. Two passes per row:
   * the first computes each device's move up to its quantile (the part that needs no table row) and where that
   * quantile is, the second reads the quantiles and finishes. The second pass's iterations are a few instructions
   * with independent loads, so the processor can keep many of the table's cache misses in flight at once; in one pass
   * each miss waited behind a whole pair's arithmetic. (An index pass over the whole update before the reads was
   * measured slower, README; one row's scratch stays in L1.) move = base + coef * (q - ave) is the reference's
   * g + s * ave + sqrt(s) * (q - ave) grouped as it evaluates, so the result is bit-identical.
   */
  private updateContinuous(gain: number, step: number): void {
    const { rowsQ: r, colsQ: c, cols, keys, variant, w, wScale } = this;
    const cond = this.cond!;
    const { slotF, slotI, ave: entryAve, rowOff, q } = this.ct!;
    const base = S_BASE, coef = S_COEF, ave = S_AVE, qi = S_QI, slot = S_SLOT, kks = S_KK;
    // The layout's offsets as locals: module-level bindings are re-read (and hole-checked) at every use.
    const { stride: SF, gMin: F_GMIN, binScale: F_BINSCALE, invMean: F_INVMEAN, rootInvMean: F_ROOTINVMEAN, gMax: F_GMAX } = SLOT_F;
    const { stride: SI, topBin: I_TOPBIN, entry0: I_ENTRY0, nq: I_NQ } = SLOT_I;
    const hi = this.o.carry ? 2 * this.n : -1;
    const invBase = 1 / this.base;
    const nc = c.count;
    for (let a = 0; a < r.count; a++) {
      const row = r.index[a]! * cols;
      const fr = gain * r.value[a]!;
      for (let b0 = 0; b0 < nc; b0 += ROW_BLOCK) {
        const nb = Math.min(ROW_BLOCK, nc - b0);
        for (let b = 0; b < nb; b++) {
          const kk = row + c.index[b0 + b]!;
          const dG = fr * c.value[b0 + b]!;
          const abs = dG > 0 ? dG : -dG;
          const root = Math.sqrt(abs);
          const bits = drawWithKey(keys[kk]!, step);
          const dp = 2 * kk;
          const up = dG > 0 ? 0 : 1; // G+ moves with dG (increasing table when dG > 0), G- against it
          const sp = (variant[dp]! << 1) | up;
          const fp = SF * sp;
          const ip = SI * sp;
          const gp = cond[dp]!;
          let jp = ((gp - slotF[fp + F_GMIN]!) * slotF[fp + F_BINSCALE]! + 0.5) | 0;
          const tp = slotI[ip + I_TOPBIN]!;
          jp = jp < 0 ? 0 : jp > tp ? tp : jp;
          const ep = slotI[ip + I_ENTRY0]! + jp;
          const ap = entryAve[ep]!;
          const sm = (variant[dp + 1]! << 1) | (up ^ 1);
          const fm = SF * sm;
          const im = SI * sm;
          const gm = cond[dp + 1]!;
          let jm = ((gm - slotF[fm + F_GMIN]!) * slotF[fm + F_BINSCALE]! + 0.5) | 0;
          const tm = slotI[im + I_TOPBIN]!;
          jm = jm < 0 ? 0 : jm > tm ? tm : jm;
          const em = slotI[im + I_ENTRY0]! + jm;
          const am = entryAve[em]!;
          // Every load before the first store (measured faster than storing each device's values as they come).
          const i = 2 * b;
          kks[b] = kk;
          base[i] = gp + abs * slotF[fp + F_INVMEAN]! * ap;
          coef[i] = root * slotF[fp + F_ROOTINVMEAN]!;
          ave[i] = ap;
          qi[i] = rowOff[ep]! + (((bits & 0xffff) * slotI[ip + I_NQ]!) >>> 16);
          slot[i] = fp;
          base[i + 1] = gm + abs * slotF[fm + F_INVMEAN]! * am;
          coef[i + 1] = root * slotF[fm + F_ROOTINVMEAN]!;
          ave[i + 1] = am;
          qi[i + 1] = rowOff[em]! + (((bits >>> 16) * slotI[im + I_NQ]!) >>> 16);
          slot[i + 1] = fm;
        }
        for (let b = 0; b < nb; b++) {
          const i = 2 * b;
          const fp = slot[i]!;
          let np = base[i]! + coef[i]! * (q[qi[i]!]! - ave[i]!);
          np = np < slotF[fp + F_GMIN]! ? slotF[fp + F_GMIN]! : np > slotF[fp + F_GMAX]! ? slotF[fp + F_GMAX]! : np;
          const fm = slot[i + 1]!;
          let nm = base[i + 1]! + coef[i + 1]! * (q[qi[i + 1]!]! - ave[i + 1]!);
          nm = nm < slotF[fm + F_GMIN]! ? slotF[fm + F_GMIN]! : nm > slotF[fm + F_GMAX]! ? slotF[fm + F_GMAX]! : nm;
          const kk = kks[b]!;
          const dp = 2 * kk;
          cond[dp] = np;
          cond[dp + 1] = nm;
          w[kk] = hi < 0 ? wScale * (np - nm) : wScale * (cond[hi + dp]! - cond[hi + dp + 1]! + (np - nm) * invBase);
        }
      }
    }
  }

  /** The definition of a continuous device's pulse (exhaustive mode): the bin is found from the conductance each time. */
  private updateContinuousReference(gain: number, step: number): void {
    const { rowsQ: r, colsQ: c, cols, keys, variant, inc, dec, w, wScale } = this;
    const cond = this.cond!;
    const hi = this.o.carry ? 2 * this.n : -1;
    const invBase = 1 / this.base;
    const one = (g: number, dG: number, root: number, t: PreparedTable, u16: number): number => {
      const s = (dG > 0 ? dG : -dG) * t.invMeanStep;
      const j = binOf(t, g);
      const ave = t.ave[j]!;
      const ng = g + s * ave + root * t.rootInvMeanStep * (t.dGT[j * t.nq + ((u16 * t.nq) >>> 16)]! - ave);
      return ng < t.gMin ? t.gMin : ng > t.gMax ? t.gMax : ng;
    };
    for (let a = 0; a < r.count; a++) {
      const row = r.index[a]! * cols;
      const fr = gain * r.value[a]!;
      for (let b = 0; b < c.count; b++) {
        const kk = row + c.index[b]!;
        const dG = fr * c.value[b]!;
        const root = Math.sqrt(dG > 0 ? dG : -dG);
        const bits = drawWithKey(keys[kk]!, step);
        const dp = 2 * kk;
        const np = one(cond[dp]!, dG, root, dG > 0 ? inc[variant[dp]!]! : dec[variant[dp]!]!, bits & 0xffff);
        const nm = one(cond[dp + 1]!, -dG, root, dG > 0 ? dec[variant[dp + 1]!]! : inc[variant[dp + 1]!]!, bits >>> 16);
        cond[dp] = np;
        cond[dp + 1] = nm;
        w[kk] = hi < 0 ? wScale * (np - nm) : wScale * (cond[hi + dp]! - cond[hi + dp + 1]! + (np - nm) * invBase);
      }
    }
  }

  /**
   * Periodic carry: the low pair's differential, worth 1/base of a high pair's, is moved into the high pair in whole
   * high-device notches (the high devices are programmed, one step per notch); the remainder stays on the low pair,
   * re-centred. Without notches the whole differential moves.
   */
  private carry(): void {
    const n = this.n;
    for (let k = 0; k < n; k++) {
      const lp = 2 * k;
      const hp = 2 * n + 2 * k;
      const diff = this.g(lp) - this.g(lp + 1);
      if (diff === 0) continue;
      const notch = this.pitch(hp);
      const moved = notch ? Math.round(diff / this.base / notch) * notch : diff / this.base;
      if (moved === 0) continue;
      // Both halves of the high pair take part: each notch goes to the device that is nearer the centre, so the
      // pair can use its whole differential range.
      if (notch) {
        const dir = Math.sign(moved);
        for (let q = Math.round(Math.abs(moved) / notch); q > 0; q--) {
          if (this.g(hp) - this.gMid <= this.gMid - this.g(hp + 1) === dir > 0) this.setG(hp, this.g(hp) + dir * notch);
          else this.setG(hp + 1, this.g(hp + 1) - dir * this.pitch(hp + 1));
        }
      } else {
        this.setG(hp, this.g(hp) + moved / 2);
        this.setG(hp + 1, this.g(hp + 1) - moved / 2);
      }
      const rest = diff - moved * this.base;
      this.setG(lp, this.gMid + rest / 2);
      this.setG(lp + 1, this.gMid - rest / 2);
      this.syncWeight(k);
    }
  }

  stats(): ArrayStats {
    return { ...this.st };
  }
}
