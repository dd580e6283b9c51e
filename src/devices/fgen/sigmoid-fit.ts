// Least-squares fit of a shifted sigmoid y = y0 + A / (1 + exp(-(x - x0) / s)). For fixed (x0, s) the model is
// linear in (y0, A), solved in closed form; (x0, s) come from a coarse grid refined three times around the best.
export interface SigmoidFit {
  y0: number;
  amplitude: number;
  x0: number;
  scale: number;
  rms: number;
}

function linearPart(x: number[], y: number[], x0: number, s: number): { y0: number; a: number; sse: number } {
  let n = 0, sf = 0, sff = 0, sy = 0, sfy = 0;
  for (let i = 0; i < x.length; i++) {
    const f = 1 / (1 + Math.exp(-(x[i]! - x0) / s));
    n++;
    sf += f;
    sff += f * f;
    sy += y[i]!;
    sfy += f * y[i]!;
  }
  const det = n * sff - sf * sf;
  const a = det === 0 ? 0 : (n * sfy - sf * sy) / det;
  const y0 = (sy - a * sf) / n;
  let sse = 0;
  for (let i = 0; i < x.length; i++) sse += (y0 + a / (1 + Math.exp(-(x[i]! - x0) / s)) - y[i]!) ** 2;
  return { y0, a, sse };
}

export function fitSigmoid(x: number[], y: number[]): SigmoidFit {
  const xmin = Math.min(...x);
  const xmax = Math.max(...x);
  const span = xmax - xmin;
  let best = { x0: (xmin + xmax) / 2, s: span / 10, sse: Infinity, y0: 0, a: 0 };
  let x0lo = xmin, x0hi = xmax, slo = span / 200, shi = span;
  for (let round = 0; round < 4; round++) {
    const G = 40;
    for (let i = 0; i <= G; i++) {
      const x0 = x0lo + ((x0hi - x0lo) * i) / G;
      for (let j = 0; j <= G; j++) {
        const s = slo * Math.pow(shi / slo, j / G);
        const lp = linearPart(x, y, x0, s);
        if (lp.sse < best.sse) best = { x0, s, sse: lp.sse, y0: lp.y0, a: lp.a };
      }
    }
    const dx = (x0hi - x0lo) / 10;
    x0lo = best.x0 - dx;
    x0hi = best.x0 + dx;
    const ratio = Math.pow(shi / slo, 1 / 10);
    slo = best.s / ratio;
    shi = best.s * ratio;
  }
  return { y0: best.y0, amplitude: best.a, x0: best.x0, scale: best.s, rms: Math.sqrt(best.sse / x.length) };
}

export function sigmoidAt(f: SigmoidFit, x: number): number {
  return f.y0 + f.amplitude / (1 + Math.exp(-(x - f.x0) / f.scale));
}
