// `dwtwin device fgen`: the staircase synapse or the sigmoid activation generator of paper 004, ours beside theirs.
import { join } from 'node:path';
import { writeJsonAtomic } from '../../base/atomic-file.ts';
import { InputError } from '../../base/errors.ts';
import { lineChart, writeSvg } from '../../base/plot.ts';
import { fgenPresets, mtjConductance, switchCurrent, type FgenDesign } from './design.ts';
import { projectedEnergy, pulseEnergy } from './energy.ts';
import { fitSigmoid, sigmoidAt } from './sigmoid-fit.ts';
import { meanCurve, runRamps } from './simulate.ts';

const r = (v: number, d = 4) => (Number.isFinite(v) ? Number(v.toPrecision(d + 2)) : null);
const uA = (i: number) => (i * 1e6).toFixed(1);

export const fgenPaper = {
  staircase: { mtjs: 9, switched: 7, levels: 8, mtjNm: '200 x 400', pulseNs: 8 },
  sigmoid: { mtjs: 9, switched: 7, rampUA: 620, biasOe: 200, cycles: 75, pulseNs: 8 },
  energy: { wireOhm: 5200, powerMW: [0.15, 2.0], pJ: [1, 16], projectedFJ: [18, 36] },
} as const;

export async function fgenReport(preset: string, o: { seed: number; outDir: string }): Promise<{ text: string; json: unknown; failures: string[] }> {
  const d: FgenDesign | undefined = fgenPresets[preset];
  if (!d) throw new InputError(`--preset: expected one of ${Object.keys(fgenPresets).join(', ')} (got ${JSON.stringify(preset)})`);
  const run = runRamps(d, o.seed);
  const lines: string[] = [`function generator ${d.name} (paper 004): ${d.mtjs.length} MTJs in parallel on a width-graded CoFeB/Ta wire, ramp 0-${uA(d.rampMax)} uA in ${uA(d.rampStep)} uA steps of ${d.pulseSeconds * 1e9} ns pulses, bias ${d.biasOe} Oe, ${d.cycles} cycles, seed ${o.seed}`];
  const n = d.mtjs.length;
  // Mean current at which the k-th current-driven switch happens (over cycles).
  const maxSwitched = Math.max(...run.switched.map((s) => s[s.length - 1]!));
  const minSwitched = Math.min(...run.switched.map((s) => s[s.length - 1]!));
  const stepCurrents: number[] = [];
  for (let m = 1; m <= maxSwitched; m++) {
    const at = run.switched.map((s) => s.findIndex((c) => c >= m)).filter((i) => i >= 0).map((i) => run.current[i]!);
    stepCurrents.push(at.reduce((a, b) => a + b, 0) / at.length);
  }
  const ohm = meanCurve(run.ohms);
  const paperSw = d.name === 'staircase' ? fgenPaper.staircase.switched : fgenPaper.sigmoid.switched;
  const failures: string[] = [];
  if (minSwitched !== paperSw || maxSwitched !== paperSw) failures.push(`${minSwitched}-${maxSwitched} MTJs switched per cycle, paper ${paperSw}`);
  lines.push(`  MTJs switched by the current per cycle: ${minSwitched}-${maxSwitched} of ${n}${d.preSwitched.length ? ` (+${d.preSwitched.length} switched by the bias field)` : ''} | paper ${paperSw} of ${n} ${minSwitched === paperSw && maxSwitched === paperSw ? 'PASS' : 'FAIL'}`);
  lines.push(`  mean switching currents (uA): ${stepCurrents.map(uA).join(', ')}`);

  // Resistance levels: the plateau after m current-driven switches, in switching order (thresholds ascend with k).
  const order = Array.from({ length: n }, (_, k) => k).filter((k) => !d.preSwitched.includes(k)).sort((a, b) => switchCurrent(d, a) - switchCurrent(d, b));
  const levelOhm: number[] = [];
  for (let m = 0; m <= maxSwitched; m++) {
    let g = 0;
    for (let k = 0; k < n; k++) g += mtjConductance(d, k, d.preSwitched.includes(k) || order.indexOf(k) < m);
    levelOhm.push(1 / g);
  }
  const json: Record<string, unknown> = {
    preset: d.name,
    failures,
    seed: o.seed,
    design: { ...d, switchCurrentsUA: Array.from({ length: n }, (_, k) => r(switchCurrent(d, k) * 1e6)) },
    switched: { min: minSwitched, max: maxSwitched, paper: paperSw },
    stepCurrentsUA: stepCurrents.map((i) => r(i * 1e6)),
    levelsOhm: levelOhm.map((x) => r(x)),
    curve: { currentUA: run.current.map((i) => r(i * 1e6)), meanOhm: ohm.mean.map((x) => r(x)), sdOhm: ohm.sd.map((x) => r(x)) },
  };
  const series = [] as { name: string; x: number[]; y: number[] }[];
  const xs = run.current.map((i) => i * 1e6);
  let yLabel: string;
  if (d.name === 'staircase') {
    // Linearity: resistance level against the current that reaches it (levels 1..7 at their mean switching currents).
    const xsL = stepCurrents.map((i) => i * 1e6);
    const ysL = levelOhm.slice(1);
    const lin = linearFit(xsL, ysL);
    if (levelOhm.length !== fgenPaper.staircase.levels) failures.push(`${levelOhm.length} resistance levels, paper ${fgenPaper.staircase.levels}`);
    lines.push(`  ${levelOhm.length} resistance levels (Ohm): ${levelOhm.map((x) => x.toFixed(2)).join(', ')} | paper ${fgenPaper.staircase.levels} levels ${levelOhm.length === fgenPaper.staircase.levels ? 'PASS' : 'FAIL'}`);
    lines.push(`  linear in current: R = ${lin.intercept.toFixed(3)} + ${(lin.slope * 1e3).toFixed(4)} mOhm/uA x I, R^2 = ${lin.r2.toFixed(4)} | paper: linear fits (Fig. 3f)`);
    json.linearFit = { interceptOhm: r(lin.intercept), slopeOhmPerUA: r(lin.slope), r2: r(lin.r2) };
    series.push({ name: 'mean R', x: xs, y: ohm.mean }, { name: 'mean + sd', x: xs, y: ohm.mean.map((m, i) => m + ohm.sd[i]!) }, { name: 'mean - sd', x: xs, y: ohm.mean.map((m, i) => m - ohm.sd[i]!) });
    series.push({ name: 'linear fit', x: xsL, y: xsL.map((x) => lin.intercept + lin.slope * x) });
    yLabel = 'R (Ohm)';
  } else {
    const norm = run.ohms.map((row) => row.map((x) => (x - run.rAllP) / (run.rAllAP - run.rAllP)));
    const nc = meanCurve(norm);
    const fit = fitSigmoid(xs, nc.mean);
    lines.push(`  normalised output y = (R - R_allP)/(R_allAP - R_allP), mean over ${d.cycles} cycles: ${nc.mean[0]!.toFixed(3)} at 0 uA -> ${nc.mean[nc.mean.length - 1]!.toFixed(3)} at ${uA(d.rampMax)} uA; max sd ${Math.max(...nc.sd).toFixed(3)}`);
    lines.push(`  fitted shifted sigmoid y = y0 + A/(1 + exp(-(I - I0)/s)): y0 ${fit.y0.toFixed(4)}, A ${fit.amplitude.toFixed(4)}, I0 ${fit.x0.toFixed(1)} uA, s ${fit.scale.toFixed(1)} uA, rms ${fit.rms.toFixed(4)} | paper: shifted sigmoid over 0-620 uA (parameters not published)`);
    json.sigmoidFit = { y0: r(fit.y0), amplitude: r(fit.amplitude), i0UA: r(fit.x0), scaleUA: r(fit.scale), rms: r(fit.rms) };
    json.normalised = { mean: nc.mean.map((x) => r(x)), sd: nc.sd.map((x) => r(x)) };
    series.push({ name: 'mean output', x: xs, y: nc.mean }, { name: 'mean + sd', x: xs, y: nc.mean.map((m, i) => m + nc.sd[i]!) }, { name: 'mean - sd', x: xs, y: nc.mean.map((m, i) => m - nc.sd[i]!) });
    series.push({ name: 'sigmoid fit', x: xs, y: xs.map((x) => sigmoidAt(fit, x)) });
    yLabel = 'normalised output';
  }

  // Energy per switch at each switching MTJ's mean threshold current.
  const ePJ = stepCurrents.map((i) => pulseEnergy(i, d.wireOhm, d.pulseSeconds) * 1e12);
  const pMW = stepCurrents.map((i) => i * i * d.wireOhm * 1e3);
  const proj = [2, 4].map((f) => projectedEnergy({ jc: d.jc, widthNm: 25, thicknessNm: d.wireThicknessNm, factor: f, wireOhm: d.wireOhm, seconds: d.pulseSeconds }) * 1e15);
  const E = fgenPaper.energy;
  lines.push(`  energy per switch (I^2 x ${d.wireOhm / 1e3} kOhm x ${d.pulseSeconds * 1e9} ns): ${Math.min(...ePJ).toFixed(2)}-${Math.max(...ePJ).toFixed(2)} pJ at ${Math.min(...pMW).toFixed(3)}-${Math.max(...pMW).toFixed(3)} mW | paper ${E.pJ[0]}-${E.pJ[1]} pJ at ${E.powerMW[0]}-${E.powerMW[1]} mW (both generators)`);
  lines.push(`  projected 20 nm MTJ (25 nm wire, 2-4x current density): ${proj[0]!.toFixed(1)}-${proj[1]!.toFixed(1)} fJ | paper ~${E.projectedFJ[0]}-${E.projectedFJ[1]} fJ`);
  json.energy = { perSwitchPJ: ePJ.map((x) => r(x)), powerMW: pMW.map((x) => r(x)), projectedFJ: proj.map((x) => r(x)), paper: E };

  const svg = join(o.outDir, `${d.name}.svg`);
  const title = d.name === 'staircase' ? 'Linear staircase synapse: R vs input current (paper 004 Fig. 3f)' : `Sigmoid activation generator: output vs input current, mean ± sd over ${d.cycles} cycles (paper 004 Fig. 4c)`;
  await writeSvg(svg, lineChart({ title, xLabel: 'input current (uA)', yLabel, series: series.map((s) => ({ ...s, y: s.y.map((v) => r(v)!) })), points: false }));
  writeJsonAtomic(join(o.outDir, `${d.name}.json`), json);
  lines.push(`  wrote ${join(o.outDir, `${d.name}.json`)} and ${svg}`);
  return { text: lines.join('\n') + '\n', json, failures };
}

export function linearFit(x: number[], y: number[]): { slope: number; intercept: number; r2: number } {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}
