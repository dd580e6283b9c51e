// How a notched device answers requests smaller than a notch: the quantity behind paper 000's Fig. 5e. A request
// of r notches is played through the device array's own step (notchAfter) at every notch and every quantile, with
// the weight each quantile gets from the array's 16-bit draw, so the numbers are those of training exactly:
//   - drift: the mean move in notches (ideal: r; a deterministic device: 0 below half a notch);
//   - pRight / pWrong: the probability of moving at least one notch in / against the requested direction;
//   - threshold: per notch, the smallest request that can move the wall at all (median and minimum over notches).
// A device whose threshold is above most of the training's requests stays at 10 % (STT in Fig. 5e); one whose
// small requests move it with probability ~ r acts as stochastic rounding (SOT).
import type { DeltaGTablePair } from '../devices/synapse/lut.ts';
import { notchAfter, notchTables, prepare, type NotchTables } from '../devices/synapse/notch-step.ts';
import { NOTCH_RANGE } from './device-array.ts';

export interface ResponsePoint {
  request: number; // notches
  drift: number; // notches
  std: number; // notches
  pRight: number;
  pWrong: number;
}

export interface DirectionResponse {
  direction: 'increasing' | 'decreasing';
  thresholdMedian: number; // notches of request
  thresholdMin: number;
  points: ResponsePoint[];
}

export const defaultRequests = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2] as const;

/** Weight of quantile k under the array's draw: the number of 16-bit values u with (u * nq) >>> 16 = k, over 2^16. */
function quantileWeights(nq: number): Float64Array {
  const w = new Float64Array(nq);
  for (let u = 0; u < 65536; u++) w[(u * nq) >>> 16]! += 1 / 65536;
  return w;
}

/** The landing notch of a device of variant 0 at notch n, direction slot ti, for a request of r notches and quantile k. */
function land(nt: NotchTables, ti: number, n: number, r: number, k: number): number {
  const abs = r / nt.scale[0]!; // siemens
  const e = ti * nt.levels + n;
  return notchAfter(nt.level[n]!, abs * nt.invMean[ti]!, nt.rowAve[e]!, Math.sqrt(abs) * nt.rootInvMean[ti]!, nt.dG[nt.rowOff[e]! + k]!, nt.gMin[0]!, nt.scale[0]!, nt.levels - 1);
}

/** Sub-notch response of one table pair (the first variant's) with the given number of notches. */
export function subNotchResponse(pair: DeltaGTablePair, notches: number, requests: readonly number[] = defaultRequests): DirectionResponse[] {
  if (!Number.isInteger(notches) || notches < NOTCH_RANGE.min || notches > NOTCH_RANGE.max) throw new Error(`notches must be ${NOTCH_RANGE.min}..${NOTCH_RANGE.max}, got ${notches}`);
  const nt = notchTables([prepare(pair.increasing)], [prepare(pair.decreasing)], notches, true);
  const w = quantileWeights(nt.nq);
  return (['increasing', 'decreasing'] as const).map((direction, ti) => {
    const sign = ti === 0 ? 1 : -1;
    // Notches where the move is not cut by the end of the track (the top for increasing, notch 0 for decreasing).
    const ns = Array.from({ length: notches - 1 }, (_, i) => (ti === 0 ? i : i + 1));
    const points = requests.map((request) => {
      let m1 = 0;
      let m2 = 0;
      let pRight = 0;
      let pWrong = 0;
      for (const n of ns)
        for (let k = 0; k < nt.nq; k++) {
          const d = (land(nt, ti, n, request, k) - n) * sign;
          const p = w[k]! / ns.length;
          m1 += p * d;
          m2 += p * d * d;
          if (d > 0) pRight += p;
          else if (d < 0) pWrong += p;
        }
      return { request, drift: m1, std: Math.sqrt(Math.max(0, m2 - m1 * m1)), pRight, pWrong };
    });
    const thresholds = ns.map((n) => {
      const moves = (r: number) => {
        for (let k = 0; k < nt.nq; k++) if (w[k]! > 0 && land(nt, ti, n, r, k) !== n) return true;
        return false;
      };
      let lo = 0;
      let hi = 4;
      if (!moves(hi)) return Infinity;
      for (let i = 0; i < 30; i++) {
        const mid = (lo + hi) / 2;
        if (moves(mid)) hi = mid;
        else lo = mid;
      }
      return hi;
    });
    const sorted = [...thresholds].sort((a, b) => a - b);
    return { direction, thresholdMedian: sorted[sorted.length >> 1]!, thresholdMin: sorted[0]!, points };
  });
}
