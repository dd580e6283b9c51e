// The ideal array: floating-point weights, exact forward multiply, outer-product update through the same pulse
// encoding as the device arrays (with encoding levels 0 it is the exact floating-point update).
import { quantizeInto, sparse, type SparseSignal } from './encoding.ts';
import type { ArrayStats, PulseEncoding, SynapseArray } from './types.ts';

export function forwardDense(w: Float32Array, rows: number, cols: number, x: Float32Array, batch: number, out?: Float32Array): Float32Array {
  const y = out ?? new Float32Array(batch * cols);
  y.fill(0, 0, batch * cols);
  for (let b = 0; b < batch; b++) {
    const yo = b * cols;
    const xo = b * rows;
    for (let i = 0; i < rows; i++) {
      const xi = x[xo + i]!;
      if (xi === 0) continue; // inputs are sparse (images, spikes): skip empty rows
      const wo = i * cols;
      for (let j = 0; j < cols; j++) y[yo + j]! += xi * w[wo + j]!;
    }
  }
  return y;
}

export class IdealArray implements SynapseArray {
  readonly w: Float32Array;
  readonly label: string;
  private readonly rowsQ: SparseSignal;
  private readonly colsQ: SparseSignal;
  private readonly st: ArrayStats = { updates: 0, pulses: 0, devicesTouched: 0, subThreshold: 0 };

  constructor(readonly rows: number, readonly cols: number, private readonly enc: PulseEncoding, private readonly seed: number) {
    this.w = new Float32Array(rows * cols);
    this.rowsQ = sparse(rows);
    this.colsQ = sparse(cols);
    this.label = enc.rowSlots ? `ideal (pulse-encoded ${enc.rowSlots}x${enc.colLevels})` : 'ideal (floating point)';
  }

  program(weights: Float32Array): void {
    this.w.set(weights);
  }
  readWeights(out?: Float32Array): Float32Array {
    const o = out ?? new Float32Array(this.w.length);
    o.set(this.w);
    return o;
  }
  readConductances(): { gPlus: Float32Array; gMinus: Float32Array } {
    const gPlus = new Float32Array(this.w.length);
    const gMinus = new Float32Array(this.w.length);
    for (let k = 0; k < this.w.length; k++) (this.w[k]! >= 0 ? gPlus : gMinus)[k] = Math.abs(this.w[k]!);
    return { gPlus, gMinus };
  }
  forward(x: Float32Array, batch: number, out?: Float32Array): Float32Array {
    return forwardDense(this.w, this.rows, this.cols, x, batch, out);
  }
  update(x: Float32Array, delta: Float32Array, lr: number): void {
    const step = this.st.updates++;
    quantizeInto(this.rowsQ, x, this.enc.rowSlots, this.enc.stochastic, this.seed, 0, step);
    quantizeInto(this.colsQ, delta, this.enc.colLevels, this.enc.stochastic, this.seed, this.rows, step);
    const r = this.rowsQ;
    const c = this.colsQ;
    for (let a = 0; a < r.count; a++) {
      const base = r.index[a]! * this.cols;
      const f = -lr * r.value[a]!;
      for (let b = 0; b < c.count; b++) this.w[base + c.index[b]!]! += f * c.value[b]!;
    }
    this.st.devicesTouched += r.count * c.count;
    this.st.pulses += r.count * c.count;
  }
  stats(): ArrayStats {
    return { ...this.st };
  }
}
