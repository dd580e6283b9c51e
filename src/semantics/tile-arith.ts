// The tile's small integer definitions that every executor shares verbatim (reference, twin; the core builds the same
// as logic): the device move, the ADC, the periodic carry of one weight.

/** A device's new notch: m0 + #{k : u > t[k]}, clamped to [0, N-1]. */
export function moveNotch(n: number, m0: number, t: ArrayLike<number>, off: number, K: number, u: number, top: number): number {
  let m = n + m0;
  for (let k = 0; k < K; k++) if (u > t[off + k]!) m++;
  return m < 0 ? 0 : m > top ? top : m;
}

/** ADC: saturate_A((acc + 2^(s-1)) >> s) (arithmetic shift; s = 0 passes acc through), signed A bits. */
export function adcCode(acc: number, shift: number, adcBits: number): number {
  const v = shift === 0 ? acc : Math.floor((acc + 2 ** (shift - 1)) / 2 ** shift);
  const hi = 2 ** (adcBits - 1) - 1;
  const lo = -(2 ** (adcBits - 1));
  return v > hi ? hi : v < lo ? lo : v;
}

/** round-half-away(d / N) in integers. */
export function carryNotches(d: number, N: number): number {
  const a = d < 0 ? -d : d;
  const q = Math.floor((2 * a + N) / (2 * N));
  return d < 0 ? -q : q;
}

export interface CarryResult {
  hiPlus: number;
  hiMinus: number;
  loPlus: number;
  loMinus: number;
}

/**
 * Periodic carry of one weight, in notches. d = lo+ - lo-, q = round-half-away(d / N) (|d| < N, so q is -1, 0 or 1).
 * q = 0: nothing changes (as DeviceArray). Otherwise each of the |q| notches goes to the high device nearer the
 * centre: increasing, hi+ steps up if hi+ + hi- <= N - 1, else hi- steps down; decreasing, hi+ steps down if
 * hi+ + hi- > N - 1, else hi- steps up (clamped to [0, N-1]). The low pair restarts at c0 = floor(N/2) with the
 * remainder rest = d - q N split as lo+ = c0 + ceil(rest / 2), lo- = c0 - floor(rest / 2) (clamped), so
 * lo+ - lo- = rest wherever no clamp acts. Returns null when q = 0.
 */
export function carryWeight(hiPlus: number, hiMinus: number, loPlus: number, loMinus: number, N: number): CarryResult | null {
  const d = loPlus - loMinus;
  const q = carryNotches(d, N);
  if (q === 0) return null;
  const top = N - 1;
  let a = hiPlus;
  let b = hiMinus;
  for (let s = q > 0 ? q : -q; s > 0; s--) {
    if (q > 0) {
      if (a + b <= top) a = a < top ? a + 1 : top;
      else b = b > 0 ? b - 1 : 0;
    } else if (a + b > top) a = a > 0 ? a - 1 : 0;
    else b = b < top ? b + 1 : top;
  }
  const rest = d - q * N;
  const c0 = Math.floor(N / 2);
  const clamp = (x: number) => (x < 0 ? 0 : x > top ? top : x);
  return { hiPlus: a, hiMinus: b, loPlus: clamp(c0 + Math.ceil(rest / 2)), loMinus: clamp(c0 - Math.floor(rest / 2)) };
}
