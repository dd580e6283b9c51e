// An inference array whose weights are written once to DW-MTJ devices (paper 001, Fig. 6, after CrossSim's
// mapping): an N-bit signed weight becomes two devices of 2^(N-1) notch levels each between G_min and G_max; the
// weight's magnitude goes to one device's level, the other stays at G_min (which device: the weight's sign). Every
// device's conductance then gets a write error N(0, sigma) (cycle-to-cycle write noise, one draw per device and
// write from the counter-based RNG, keyed by device index, so it does not depend on lanes or order). Forward reads
// W = (G+ - G-) / (G_max - G_min) * w_max. No training: update() is refused.
import { toUnit, drawWithKey, streamKey } from '../base/rng.ts';
import { forwardDense } from './ideal.ts';
import type { ArrayStats, SynapseArray } from './types.ts';

/** Paper 001's devices for Fig. 6: 0.94 mS to 1.1 mS, write noise 2.53 uS (measured range 0.68-2.73 uS). */
export const PAPER001_WRITE = { gMin: 0.94e-3, gMax: 1.1e-3, sigma: 2.53e-6, sigmaRange: [0.68e-6, 2.73e-6] as const };

export interface WrittenArraySpec {
  /** Signed weight bits N: 2^(N-1) levels (notches) per device. */
  bits: number;
  gMin: number;
  gMax: number;
  /** Write-noise standard deviation, siemens. */
  sigma: number;
  /** Keys the write noise (one write of the whole array per seed). */
  seed: number;
}

export const notchesForBits = (bits: number) => 2 ** (bits - 1);

export class WrittenArray implements SynapseArray {
  readonly label: string;
  readonly gPlus: Float32Array;
  readonly gMinus: Float32Array;
  private readonly w: Float32Array;
  private wMax = 0;
  private readonly st: ArrayStats = { updates: 0, pulses: 0, devicesTouched: 0, subThreshold: 0 };

  constructor(readonly rows: number, readonly cols: number, readonly spec: WrittenArraySpec) {
    if (!(spec.bits >= 2) || !Number.isInteger(spec.bits)) throw new RangeError(`WrittenArray: bits must be an integer >= 2 (got ${spec.bits})`);
    this.gPlus = new Float32Array(rows * cols);
    this.gMinus = new Float32Array(rows * cols);
    this.w = new Float32Array(rows * cols);
    this.label = `written ${spec.bits}-bit signed weights, ${notchesForBits(spec.bits)} notches per device, ${(spec.gMin * 1e3).toFixed(2)}-${(spec.gMax * 1e3).toFixed(2)} mS, write noise ${(spec.sigma * 1e6).toFixed(2)} uS`;
  }

  /** Quantize to the levels (scale: the largest |weight|), choose the devices, add each device's write error. */
  program(weights: Float32Array): void {
    const { gMin, gMax, sigma, seed, bits } = this.spec;
    const L = notchesForBits(bits);
    let m = 0;
    for (let k = 0; k < weights.length; k++) m = Math.max(m, Math.abs(weights[k]!));
    this.wMax = m;
    const gStep = (gMax - gMin) / (L - 1);
    const key = streamKey(seed, 0);
    for (let k = 0; k < weights.length; k++) {
      const wk = weights[k]!;
      const level = m > 0 ? Math.round((Math.abs(wk) / m) * (L - 1)) : 0;
      const g = gMin + level * gStep;
      let gp = wk >= 0 ? g : gMin;
      let gm = wk >= 0 ? gMin : g;
      if (sigma > 0) {
        gp += sigma * normal(key, 2 * k);
        gm += sigma * normal(key, 2 * k + 1);
      }
      this.gPlus[k] = gp;
      this.gMinus[k] = gm;
      this.w[k] = ((gp - gm) / (gMax - gMin)) * m;
    }
    this.st.pulses += 2 * weights.length;
    this.st.devicesTouched += 2 * weights.length;
  }

  readWeights(out?: Float32Array): Float32Array {
    const o = out ?? new Float32Array(this.w.length);
    o.set(this.w);
    return o;
  }

  readConductances(): { gPlus: Float32Array; gMinus: Float32Array } {
    return { gPlus: this.gPlus.slice(), gMinus: this.gMinus.slice() };
  }

  forward(x: Float32Array, batch: number, out?: Float32Array): Float32Array {
    return forwardDense(this.w, this.rows, this.cols, x, batch, out);
  }

  update(): void {
    throw new Error('WrittenArray is written once for inference; it has no update');
  }

  stats(): ArrayStats {
    return { ...this.st };
  }
}

/** Standard normal for device draw `n`: Box-Muller on draws (2n, 2n + 1) of the key's stream, cosine branch. */
function normal(key: number, n: number): number {
  const u1 = toUnit(drawWithKey(key, (2 * n) >>> 0));
  const u2 = toUnit(drawWithKey(key, (2 * n + 1) >>> 0));
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
