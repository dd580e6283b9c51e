// The tables of continuous devices, laid out for the update's hot loop. A continuous device reads one random
// quantile of the row under its conductance per pulse, so the loop waits on memory: 40 tables of 501 x 501 float32
// are 40 MB. Here every table's rows sit in one Float32Array, and a row equal to the one before it (the k-nearest
// window of the table build does not move between many neighbouring bins) is stored once: dwtwin's tables keep about
// 200 of 501 rows, 17 MB for 20 variants. Values are the prepared tables' bit for bit; the per-slot constants are
// the PreparedTable fields the definition (DeviceArray's reference loop) reads.
import type { PreparedTable } from '../devices/synapse/notch-step.ts';

/** Slot of a table: 2 * variant + (0 increasing, 1 decreasing), as the notched tables number them. */
export interface ContinuousTables {
  /** Per slot: the table's range (clamp), bin scale, last bin, quantiles, mean-step factors, first entry. */
  gMin: Float64Array;
  gMax: Float64Array;
  binScale: Float64Array;
  topBin: Int32Array;
  nq: Int32Array;
  invMean: Float64Array;
  rootInvMean: Float64Array;
  entry0: Int32Array;
  /**
   * Per entry e = entry0[slot] + bin, side by side so one cache line serves both: [2e] ave(G) of that bin,
   * [2e + 1] where its quantiles start in q.
   */
  entry: Float64Array;
  /** The distinct rows, quantiles contiguous. */
  q: Float32Array;
  /** Rows stored (of all bins of all slots). */
  rowsKept: number;
}

function sameRow(a: Float32Array, i: number, b: Float32Array, k: number, n: number): boolean {
  for (let x = 0; x < n; x++) if (!Object.is(a[i + x], b[k + x])) return false; // bit-identical (-0 is not 0)
  return true;
}

export function continuousTables(inc: readonly PreparedTable[], dec: readonly PreparedTable[]): ContinuousTables {
  const slots = inc.flatMap((t, v) => [t, dec[v]!]);
  const S = slots.length;
  const entry0 = new Int32Array(S);
  let entries = 0;
  let cells = 0;
  slots.forEach((t, s) => {
    entry0[s] = entries;
    entries += t.nb;
    cells += t.nb * t.nq;
  });
  const ave = new Float64Array(entries);
  const rowOff = new Int32Array(entries);
  const q = new Float32Array(cells);
  let used = 0;
  let rowsKept = 0;
  slots.forEach((t, s) => {
    for (let j = 0; j < t.nb; j++) {
      const e = entry0[s]! + j;
      ave[e] = t.ave[j]!;
      if (j > 0 && sameRow(t.dGT, j * t.nq, q, rowOff[e - 1]!, t.nq)) rowOff[e] = rowOff[e - 1]!;
      else {
        q.set(t.dGT.subarray(j * t.nq, (j + 1) * t.nq), used);
        rowOff[e] = used;
        used += t.nq;
        rowsKept++;
      }
    }
  });
  const per = (f: (t: PreparedTable) => number) => Float64Array.from(slots, f);
  return {
    gMin: per((t) => t.gMin),
    gMax: per((t) => t.gMax),
    binScale: per((t) => t.binScale),
    topBin: Int32Array.from(slots, (t) => t.nb - 1),
    nq: Int32Array.from(slots, (t) => t.nq),
    invMean: per((t) => t.invMeanStep),
    rootInvMean: per((t) => t.rootInvMeanStep),
    entry0,
    entry: Float64Array.from({ length: 2 * entries }, (_, i) => (i & 1 ? rowOff[i >> 1]! : ave[i >> 1]!)),
    q: q.slice(0, used),
    rowsKept,
  };
}
