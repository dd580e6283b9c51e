// Table I over several seeds (`dwtwin device ramp --seeds N`): a 30-ramp table is one random draw of the device's
// statistics, so a metric holds for the device only if it holds for most seeds. Per metric: median, range and how
// many seeds fall within the target; the verdict asks at least SEED_PASS_SHARE of the seeds within every target.
import type { FidelityCheck } from './report.ts';

/** Share of seeds that must meet every target (the "at least 9 of 10 seeds"). */
export const SEED_PASS_SHARE = 0.9;
/** Most seeds one --seeds run takes (each is a full 30-ramp table generation, seconds to tens of seconds). */
export const MAX_SEEDS = 100;

export interface SeedMetricSummary {
  name: string;
  target: string;
  /** The target band (as FidelityCheck's). */
  lo: number;
  hi: number;
  paper: number;
  median: number;
  min: number;
  max: number;
  /** Seeds whose value meets the target. */
  within: number;
  seeds: number;
  values: number[];
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[n >> 1]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

/** One summary per metric from each seed's checks (the same metrics in the same order for every seed). */
export function summarizeSeeds(perSeed: readonly FidelityCheck[][]): SeedMetricSummary[] {
  if (perSeed.length === 0) return [];
  return perSeed[0]!.map((c, i) => {
    const values = perSeed.map((checks) => checks[i]!.ours);
    return {
      name: c.name,
      target: c.target,
      lo: c.lo,
      hi: c.hi,
      paper: c.paper,
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
      within: perSeed.filter((checks) => checks[i]!.pass).length,
      seeds: perSeed.length,
      values,
    };
  });
}

/** Seeds needed within a target for the verdict: ceil(share x N) (9 of 10). */
export function seedsNeeded(n: number): number {
  return Math.ceil(SEED_PASS_SHARE * n - 1e-9);
}

export function seedVerdict(summary: readonly SeedMetricSummary[]): { pass: boolean; failed: SeedMetricSummary[] } {
  const failed = summary.filter((m) => m.within < seedsNeeded(m.seeds));
  return { pass: failed.length === 0, failed };
}
