// From the 1D wall model to ΔG tables: run ramps (wall positions), convert positions to conductance for each
// device of a device-to-device population, and bin the updates into increasing/decreasing tables. The
// dynamics are shared by all devices of a population (the variation is in the MTJ, as in paper 000).
import type { SynapseParams } from './params.ts';
import { runRamp, pulsesPerHalfRamp } from './ramps.ts';
import { buildWallModel } from './wall-1d.ts';
import { conductanceTwoResistor, perturbedDevice, type MtjDevice } from './conductance.ts';
import { buildTable, type UpdatePoints } from './table-build.ts';
import type { DeltaGTablePair } from './lut.ts';

/** Wall positions of ramps `indices` (each of length 2N + 1). */
export function simulateRamps(p: SynapseParams, seed: number, indices: readonly number[]): Float64Array[] {
  const M = buildWallModel(p);
  return indices.map((r) => runRamp(p, seed, r, M));
}

/** Update points (G before, ΔG) of all ramps for one device, split by pulse direction. */
export function updatePoints(p: SynapseParams, ramps: readonly Float64Array[], dev: MtjDevice): { increasing: UpdatePoints; decreasing: UpdatePoints } {
  const n = pulsesPerHalfRamp(p);
  const total = ramps.length * n;
  const inc = { g: new Float64Array(total), dG: new Float64Array(total) };
  const dec = { g: new Float64Array(total), dG: new Float64Array(total) };
  ramps.forEach((q, r) => {
    for (let i = 0; i < 2 * n; i++) {
      const g0 = conductanceTwoResistor(dev, q[i]!);
      const g1 = conductanceTwoResistor(dev, q[i + 1]!);
      const into = i < n ? inc : dec;
      const k = r * n + (i < n ? i : i - n);
      into.g[k] = g0;
      into.dG[k] = g1 - g0;
    }
  });
  return { increasing: inc, decreasing: dec };
}

/** Conductance along each ramp for one device (for ramp plots). */
export function rampConductance(ramps: readonly Float64Array[], dev: MtjDevice): Float64Array[] {
  return ramps.map((q) => Float64Array.from(q, (x) => conductanceTwoResistor(dev, x)));
}

export function devicesOf(p: SynapseParams, seed: number, variants: number): MtjDevice[] {
  return Array.from({ length: variants }, (_, v) => perturbedDevice(p, seed, v));
}

export function tablesFromRamps(p: SynapseParams, ramps: readonly Float64Array[], dev: MtjDevice, label: string): DeltaGTablePair {
  const pts = updatePoints(p, ramps, dev);
  const header = (dir: string) => `1st Row = Gbins, 2nd Row = CDF Points, 3rd row onward =  dG matrix (rows= CDF, columns = Gbins); dwtwin ${label} ${dir}`;
  return {
    increasing: buildTable(pts.increasing, 'increasing', { header: header('increasing') }),
    decreasing: buildTable(pts.decreasing, 'decreasing', { header: header('decreasing') }),
  };
}
