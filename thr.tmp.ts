import { resolveTables } from './src/accel/table-source.ts';
import { meanStep } from './src/devices/synapse/metrics.ts';
const srcs: [string, any][] = [
  ['ours stt', { kind: 'preset', preset: 'stt-300k', seed: 1, variants: 1 }],
  ['ours sot', { kind: 'preset', preset: 'sot-300k', seed: 1, variants: 1 }],
  ['ref stt', { kind: 'dir', dir: '/work/shared/data/crosssim-dwmtj-luts/DWMTJ_STT/300K', variants: 1 }],
  ['ref sot', { kind: 'dir', dir: '/work/shared/data/crosssim-dwmtj-luts/DWMTJ_SOT/300K', variants: 1 }],
];
for (const [name, s] of srcs) {
  const [p] = await resolveTables(s);
  const out: string[] = [];
  for (const dir of ['increasing', 'decreasing'] as const) {
    const t = (p as any)[dir];
    const nb = t.gBins.length, nq = t.cdf.length;
    const notch = (t.gBins[nb - 1] - t.gBins[0]) / 31;
    const ms = meanStep(t);
    // smallest request s (in mean steps) for which some quantile moves >= half a notch in either direction, median over bins
    const th: number[] = [];
    const pm: number[] = [];
    for (let j = 0; j < nb; j += 5) {
      let avg = 0; for (let k = 0; k < nq; k++) avg += t.dG[k * nb + j]; avg /= nq;
      let best = Infinity;
      for (let k = 0; k < nq; k++) {
        const e = t.dG[k * nb + j] - avg;
        // bisection on s in [0, 4] for |s*avg + sqrt(s)*e| >= notch/2
        const f = (x: number) => Math.abs(x * avg + Math.sqrt(x) * e) - notch / 2;
        let lo = 0, hi = 4; if (f(hi) < 0) continue;
        for (let i = 0; i < 40; i++) { const m = (lo + hi) / 2; if (f(m) >= 0) hi = m; else lo = m; }
        best = Math.min(best, hi);
      }
      th.push(best * ms / notch);
      // probability of moving >=1 notch the right way, and the wrong way, at s = 0.1 notch
      const sx = 0.1 * notch / ms; let up = 0, wrong = 0;
      for (let k = 0; k < nq; k++) { const m = (sx * avg + Math.sqrt(sx) * (t.dG[k * nb + j] - avg)) / notch; if (Math.sign(m) === Math.sign(avg) && Math.abs(m) >= 0.5) up++; else if (Math.abs(m) >= 0.5) wrong++; }
      pm.push(up / nq - wrong / nq);
    }
    th.sort((a, b) => a - b);
    const mean = pm.reduce((a, b) => a + b, 0) / pm.length;
    out.push(`${dir}: threshold (notches of request) median ${th[th.length >> 1]!.toFixed(3)} min ${th[0]!.toFixed(3)}; net drift at 0.1-notch request ${mean.toFixed(3)} (ideal 0.1)`);
  }
  console.log(name + '\n  ' + out.join('\n  '));
}
