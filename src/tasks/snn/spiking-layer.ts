// One hidden layer of the SNN: dense weights (digital: spike products sparse in typed arrays, the error back through
// the weights a tfjs product), batch norm over every (step, image) of the
// batch (paper 003's code puts one after each hidden dense layer), then the neuron array — the accelerator's
// NeuronArray, so any level can serve it. Backward: BPTT through the surrogate dynamics (surrogate.ts), batch-norm
// backward, weight gradient. Activations are row-major T*B x N (row t * B + b).
import type { NeuronArray } from '../../accel/neuron-types.ts';
import type { MatMul } from '../tf-matmul.ts';
import { spikeMatMul, spikeMatMulT, spikeRows, type SpikeRows } from './spike-products.ts';
import { superSpike, type SurrogateDynamics } from './surrogate.ts';

export const BN_EPS = 1e-5;

export class SpikingLayer {
  readonly w: Float32Array;
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly gw: Float32Array;
  readonly ggamma: Float32Array;
  readonly gbeta: Float32Array;
  /** Inference statistics (set by calibration). */
  readonly runMean: Float32Array;
  readonly runVar: Float32Array;
  // Saved by forward(train) for backward.
  private sIn?: SpikeRows;
  private xhat?: Float32Array;
  private invSd?: Float64Array;
  private u?: Float32Array;
  private prog?: Float32Array;
  private spk?: Float32Array;
  private rows = 0;
  private batch = 0;
  /** Spikes emitted in the last forward, for rates in the results. */
  lastSpikes = 0;

  constructor(readonly nIn: number, readonly nOut: number, w: Float32Array, private readonly mm: MatMul, private readonly dyn: SurrogateDynamics) {
    this.w = w;
    this.gamma = new Float32Array(nOut).fill(1);
    this.beta = new Float32Array(nOut);
    this.gw = new Float32Array(nIn * nOut);
    this.ggamma = new Float32Array(nOut);
    this.gbeta = new Float32Array(nOut);
    this.runMean = new Float32Array(nOut);
    this.runVar = new Float32Array(nOut).fill(1);
  }

  /** sIn: T*B x nIn spikes. Runs `neurons` (size B * nOut, already reset) for T steps; returns T*B x nOut spikes. */
  /** Population statistics being gathered (beginCalibration .. endCalibration): sums of batch means and variances. */
  private calib?: { mean: Float64Array; var: Float64Array; batches: number };

  /**
   * Batch norm's inference statistics: averaged over calibration batches run with the final weights (forward with
   * mode 'calibrate'), rather than a running average of batches taken while the weights moved (too slow to settle
   * in a reduced run of a few dozen batches).
   */
  beginCalibration(): void {
    this.calib = { mean: new Float64Array(this.nOut), var: new Float64Array(this.nOut), batches: 0 };
  }

  endCalibration(): void {
    const c = this.calib;
    if (!c || c.batches === 0) throw new Error('SpikingLayer.endCalibration without calibration batches');
    for (let j = 0; j < this.nOut; j++) {
      this.runMean[j] = c.mean[j]! / c.batches;
      this.runVar[j] = c.var[j]! / c.batches;
    }
    this.calib = undefined;
  }

  /**
   * mode 'train': batch statistics, state saved for backward; 'calibrate': batch statistics, added to the
   * calibration sums; 'eval': the calibrated statistics.
   */
  forward(sIn: Float32Array, T: number, B: number, neurons: NeuronArray, mode: 'train' | 'calibrate' | 'eval'): Float32Array {
    const train = mode === 'train';
    const N = this.nOut;
    const R = T * B;
    const sparse = spikeRows(sIn, R, this.nIn);
    const z = spikeMatMul(sparse, this.w, N);
    // Batch norm: batch statistics in training (and the running averages updated), running averages in evaluation.
    const invSd = new Float64Array(N);
    const mu = new Float64Array(N);
    if (mode !== 'eval') {
      const sq = new Float64Array(N);
      for (let r = 0; r < R; r++) {
        const o = r * N;
        for (let j = 0; j < N; j++) mu[j]! += z[o + j]!;
      }
      for (let j = 0; j < N; j++) mu[j]! /= R;
      for (let r = 0; r < R; r++) {
        const o = r * N;
        for (let j = 0; j < N; j++) {
          const d = z[o + j]! - mu[j]!;
          sq[j]! += d * d;
        }
      }
      for (let j = 0; j < N; j++) {
        const v = sq[j]! / R;
        invSd[j] = 1 / Math.sqrt(v + BN_EPS);
        if (this.calib) {
          this.calib.mean[j]! += mu[j]!;
          this.calib.var[j]! += R > 1 ? (v * R) / (R - 1) : v;
        }
      }
      if (this.calib) this.calib.batches++;
    } else {
      for (let j = 0; j < N; j++) {
        mu[j] = this.runMean[j]!;
        invSd[j] = 1 / Math.sqrt(this.runVar[j]! + BN_EPS);
      }
    }
    const xhat = z; // normalised in place
    const u = new Float32Array(R * N);
    for (let r = 0; r < R; r++) {
      const o = r * N;
      for (let j = 0; j < N; j++) {
        const xh = (xhat[o + j] = (z[o + j]! - mu[j]!) * invSd[j]!);
        u[o + j] = this.gamma[j]! * xh + this.beta[j]!;
      }
    }
    // The neurons, one step at a time over the whole batch.
    const BN = B * N;
    const spk = new Float32Array(R * N);
    const prog = train ? new Float32Array(R * N) : undefined;
    const row = new Uint8Array(BN);
    let spikes = 0;
    for (let t = 0; t < T; t++) {
      const o = t * BN;
      spikes += neurons.step(u.subarray(o, o + BN), row);
      for (let j = 0; j < BN; j++) spk[o + j] = row[j]!;
      if (prog) neurons.readProgress(prog.subarray(o, o + BN));
    }
    this.lastSpikes = spikes;
    if (train) Object.assign(this, { sIn: sparse, xhat, invSd, u, prog, spk, rows: R, batch: B });
    return spk;
  }

