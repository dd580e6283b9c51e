// The device-model array: every weight is a differential pair of DW-MTJ synapses, W = wScale * (G+ - G-), whose
// conductances move by ΔG sampled from the CrossSim-layout tables (dwtwin's own or a user's micromagnetic ones).
//
// Update rule (CrossSim's): a requested conductance change dG becomes s = |dG| / (mean step) "pulses" and is applied
// as s * ave(G) + sqrt(s) * (ΔG_u(G) - ave(G)), with u uniform: the mean follows the request, the spread grows as
// sqrt(s). With N notches the wall can only rest in a notch: after the move the conductance settles on the nearest
// of N levels. Small requests on a reliable device (STT) then never leave their notch, while a stochastic device
// (SOT) sometimes jumps: its noise acts as stochastic rounding (paper 000, Fig. 5e).
// Periodic carry: each half is a high and a low device; updates go to the low one (worth 1/base), and every
// carryEvery updates the low pair's differential is moved into the high pair, in whole notches, and the low pair reset.
// Device-to-device variation: each device is assigned one of the table variants at random (seeded).
import { draw32, drawWithKey, streamKey } from '../base/rng.ts';
import type { DeltaGTable, DeltaGTablePair } from '../devices/synapse/lut.ts';
import { meanDeltaG } from '../devices/synapse/lut.ts';
import { quantizeInto, sparse, type SparseSignal } from './encoding.ts';
import { forwardDense } from './ideal.ts';
import type { ArrayStats, PulseEncoding, SynapseArray } from './types.ts';

interface PreparedTable {
  gMin: number;
  gMax: number;
  nb: number;
  nq: number;
  binScale: number; // (nb - 1) / (gMax - gMin)
  dGT: Float32Array; // transposed [nb * nq]: the quantiles of one bin are contiguous (random row reads stay in cache)
  ave: Float32Array; // [nb]
  meanStep: number; // mean |ave| over bins
  invMeanStep: number;
}

function prepare(t: DeltaGTable): PreparedTable {
  const nb = t.gBins.length;
  const ave = Float32Array.from(meanDeltaG(t));
  let m = 0;
  for (let j = 0; j < nb; j++) m += Math.abs(ave[j]!);
  const gMin = t.gBins[0]!;
  const gMax = t.gBins[nb - 1]!;
  const nq = t.cdf.length;
  const dGT = new Float32Array(nb * nq);
  for (let k = 0; k < nq; k++) for (let j = 0; j < nb; j++) dGT[j * nq + k] = t.dG[k * nb + j]!;
  return { gMin, gMax, nb, nq, binScale: (nb - 1) / (gMax - gMin), dGT, ave, meanStep: m / nb, invMeanStep: nb / m };
}

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
}

export class DeviceArray implements SynapseArray {
  readonly label: string;
  private readonly inc: PreparedTable[];
  private readonly dec: PreparedTable[];
  private readonly variant: Uint8Array; // per device (2 per weight, x2 with carry)
  private readonly keys: Uint32Array; // per weight RNG stream key: draw for update t = drawWithKey(key, t)
  private readonly gp: Float32Array; // G+ (low device when carrying)
  private readonly gm: Float32Array;
  private readonly hp?: Float32Array; // high devices (carry)
  private readonly hm?: Float32Array;
  private readonly w: Float32Array; // effective weights, kept in sync
  private readonly wScale: number;
  private readonly gMid: number;
  private readonly levels: number; // 0: continuous
  private readonly base: number;
  private readonly rowsQ: SparseSignal;
  private readonly colsQ: SparseSignal;
  private readonly st: ArrayStats = { updates: 0, pulses: 0, devicesTouched: 0 };

