// Reports for `dwtwin device ramp` and `dwtwin device lut`: metrics beside paper 000's Table I, fidelity
// targets, JSON and SVG plots (ramp curves with a ±2σ band, G-versus-ΔG CDF heat map, switching counts).
import { join } from 'node:path';
import { writeJsonAtomic } from '../../base/atomic-file.ts';
import { barChart, heatMap, lineChart, writeSvg } from '../../base/plot.ts';
import type { DeltaGTable, DeltaGTablePair } from './lut.ts';
import { histogram, tableC2C, tableMetrics, meanStep, tableRange, type TableMetrics } from './metrics.ts';

/** Paper 000 Table I (300 K) and the fidelity tolerances. */
export const paperTableI = {
  stt: { plus: 0.07, minus: -0.15, c2cPercent: 0.77, nlTol: 0.1 },
  sot: { plus: 0.8, minus: -0.81, c2cPercent: 3.23, nlTol: 0.2 },
} as const;
export const C2C_FACTOR = 1.5;

export interface FidelityCheck {
  name: string;
  ours: number;
  paper: number;
  target: string;
  /** The target as a band (what `pass` tests), for plots. */
  lo: number;
  hi: number;
  pass: boolean;
}

export function fidelityChecks(m: Pick<TableMetrics, 'nonlinearityPlus' | 'nonlinearityMinus' | 'c2cPercent'>, kind: 'stt' | 'sot'): FidelityCheck[] {
  const ref = paperTableI[kind];
  // pass is the band test itself, so the band a plot shades is exactly what "within target" means.
  const check = (name: string, ours: number, paper: number, lo: number, hi: number, target: string): FidelityCheck => ({ name, ours, paper, target, lo, hi, pass: ours >= lo && ours <= hi });
  const nl = (name: string, ours: number, paper: number) => check(name, ours, paper, paper - ref.nlTol, paper + ref.nlTol, `${paper} ± ${ref.nlTol}`);
  const c2cLo = ref.c2cPercent / C2C_FACTOR;
  const c2cHi = ref.c2cPercent * C2C_FACTOR;
  return [
    nl('nonlinearity +', m.nonlinearityPlus, ref.plus),
    nl('nonlinearity −', m.nonlinearityMinus, ref.minus),
    check('cycle-to-cycle %', m.c2cPercent, ref.c2cPercent, c2cLo, c2cHi, `${c2cLo.toFixed(2)}..${c2cHi.toFixed(2)}`),
  ];
}

const fmt = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

export function formatChecks(checks: FidelityCheck[]): string {
  const rows = checks.map((c) => `  ${c.name.padEnd(18)} ${fmt(c.ours).padStart(8)}   paper ${String(c.paper).padStart(6)}   target ${c.target.padEnd(14)} ${c.pass ? 'PASS' : 'FAIL'}`);
  return rows.join('\n') + '\n';
}

/** CDF of ΔG at each of a few G bins, on a ΔG grid: the heat map of paper 000 Fig. 3a. */
export function cdfGrid(t: DeltaGTable, nG = 41, nD = 60, range?: { lo: number; hi: number }): { g: number[]; d: number[]; z: number[] } {
  const nb = t.gBins.length;
  const nq = t.cdf.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of t.dG) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (range) ({ lo, hi } = range);
  const cols = Array.from({ length: nG }, (_, i) => Math.round((i * (nb - 1)) / (nG - 1)));
  const d = Array.from({ length: nD }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / nD);
  const z: number[] = [];
  for (const dv of d) {
    for (const j of cols) {
      // CDF at dv: interpolate the quantile function's inverse (rows are non-decreasing in k).
      let k = 0;
      while (k < nq && t.dG[k * nb + j]! <= dv) k++;
      z.push(k === 0 ? 0 : k >= nq ? 1 : t.cdf[k - 1]!);
    }
  }
  return { g: cols.map((j) => t.gBins[j]! * 1e6), d: d.map((v) => v * 1e6), z };
}

export async function writeHeatMaps(outDir: string, prefix: string, tables: DeltaGTable[]): Promise<string[]> {
  const files: string[] = [];
  for (const t of tables) {
    const grid = cdfGrid(t);
    const file = join(outDir, `${prefix}cdf-${t.direction}.svg`);
    await writeSvg(file, heatMap({ title: `ΔG CDF vs G (${t.direction} pulses)`, xLabel: 'G (µS)', yLabel: 'ΔG (µS)', zLabel: 'CDF', x: grid.g, y: grid.d, z: grid.z }));
    files.push(file);
  }
  return files;
}

/** Mean and ±2σ of G across ramps at each pulse index (ramps: G in siemens). */
export function rampBand(ramps: readonly ArrayLike<number>[]): { mean: number[]; lo: number[]; hi: number[] } {
  const n = ramps[0]!.length;
  const mean: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const r of ramps) s += r[i]!;
    const m = s / ramps.length;
    let v = 0;
    for (const r of ramps) v += (r[i]! - m) ** 2;
    const sd = Math.sqrt(v / ramps.length);
    mean.push(m);
    lo.push(m - 2 * sd);
    hi.push(m + 2 * sd);
  }
  return { mean, lo, hi };
}

export async function writeRampPlot(file: string, title: string, ramps: readonly ArrayLike<number>[]): Promise<void> {
  const b = rampBand(ramps);
  const x = b.mean.map((_, i) => i);
  const us = (a: number[]) => a.map((v) => v * 1e6);
  await writeSvg(file, lineChart({ title, xLabel: 'pulse', yLabel: 'G (µS)', series: [{ name: 'mean', x, y: us(b.mean) }, { name: 'mean + 2σ', x, y: us(b.hi) }, { name: 'mean − 2σ', x, y: us(b.lo) }], points: false }));
}

export async function writeHistogram(file: string, title: string, xLabel: string, values: number[]): Promise<void> {
  await writeSvg(file, barChart({ title, xLabel, yLabel: 'count', bars: histogram(values).map((h) => ({ label: h.value, value: h.count })) }));
}

/** Metrics of an imported table (pair if available) for `dwtwin device lut`. */
export interface LutReport {
  files: string[];
  metrics: Partial<TableMetrics> & { c2cPercent: number; gMin: number; gMax: number };
}

export function lutMetrics(tables: { increasing?: DeltaGTable; decreasing?: DeltaGTable }, seed = 1, rampPulses?: number): LutReport['metrics'] {
  if (tables.increasing && tables.decreasing) return tableMetrics(tables as DeltaGTablePair, seed, rampPulses);
  const t = (tables.increasing ?? tables.decreasing)!;
  const { gMin, gMax } = tableRange(t);
  return { c2cPercent: 100 * tableC2C(t), gMin, gMax, ...(t.direction === 'increasing' ? { meanStepIncreasing: meanStep(t) } : { meanStepDecreasing: -meanStep(t) }) };
}

export function writeReportJson(file: string, value: unknown): void {
  writeJsonAtomic(file, value);
}
