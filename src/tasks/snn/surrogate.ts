// Surrogate gradients of the spiking neurons, computed digitally. The forward pass runs on the neuron array
// (any level of src/accel's NeuronArray); the backward pass only sees what every level exposes — spikes and the
// progress readout — and differentiates the model's noise-free mean dynamics in progress units p (0 rest, 1 fire):
//   c_t = d c_{t-1} + u_t                       (synaptic current; d = the model's synaptic decay)
//   p'_t = f(p_{t-1}, c_t)                      (integrate; DW-MTJ: tapered-track drive and shape leak; LIF: leak)
//   s_t = H(p'_t - 1), p_t = (1 - s_t) p'_t     (fire and reset; the reset is not differentiated, as usual)
// with ds/dp' from SuperSpike, 1 / (alpha |p' - 1| + 1)^2 (Norse's default surrogate, alpha 100). At a spike the
// readout shows the reset state, so p' is taken as 1 there (the surrogate's peak).
import type { NeuronModel } from '../../accel/neuron-types.ts';
import { paper003Track, trackKernel } from '../../devices/neuron/dw-track.ts';
import { defaultLif } from '../../devices/neuron/lif.ts';

export const SUPERSPIKE_ALPHA = 100;

export interface SurrogateDynamics {
  synDecay: number;
  /** dp'/dp and dp'/dc at (p_{t-1}, c_t), written to out[0], out[1]. */
  jacobian(p: number, c: number, out: Float64Array): void;
  /** Whether p' = 0 is a floor the state sits on (the DW wall cannot leave the write end): no gradient there. */
  floorAtZero: boolean;
}

export function surrogateDynamics(model: NeuronModel): SurrogateDynamics {
  if (model === 'lif') {
    const r = defaultLif.memRate / (defaultLif.vTh - defaultLif.vReset);
    return {
      synDecay: defaultLif.synDecay,
      floorAtZero: false,
      jacobian(_p, _c, out) {
        out[0] = 1 - defaultLif.memRate;
        out[1] = r;
      },
    };
  }
  // p' = p + (D / w(p) c - L) / x_th with w(p) = w1 + (w2 - w1) min(p, 1) (dw-track.ts kernelStep, xi = 1).
  const k = trackKernel(paper003Track);
  const dW = k.w2 - k.w1;
  return {
    synDecay: k.synDecay,
    floorAtZero: true,
    jacobian(p, c, out) {
      const q = p < 0 ? 0 : p > 1 ? 1 : p;
      const w = k.w1 + dW * q;
      out[0] = p >= 1 ? 1 : 1 - (k.driveCoef * c * dW) / (w * w * k.xTh);
      out[1] = k.driveCoef / (w * k.xTh);
    },
  };
}

export function superSpike(pPre: number): number {
  const d = SUPERSPIKE_ALPHA * Math.abs(pPre - 1) + 1;
  return 1 / (d * d);
}
