// The accelerator interface: what a synapse array does, independent of how it is realised. Every level serves
// it — ideal floating point, the device model (ΔG tables), and later the hardware twin, the cycle model, a
// Verilator build and a board — so network tasks run unchanged on any of them.

/** How an update reaches the array: the hardware's pulse encoding. */
export interface PulseEncoding {
  /** Row (input) side is time-coded: |x_i| is quantized to this many time slots (0 = no pulse). */
  rowSlots: number;
  /** Column (error) side is voltage-coded: |delta_j| is quantized to this many amplitude levels. */
  colLevels: number;
  /** Quantize stochastically (unbiased) rather than to nearest. Draws come from the counter-based RNG. */
  stochastic: boolean;
}

export interface ArrayStats {
  /** Number of update() calls so far. */
  updates: number;
  /** Device pulses applied so far (sum over devices of pulse units), for energy accounting. */
  pulses: number;
  /** Devices touched at least once by an update, summed over updates. */
  devicesTouched: number;
  /** Of those, devices whose pulse was provably too weak to move their wall (the simulation skips them). */
  subThreshold: number;
}

/**
 * A rows x cols array of signed weights. Row-major layout everywhere: element (i, j) at i * cols + j.
 * A weight is realised as the difference of two conductances (G+ - G-) on differential implementations.
 */
export interface SynapseArray {
  readonly rows: number;
  readonly cols: number;
  /** Short description for reports (e.g. "device sot-300k, 32 notches, carry"). */
  readonly label: string;

  /** Program target weights (row-major, weight units). Implementations may land near, not on, the target. */
  program(weights: Float32Array): void;

  /** The effective weights the array realises now, in weight units. */
  readWeights(out?: Float32Array): Float32Array;

  /** Raw conductances of each half, siemens (ideal arrays report weights mapped onto a nominal range). */
  readConductances(): { gPlus: Float32Array; gMinus: Float32Array };

  /** Forward multiply: out[b, j] = sum_i x[b, i] * W[i, j] for batch rows b. */
  forward(x: Float32Array, batch: number, out?: Float32Array): Float32Array;

  /**
   * Outer-product update with the hardware's pulse encoding: requested ΔW[i, j] = -lr * x[i] * delta[j]
   * (gradient descent sign). Rows with x[i] quantized to 0 and columns with delta[j] quantized to 0 receive no
   * pulse and their devices are not touched.
   */
  update(x: Float32Array, delta: Float32Array, lr: number): void;

  /**
   * Per-device requested changes ΔW (row-major, weight units), written row by row: the update of a digital
   * optimizer (Adam, quantized SGD) in a mixed-precision periphery, which the devices realise as they can.
   * Arrays without it take only outer-product updates.
   */
  applyIncrements?(dw: Float32Array): void;

  /**
   * Optional transposed read, out[i] = sum_j W[i, j] * delta[j] (backprop's error through a transposable array,
   * paper 002). Arrays without it let the periphery compute W delta from readWeights().
   */
  backward?(delta: Float32Array, out?: Float32Array): Float32Array;

  stats(): ArrayStats;
}