  constructor(readonly rows: number, readonly cols: number, private readonly o: DeviceArrayOptions) {
    const n = rows * cols;
    this.inc = o.tables.map((p) => prepare(p.increasing));
    this.dec = o.tables.map((p) => prepare(p.decreasing));
    const nominal = this.inc[0]!;
    this.wScale = o.wMax / (nominal.gMax - nominal.gMin);
    this.gMid = (nominal.gMin + nominal.gMax) / 2;
    this.levels = o.notches === 'continuous' ? 0 : o.notches;
    this.base = o.carry ? Math.max(2, this.levels || 32) : 1;
    const devices = (o.carry ? 4 : 2) * n;
    this.variant = new Uint8Array(devices);
    this.keys = new Uint32Array(n);
    for (let k = 0; k < n; k++) this.keys[k] = streamKey(o.seed, k);
    for (let d = 0; d < devices; d++) this.variant[d] = draw32(o.seed, d, 0xfffffff0) % o.tables.length;
    this.gp = new Float32Array(n).fill(this.gMid);
    this.gm = new Float32Array(n).fill(this.gMid);
    if (o.carry) {
      this.hp = new Float32Array(n).fill(this.gMid);
      this.hm = new Float32Array(n).fill(this.gMid);
    }
    this.w = new Float32Array(n);
    this.rowsQ = sparse(rows);
    this.colsQ = sparse(cols);
    const lv = this.levels ? `${this.levels} notches` : 'continuous';
    this.label = `device ${o.source}, ${lv}${o.carry ? ', periodic carry' : ''}${o.tables.length > 1 ? `, ${o.tables.length} device variants` : ''}`;
  }

  /** Snap to the nearest of the device's levels (notches) within its own conductance range. */
  private settle(g: number, t: PreparedTable): number {
    if (g < t.gMin) g = t.gMin;
    else if (g > t.gMax) g = t.gMax;
    if (!this.levels) return g;
    const f = (this.levels - 1) / (t.gMax - t.gMin); // the same arithmetic as the update's hot loop
    return t.gMin + Math.round((g - t.gMin) * f) / f;
  }

  private syncWeight(k: number): void {
    let d = this.gp[k]! - this.gm[k]!;
    if (this.hp) d = this.hp[k]! - this.hm![k]! + d / this.base;
    this.w[k] = this.wScale * d;
  }