  /** gOut: dLoss/dspikes (T*B x nOut). Fills gw, ggamma, gbeta; returns dLoss/dsIn when wanted. */
  backward(gOut: Float32Array, wantInput: boolean): Float32Array | undefined {
    const { xhat, invSd, u, prog, spk, sIn } = this;
    if (!xhat || !invSd || !u || !prog || !spk || !sIn) throw new Error('SpikingLayer.backward before a training forward');
    const N = this.nOut;
    const R = this.rows;
    const B = this.batch;
    const T = R / B;
    const BN = B * N;
    const d = this.dyn;
    // BPTT through the neurons: gu = dLoss/du (the neuron inputs), in place of a fresh array.
    const gu = new Float32Array(R * N);
    const gp = new Float64Array(BN); // dLoss/dp_t (post-reset progress), carried backward
    const gc = new Float64Array(BN); // dLoss/dc_{t+1}, carried backward
    const c = new Float64Array(BN);
    // Currents c_t forward (c_t = d c_{t-1} + u_t), kept per step for the Jacobians.
    const cs = new Float32Array(R * N);
    for (let t = 0; t < T; t++) {
      const o = t * BN;
      for (let j = 0; j < BN; j++) cs[o + j] = c[j] = d.synDecay * c[j]! + u[o + j]!;
    }
    const jac = new Float64Array(2);
    for (let t = T - 1; t >= 0; t--) {
      const o = t * BN;
      const po = o - BN;
      for (let j = 0; j < BN; j++) {
        const s = spk[o + j]!;
        const pNow = prog[o + j]!;
        const pPre = s ? 1 : pNow;
        let gpp = (s ? 0 : gp[j]!) + gOut[o + j]! * superSpike(pPre);
        if (d.floorAtZero && !s && pNow <= 0) gpp = 0;
        const pPrev = t > 0 ? prog[po + j]! : 0;
        d.jacobian(pPrev, cs[o + j]!, jac);
        const g = gpp * jac[1]! + d.synDecay * gc[j]!;
        gu[o + j] = g;
        gc[j] = g;
        gp[j] = gpp * jac[0]!;
      }
    }
    // Batch norm backward: dz = invSd (dxhat - mean(dxhat) - xhat mean(dxhat xhat)), dxhat = gamma gu.
    const sumG = new Float64Array(N);
    const sumGX = new Float64Array(N);
    for (let r = 0; r < R; r++) {
      const o = r * N;
      for (let j = 0; j < N; j++) {
        sumG[j]! += gu[o + j]!;
        sumGX[j]! += gu[o + j]! * xhat[o + j]!;
      }
    }
    for (let j = 0; j < N; j++) {
      this.gbeta[j] = sumG[j]!;
      this.ggamma[j] = sumGX[j]!;
    }
    const dz = gu; // in place
    for (let r = 0; r < R; r++) {
      const o = r * N;
      for (let j = 0; j < N; j++) dz[o + j] = this.gamma[j]! * invSd[j]! * (gu[o + j]! - sumG[j]! / R - (xhat[o + j]! * sumGX[j]!) / R);
    }
    this.gw.set(spikeMatMulT(sIn, dz, N));
    const gIn = wantInput ? this.mm.abt(dz, R, N, this.w, this.nIn) : undefined;
    this.sIn = this.xhat = this.u = this.prog = this.spk = undefined;
    return gIn;
  }
}
