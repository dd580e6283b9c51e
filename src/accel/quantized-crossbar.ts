// A synapse array of paper 002's 5-state notched devices (src/devices/shaped/quantized5.ts) with the G_parallel
// reference column: each device's signed weight is (G(state) - G_parallel) / ((G_max - G_min) / 2), about
// -1, -0.5, 0, 0.5, 1 (Table VIII). Conductance variation (Table X) scales each device's five conductances by its own
// frozen factors 1 + sigma z (z keyed by seed, device and state). The algorithmic weight the training sees is the
// nominal level of the state; updates follow the paper's rule: W' = SR(clip(W + dW, -1 + s, 1 - s)) onto the five
// levels, s = 2^(1 - updateBits), stochastic rounding by one counter-based draw per device and update.
// Reads go through crossbar-read.ts (sub-arrays, bit-serial inputs, ADCs, shift-and-add).
// `levels: 0` is the ideal array: continuous weights in [-1, 1], no variation, exact reads.
import { draw32, drawWithKey, streamKey, toUnit } from '../base/rng.ts';
import { quantized5Conductances } from '../devices/shaped/quantized5.ts';
import { crossbarRead, readCounts, type CrossbarGeometry } from './crossbar-read.ts';
import { forwardDense } from './ideal.ts';
import { notchLevel, roundStochastic } from './metaplastic-array.ts';
import type { ArrayStats, SynapseArray } from './types.ts';

export interface QuantizedCrossbarSpec {
  kind: 'quantized-5' | 'ideal';
  geometry: CrossbarGeometry;
  /** Device-to-device conductance variation, relative standard deviation (0.1 = 10 %). */
  sigma: number;
  /** Bits of the update's clip range [-1 + s, 1 - s], s = 2^(1 - updateBits). */
  updateBits: number;
}

export const QUANTIZED5_STATES = 5;

/** Signed weight per state with the G_parallel column, in units of (G_max - G_min)/2. */
export function quantized5SignedLevels(): number[] {
  const g = quantized5Conductances();
  const gPar = (g[0]! + g[g.length - 1]!) / 2;
  const half = (g[g.length - 1]! - g[0]!) / 2;
  return g.map((x) => (x - gPar) / half);
}

export class QuantizedCrossbar implements SynapseArray {
  /** Notch index per device (quantized-5), or the continuous weight (ideal). */
  readonly state: Uint8Array;
  readonly wIdeal: Float32Array;
  /** Each device's signed weight per state (variation included): device k, state q at k * 5 + q. */
  private readonly table: Float32Array;
  readonly label: string;
  private readonly eff: Float32Array;
  private readonly st: ArrayStats = { updates: 0, pulses: 0, devicesTouched: 0, subThreshold: 0 };
  /** Crossbar read counters (sub-array reads, ADC conversions). */
  readonly reads = { subArrayReads: 0, conversions: 0, adcSteps: 0 };
  private dirty = true;