  program(weights: Float32Array): void {
    const n = this.rows * this.cols;
    for (let k = 0; k < n; k++) {
      const half = weights[k]! / this.wScale / 2;
      const tp = this.inc[this.variant[2 * k]!]!;
      const tm = this.inc[this.variant[2 * k + 1]!]!;
      if (this.hp) {
        // High devices are 2n + 2k (+1); the low pair starts centred.
        this.hp[k] = this.settle(this.gMid + half, this.inc[this.variant[2 * n + 2 * k]!]!);
        this.hm![k] = this.settle(this.gMid - half, this.inc[this.variant[2 * n + 2 * k + 1]!]!);
        this.gp[k] = this.settle(this.gMid, tp);
        this.gm[k] = this.settle(this.gMid, tm);
      } else {
        this.gp[k] = this.settle(this.gMid + half, tp);
        this.gm[k] = this.settle(this.gMid - half, tm);
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
    return { gPlus: Float32Array.from(this.hp ?? this.gp), gMinus: Float32Array.from(this.hm ?? this.gm) };
  }

  forward(x: Float32Array, batch: number, out?: Float32Array): Float32Array {
    return forwardDense(this.w, this.rows, this.cols, x, batch, out);
  }

  update(x: Float32Array, delta: Float32Array, lr: number): void {
    const step = ++this.st.updates;
    const enc = this.o.encoding;
    quantizeInto(this.rowsQ, x, enc.rowSlots, enc.stochastic, this.o.seed ^ 0x51, 0, step);
    quantizeInto(this.colsQ, delta, enc.colLevels, enc.stochastic, this.o.seed ^ 0x51, this.rows, step);
    const r = this.rowsQ;
    const c = this.colsQ;
    // Requested weight change -> conductance change of each half (both halves move, in opposite directions);
    // with carry the low devices count 1/base, so they move base times as far.
    const gain = (-lr / this.wScale / 2) * this.base;
    // The hot loop: everything in locals, both devices of a pair inline (this is per device pulse).
    const { gp, gm, w, keys, variant, inc, dec, cols } = this;
    const levels = this.levels;
    const wScale = this.wScale;
    const carryHi = this.hp ? this.hp : undefined;
    const carryHm = this.hm;
    const invBase = 1 / this.base;
    const one = (g: number, dG: number, device: number, u16: number): number => {
      const t = dG > 0 ? inc[variant[device]!]! : dec[variant[device]!]!;
      const s = (dG > 0 ? dG : -dG) * t.invMeanStep;
      let j = ((g - t.gMin) * t.binScale + 0.5) | 0;
      if (j < 0) j = 0;
      else if (j >= t.nb) j = t.nb - 1;
      // A random CDF row (CrossSim samples a quantile index per update), from 16 random bits.
      const k = (u16 * t.nq) >>> 16;
      const ave = t.ave[j]!;
      let ng = g + s * ave + Math.sqrt(s) * (t.dGT[j * t.nq + k]! - ave);
      if (ng < t.gMin) ng = t.gMin;
      else if (ng > t.gMax) ng = t.gMax;
      if (levels) {
        const f = (levels - 1) / (t.gMax - t.gMin);
        ng = t.gMin + Math.round((ng - t.gMin) * f) / f;
      }
      return ng;
    };
    for (let a = 0; a < r.count; a++) {
      const row = r.index[a]! * cols;
      const fr = gain * r.value[a]!;
      for (let b = 0; b < c.count; b++) {
        const kk = row + c.index[b]!;
        const dG = fr * c.value[b]!;
        // One 32-bit draw per pair and update: 16 bits for each device.
        const bits = drawWithKey(keys[kk]!, step);
        const np = one(gp[kk]!, dG, 2 * kk, bits & 0xffff);
        const nm = one(gm[kk]!, -dG, 2 * kk + 1, bits >>> 16);
        gp[kk] = np;
        gm[kk] = nm;
        w[kk] = carryHi ? wScale * (carryHi[kk]! - carryHm![kk]! + (np - nm) * invBase) : wScale * (np - nm);
      }
    }
    this.st.devicesTouched += 2 * r.count * c.count;
    this.st.pulses += 2 * r.count * c.count;
    if (this.hp && step % this.o.carryEvery === 0) this.carry();
  }

  /**
   * Periodic carry: the low pair's differential, worth 1/base of a high pair's, is moved into the high pair in whole
   * high-device notches (the high devices are programmed, one step per notch); the remainder stays on the low pair,
   * re-centred. Without notches the whole differential moves.
   */
  private carry(): void {
    const hp = this.hp!;
    const hm = this.hm!;
    const n = this.rows * this.cols;
    for (let k = 0; k < n; k++) {
      const diff = this.gp[k]! - this.gm[k]!;
      if (diff === 0) continue;
      const tp = this.inc[this.variant[2 * n + 2 * k]!]!;
      const tm = this.inc[this.variant[2 * n + 2 * k + 1]!]!;
      const notch = this.levels ? (tp.gMax - tp.gMin) / (this.levels - 1) : 0;
      const moved = notch ? Math.round(diff / this.base / notch) * notch : diff / this.base;
      if (moved === 0) continue;
      // Both halves of the high pair take part: each notch goes to the device that is nearer the centre, so the
      // pair can use its whole differential range.
      if (notch) {
        const dir = Math.sign(moved);
        for (let q = Math.round(Math.abs(moved) / notch); q > 0; q--) {
          if (hp[k]! - this.gMid <= this.gMid - hm[k]! === dir > 0) hp[k] = this.settle(hp[k]! + dir * notch, tp);
          else hm[k] = this.settle(hm[k]! - dir * notch, tm);
        }
      } else {
        hp[k] = this.settle(hp[k]! + moved / 2, tp);
        hm[k] = this.settle(hm[k]! - moved / 2, tm);
      }
      const rest = diff - moved * this.base;
      this.gp[k] = this.settle(this.gMid + rest / 2, this.inc[this.variant[2 * k]!]!);
      this.gm[k] = this.settle(this.gMid - rest / 2, this.inc[this.variant[2 * k + 1]!]!);
      this.syncWeight(k);
    }
  }

  stats(): ArrayStats {
    return { ...this.st };
  }
}
