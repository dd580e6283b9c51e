// A crossbar read as paper 002's periphery performs it (after DNN+NeuroSim): the weight matrix is cut into
// sub-arrays of subRows x subCols devices; inputs go in bit-serially through a 1-bit DAC (inputBits planes, LSB
// first); every column of every sub-array gives an analog partial sum per plane, which an ADC shared by colsPerAdc
// columns converts; shift-and-add sums the planes (x 2^b) and the sub-arrays digitally.
//
// The ADC spans the largest current a sub-array column can carry (every row on, every signed conductance at full
// scale: `rows` in weight units) with 2^adcBits codes, mid-tread, saturating. adcBits 0 means an exact read.
// Two implementations of one semantics: crossbarRead on typed arrays (the definition, which a hardware twin
// reproduces bit for bit) and crossbarReadTensor in tfjs (the same operations, batched, for training).
import type { Tensor2D } from '@tensorflow/tfjs';

export interface CrossbarGeometry {
  subRows: number;
  subCols: number;
  /** Columns sharing one ADC through a multiplexer (latency only: conversions are serialized). */
  colsPerAdc: number;
  /** ADC resolution; 0 = ideal (no conversion loss). */
  adcBits: number;
  /** Input (DAC) bits, applied one plane per read; 0 = analog inputs in one read. */
  inputBits: number;
}

/** Paper 002: 128 x 128 sub-arrays, one ADC per 8 columns. */
export const PAPER002_GEOMETRY: CrossbarGeometry = { subRows: 128, subCols: 128, colsPerAdc: 8, adcBits: 8, inputBits: 4 };

/** ADC step for a sub-array with `rows` active rows (weights in [-1, 1], inputs 0/1 per plane). */
export function adcStep(rows: number, adcBits: number): number {
  return rows / 2 ** (adcBits - 1);
}

/** The ADC: mid-tread quantization to 2^bits codes over [-rows, rows), saturating. */
export function adcConvert(v: number, rows: number, bits: number): number {
  if (!bits) return v;
  const step = adcStep(rows, bits);
  const half = 2 ** (bits - 1);
  const code = Math.max(-half, Math.min(half - 1, Math.round(v / step)));
  return code * step;
}

/** DAC code of an input in [0, 1]. */
export function dacCode(x: number, inputBits: number): number {
  const top = 2 ** inputBits - 1;
  return Math.round(Math.max(0, Math.min(1, x)) * top);
}

export interface ReadCounts {
  /** Sub-array reads (one per plane and row tile and column tile, per batch row). */
  subArrayReads: number;
  /** ADC conversions (one per column per sub-array read). */
  conversions: number;
  /** Serial ADC steps: conversions / colsPerAdc (the multiplexed columns convert one after another). */
  adcSteps: number;
}

export function readCounts(rows: number, cols: number, batch: number, g: CrossbarGeometry): ReadCounts {
  const planes = g.inputBits || 1;
  const rt = Math.ceil(rows / g.subRows);
  const ct = Math.ceil(cols / g.subCols);
  const subArrayReads = batch * planes * rt * ct;
  const conversions = batch * planes * rt * cols;
  return { subArrayReads, conversions, adcSteps: Math.ceil(conversions / g.colsPerAdc) };
}

/**
 * The definition: out[b, j] = sum over planes p and row tiles t of 2^p ADC(sum_{i in t} bit_p(x[b, i]) w[i, j]),
 * scaled back by 1/(2^inputBits - 1). w is the signed conductance matrix in weight units (rows x cols, row-major).
 */
export function crossbarRead(x: Float32Array, batch: number, w: Float32Array, rows: number, cols: number, g: CrossbarGeometry, out: Float32Array = new Float32Array(batch * cols)): Float32Array {
  const planes = g.inputBits || 1;
  const top = g.inputBits ? 2 ** g.inputBits - 1 : 1;
  const part = new Float64Array(cols);
  out.fill(0, 0, batch * cols);
  for (let b = 0; b < batch; b++) {
    for (let t0 = 0; t0 < rows; t0 += g.subRows) {
      const t1 = Math.min(rows, t0 + g.subRows);
      for (let p = 0; p < planes; p++) {
        part.fill(0);
        for (let i = t0; i < t1; i++) {
          const xi = x[b * rows + i]!;
          const on = g.inputBits ? (dacCode(xi, g.inputBits) >> p) & 1 : xi;
          if (!on) continue;
          for (let j = 0; j < cols; j++) part[j]! += on * w[i * cols + j]!;
        }
        for (let j = 0; j < cols; j++) out[b * cols + j]! += adcConvert(Math.fround(part[j]!), t1 - t0, g.adcBits) * 2 ** p;
      }
    }
    if (g.inputBits) for (let j = 0; j < cols; j++) out[b * cols + j] = out[b * cols + j]! / top;
  }
  return out;
}

type Tf = typeof import('@tensorflow/tfjs');

/**
 * The same read in tfjs, forward only (callers attach the straight-through gradient of x @ w): x is batch x rows,
 * w rows x cols. The column-tile split does not change any value (every column has its own ADC input), so only row
 * tiles are cut.
 */
export function crossbarReadTensor(tf: Tf, x: Tensor2D, w: Tensor2D, g: CrossbarGeometry): Tensor2D {
  return tf.tidy(() => {
    const rows = w.shape[0];
    const top = g.inputBits ? 2 ** g.inputBits - 1 : 1;
    // floor(v + 0.5) is Math.round (tf.round rounds half to even).
    const codes = g.inputBits ? tf.floor(tf.add(tf.mul(tf.clipByValue(x, 0, 1), top), 0.5)) : x;
    let acc: Tensor2D | undefined;
    for (let t0 = 0; t0 < rows; t0 += g.subRows) {
      const n = Math.min(g.subRows, rows - t0);
      const xt = rows > g.subRows ? tf.slice(codes, [0, t0], [-1, n]) : codes;
      const wt = rows > g.subRows ? tf.slice(w, [t0, 0], [n, -1]) : w;
      for (let p = 0; p < (g.inputBits || 1); p++) {
        const plane = g.inputBits ? tf.mod(tf.floor(tf.div(xt, 2 ** p)), 2) : xt;
        let part = tf.matMul(plane as Tensor2D, wt as Tensor2D);
        if (g.adcBits) {
          const step = adcStep(n, g.adcBits);
          const half = 2 ** (g.adcBits - 1);
          part = tf.mul(tf.clipByValue(tf.floor(tf.add(tf.div(part, step), 0.5)), -half, half - 1), step) as Tensor2D;
        }
        const shifted = (p ? tf.mul(part, 2 ** p) : part) as Tensor2D;
        acc = (acc ? tf.add(acc, shifted) : shifted) as Tensor2D;
      }
    }
    return (g.inputBits ? tf.div(acc!, top) : acc!) as Tensor2D;
  });
}