  constructor(readonly rows: number, readonly cols: number, readonly spec: QuantizedCrossbarSpec, private readonly seed: number) {
    const n = rows * cols;
    this.state = new Uint8Array(n);
    this.wIdeal = new Float32Array(n);
    this.eff = new Float32Array(n);
    this.table = new Float32Array(spec.kind === 'ideal' ? 0 : n * QUANTIZED5_STATES);
    if (spec.kind !== 'ideal') {
      const g = quantized5Conductances();
      const gPar = (g[0]! + g[g.length - 1]!) / 2;
      const half = (g[g.length - 1]! - g[0]!) / 2;
      for (let k = 0; k < n; k++)
        for (let q = 0; q < QUANTIZED5_STATES; q++) {
          // Box-Muller on two keyed draws: the device's own, frozen conductance for this state.
          const u1 = toUnit(draw32(seed, 2 * q + 1, k));
          const u2 = toUnit(draw32(seed, 2 * q + 2, k));
          const z = spec.sigma ? Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2) : 0;
          this.table[k * QUANTIZED5_STATES + q] = (g[q]! * (1 + spec.sigma * z) - gPar) / half;
        }
    }
    const gm = spec.geometry;
    const read = `${gm.subRows}x${gm.subCols} sub-arrays, ${gm.adcBits ? `${gm.adcBits}-bit ADC per ${gm.colsPerAdc} columns` : 'exact reads'}, ${gm.inputBits ? `${gm.inputBits}-bit inputs bit-serial, shift-and-add` : 'analog inputs'}`;
    this.label = spec.kind === 'ideal' ? `ideal (continuous weights, ${read})` : `quantized-5 with G_parallel, ${(100 * spec.sigma).toFixed(0)} % conductance variation, ${read}`;
  }

  private get s(): number {
    return 2 ** (1 - this.spec.updateBits);
  }

  /** Program target weights: clipped, then stochastically rounded onto the states (one keyed draw each). */
  program(weights: Float32Array): void {
    this.set(weights, 0x7fffffff);
  }

  private set(target: Float32Array, step: number): void {
    const lo = -1 + this.s;
    const hi = 1 - this.s;
    const key = streamKey(this.seed ^ 0x51ed, step);
    for (let k = 0; k < target.length; k++) {
      const v = Math.max(lo, Math.min(hi, target[k]!));
      if (this.spec.kind === 'ideal') this.wIdeal[k] = v;
      else {
        const q = roundStochastic(v, QUANTIZED5_STATES, toUnit(drawWithKey(key, k)));
        this.state[k] = Math.round(((q + 1) * (QUANTIZED5_STATES - 1)) / 2);
      }
    }
    this.dirty = true;
  }

  /** The algorithmic weights: the nominal level of each state (what the digital training updates). */
  nominalWeights(out = new Float32Array(this.rows * this.cols)): Float32Array {
    if (this.spec.kind === 'ideal') out.set(this.wIdeal);
    else for (let k = 0; k < out.length; k++) out[k] = notchLevel(this.state[k]!, QUANTIZED5_STATES);
    return out;
  }

  /** The signed conductances the array realises (device variation included), weight units. */
  readWeights(out?: Float32Array): Float32Array {
    if (this.dirty) {
      if (this.spec.kind === 'ideal') this.eff.set(this.wIdeal);
      else for (let k = 0; k < this.eff.length; k++) this.eff[k] = this.table[k * QUANTIZED5_STATES + this.state[k]!]!;
      this.dirty = false;
    }
    const o = out ?? new Float32Array(this.eff.length);
    o.set(this.eff);
    return o;
  }

  readConductances(): { gPlus: Float32Array; gMinus: Float32Array } {
    const g = quantized5Conductances();
    const half = (g[g.length - 1]! - g[0]!) / 2;
    const gPar = (g[0]! + g[g.length - 1]!) / 2;
    const w = this.readWeights();
    return { gPlus: Float32Array.from(w, (v) => v * half + gPar), gMinus: new Float32Array(w.length).fill(gPar) };
  }

  /** A read through the sub-arrays, bit-serial inputs and ADCs (x in [0, 1]). */
  forward(x: Float32Array, batch: number, out?: Float32Array): Float32Array {
    this.count(batch);
    const w = this.readWeights();
    if (this.spec.kind === 'ideal' && !this.spec.geometry.adcBits && !this.spec.geometry.inputBits) return forwardDense(w, this.rows, this.cols, x, batch, out);
    return crossbarRead(x, batch, w, this.rows, this.cols, this.spec.geometry, out);
  }

  /** Count a batch of reads done elsewhere (the tfjs path of the same semantics). */
  count(batch: number): void {
    const c = readCounts(this.rows, this.cols, batch, this.spec.geometry);
    this.reads.subArrayReads += c.subArrayReads;
    this.reads.conversions += c.conversions;
    this.reads.adcSteps += c.adcSteps;
  }

  update(x: Float32Array, delta: Float32Array, lr: number): void {
    const dw = new Float32Array(this.rows * this.cols);
    for (let i = 0; i < this.rows; i++) for (let j = 0; j < this.cols; j++) dw[i * this.cols + j] = -lr * x[i]! * delta[j]!;
    this.applyIncrements(dw);
  }

  /** W' = SR(clip(W + dW, -1 + s, 1 - s)): a device moves at most to the neighbouring state it rounds to. */
  applyIncrements(dw: Float32Array): void {
    const step = this.st.updates++;
    const w = this.nominalWeights();
    const before = this.spec.kind === 'ideal' ? undefined : Uint8Array.from(this.state);
    for (let k = 0; k < w.length; k++) w[k] = w[k]! + dw[k]!;
    this.set(w, step);
    if (before) {
      let moved = 0;
      for (let k = 0; k < before.length; k++) if (before[k] !== this.state[k]) moved++;
      this.st.pulses += moved;
      this.st.devicesTouched += moved;
    }
  }

  stats(): ArrayStats {
    return { ...this.st };
  }
}
