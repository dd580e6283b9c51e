// Poisson-coded input (paper 003: spike probability per step proportional to the pixel, f_max = 1 GHz at the
// neuron's 0.1 ns step). Pixel i of image `image` spikes at step t when draw32(key, image, t * 784 + i) falls below
// its probability, so an image's spike train is a pure function of (key, image index) — independent of batch
// composition, workers and order.
import { drawWithKey, streamKey } from '../../base/rng.ts';

const TWO32 = 2 ** 32;

/**
 * Spike trains of `images` (indices into `pixels`, n x 784 bytes) into out: row (t * batch + b), column i.
 * out must hold steps * images.length * 784 floats (0 or 1).
 */
export function poissonEncode(pixels: Uint8Array, images: ArrayLike<number>, steps: number, probability: number, key: number, out: Float32Array): void {
  const P = 784;
  const B = images.length;
  out.fill(0, 0, steps * B * P);
  const scale = (probability * TWO32) / 255;
  for (let b = 0; b < B; b++) {
    const img = images[b]!;
    const base = img * P;
    const k = streamKey(key, img);
    for (let i = 0; i < P; i++) {
      const v = pixels[base + i]!;
      if (v === 0) continue;
      const thr = v * scale;
      for (let t = 0; t < steps; t++) if (drawWithKey(k, t * P + i) < thr) out[(t * B + b) * P + i] = 1;
    }
  }
}
