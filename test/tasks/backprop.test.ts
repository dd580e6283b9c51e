// The MLP's per-sample error terms against finite differences of its loss: the on-chip update applies
// ΔW = -lr * (row signal) * (column error), so x[i] * d1[j] and h[j] * d2[k] must be dLoss/dW. A sign or factor
// slip in backprop.ts (e.g. a dropped sigmoid derivative) fails here; the second test shows the check catches one.
import { describe, expect, it } from 'vitest';
import { IdealArray } from '../../src/accel/ideal.ts';
import { Rng } from '../../src/base/rng.ts';
import { backpropSample, forwardSample, sampleBuffers, type SampleBuffers } from '../../src/tasks/mlp/backprop.ts';

const N_IN = 12;
const H = 7;
const C = 4;
const exact = { rowSlots: 0, colLevels: 0, stochastic: false };

function setup(seed: number) {
  const rng = new Rng(seed, 9);
  const w1 = Float32Array.from({ length: (N_IN + 1) * H }, () => rng.normal() * 0.8);
  const w2 = Float32Array.from({ length: (H + 1) * C }, () => rng.normal() * 0.8);
  const x = Float32Array.from({ length: N_IN }, () => rng.uniform());
  const label = rng.int(C);
  return { w1, w2, x, label };
}

function lossAt(w1: Float32Array, w2: Float32Array, x: Float32Array, label: number, b: SampleBuffers): number {
  const l1 = new IdealArray(N_IN + 1, H, exact, 1);
  const l2 = new IdealArray(H + 1, C, exact, 1);
  l1.program(w1);
  l2.program(w2);
  b.x.set(x);
  b.x[N_IN] = 1;
  return forwardSample(l1, l2, b, label);
}

/** Largest |analytic - numeric| over every weight of both layers, relative to the largest gradient. */
function gradientError(seed: number, corrupt?: (b: SampleBuffers) => void): number {
  const { w1, w2, x, label } = setup(seed);
  const b = sampleBuffers(N_IN, H, C);
  const l1 = new IdealArray(N_IN + 1, H, exact, 1);
  const l2 = new IdealArray(H + 1, C, exact, 1);
  l1.program(w1);
  l2.program(w2);
  b.x.set(x);
  b.x[N_IN] = 1;
  forwardSample(l1, l2, b, label);
  backpropSample(l2, b);
  corrupt?.(b);
  const analytic1 = Float64Array.from({ length: w1.length }, (_, e) => b.x[Math.floor(e / H)]! * b.d1[e % H]!);
  const analytic2 = Float64Array.from({ length: w2.length }, (_, e) => b.h[Math.floor(e / C)]! * b.d2[e % C]!);
  const scratch = sampleBuffers(N_IN, H, C);
  const eps = 1e-2; // float32 weights: a larger step keeps rounding far below the tolerance (curvature error ~eps^2)
  const numeric = (w: Float32Array, e: number, which: 1 | 2) => {
    const save = w[e]!;
    w[e] = save + eps;
    const up = which === 1 ? lossAt(w, w2, x, label, scratch) : lossAt(w1, w, x, label, scratch);
    w[e] = save - eps;
    const down = which === 1 ? lossAt(w, w2, x, label, scratch) : lossAt(w1, w, x, label, scratch);
    w[e] = save;
    return (up - down) / (2 * eps);
  };
  let worst = 0;
  let scale = 0;
  for (let e = 0; e < w1.length; e++) {
    worst = Math.max(worst, Math.abs(analytic1[e]! - numeric(w1, e, 1)));
    scale = Math.max(scale, Math.abs(analytic1[e]!));
  }
  for (let e = 0; e < w2.length; e++) {
    worst = Math.max(worst, Math.abs(analytic2[e]! - numeric(w2, e, 2)));
    scale = Math.max(scale, Math.abs(analytic2[e]!));
  }
  return worst / scale;
}

describe('MLP backprop (finite differences)', () => {
  it('x * d1 and h * d2 are the gradient of the cross-entropy loss for every weight', () => {
    for (const seed of [1, 2, 3]) expect(gradientError(seed)).toBeLessThan(2e-3);
  });

  it('the check catches a missing sigmoid derivative in d1', () => {
    // d1 / (h (1 - h)) is what backprop would give without the derivative.
    const err = gradientError(1, (b) => {
      for (let j = 0; j < H; j++) b.d1[j] = b.d1[j]! / (b.h[j]! * (1 - b.h[j]!));
    });
    expect(err).toBeGreaterThan(0.1);
  });
});
