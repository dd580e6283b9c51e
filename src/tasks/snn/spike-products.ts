// Products with spike matrices (0/1, a few per cent nonzero: Poisson pixels, hidden spikes) as sparse sums of weight
// rows in plain typed arrays: exact (adding a row, or skipping a zero, is what the dense product does with 0/1
// entries, up to summation order) and several times cheaper than a dense product at these densities.

/** Nonzero columns of each row of a 0/1 matrix (R x K): CSR offsets and column indices. */
export interface SpikeRows {
  rows: number;
  cols: number;
  offsets: Int32Array;
  index: Int32Array;
}

export function spikeRows(s: Float32Array, rows: number, cols: number): SpikeRows {
  let nnz = 0;
  for (let i = 0; i < rows * cols; i++) if (s[i] !== 0) nnz++;
  const offsets = new Int32Array(rows + 1);
  const index = new Int32Array(nnz);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    offsets[r] = k;
    const o = r * cols;
    for (let c = 0; c < cols; c++) if (s[o + c] !== 0) index[k++] = c;
  }
  offsets[rows] = k;
  return { rows, cols, offsets, index };
}

/** S (R x K, 0/1) @ W (K x N) -> R x N. */
export function spikeMatMul(s: SpikeRows, w: Float32Array, n: number): Float32Array {
  const out = new Float32Array(s.rows * n);
  const { offsets, index } = s;
  for (let r = 0; r < s.rows; r++) {
    const o = r * n;
    for (let k = offsets[r]!; k < offsets[r + 1]!; k++) {
      const wo = index[k]! * n;
      for (let j = 0; j < n; j++) out[o + j]! += w[wo + j]!;
    }
  }
  return out;
}

/** S^T (K x R) @ G (R x N) -> K x N: the weight gradient of a layer fed by spikes S. */
export function spikeMatMulT(s: SpikeRows, g: Float32Array, n: number): Float32Array {
  const out = new Float32Array(s.cols * n);
  const { offsets, index } = s;
  for (let r = 0; r < s.rows; r++) {
    const go = r * n;
    for (let k = offsets[r]!; k < offsets[r + 1]!; k++) {
      const o = index[k]! * n;
      for (let j = 0; j < n; j++) out[o + j]! += g[go + j]!;
    }
  }
  return out;
}
