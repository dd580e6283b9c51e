// The tables of continuous devices, laid out for the update's hot loop. A continuous device reads one random
// quantile of the row under its conductance per pulse, so the loop waits on memory: 40 tables of 501 x 501 float32
// are 40 MB. Here every table's rows sit in one Float32Array, and a row equal to the one before it (the k-nearest
// window of the table build does not move between many neighbouring bins) is stored once: dwtwin's tables keep about
// 200 of 501 rows, 17 MB for 20 variants. Values are the prepared tables' bit for bit; the per-slot constants are
// the PreparedTable fields the definition (DeviceArray's reference loop) reads, packed so one slot's doubles share a
// cache line and integer fields are read as integers (no float-to-index conversion in the loop).
import type { PreparedTable } from '../devices/synapse/notch-step.ts';

/** Doubles per slot in ContinuousTables.slotF, and their offsets. */
export const SLOT_F = { stride: 8, gMin: 0, binScale: 1, invMean: 2, rootInvMean: 3, gMax: 4 } as const;
/** Integers per slot in ContinuousTables.slotI, and their offsets. */
export const SLOT_I = { stride: 4, topBin: 0, entry0: 1, nq: 2 } as const;

/** Slot of a table: 2 * variant + (0 increasing, 1 decreasing), as the notched tables number them. */
export interface ContinuousTables {
  /** Per slot (SLOT_F.stride doubles each): the table's range (clamp), bin scale, mean-step factors. */
  slotF: Float64Array;
  /** Per slot (SLOT_I.stride integers each): last bin, first entry, quantiles. */
  slotI: Int32Array;
  /** Per entry e = entry0[slot] + bin: ave(G) of that bin. */
  ave: Float64Array;
  /** Per entry: where its quantiles start in q. */
  rowOff: Int32Array;
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
  const slotF = new Float64Array(SLOT_F.stride * S);
  const slotI = new Int32Array(SLOT_I.stride * S);
  let entries = 0;
  let cells = 0;
  slots.forEach((t, s) => {
    const f = SLOT_F.stride * s;
    slotF[f + SLOT_F.gMin] = t.gMin;
    slotF[f + SLOT_F.binScale] = t.binScale;
    slotF[f + SLOT_F.invMean] = t.invMeanStep;
    slotF[f + SLOT_F.rootInvMean] = t.rootInvMeanStep;
    slotF[f + SLOT_F.gMax] = t.gMax;
    const i = SLOT_I.stride * s;
    slotI[i + SLOT_I.topBin] = t.nb - 1;
    slotI[i + SLOT_I.entry0] = entries;
    slotI[i + SLOT_I.nq] = t.nq;
    entries += t.nb;
    cells += t.nb * t.nq;
  });
  const ave = new Float64Array(entries);
  const rowOff = new Int32Array(entries);
  const q = new Float32Array(cells);
  let used = 0;
  let rowsKept = 0;
  slots.forEach((t, s) => {
    const e0 = slotI[SLOT_I.stride * s + SLOT_I.entry0]!;
    for (let j = 0; j < t.nb; j++) {
      const e = e0 + j;
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
  return { slotF, slotI, ave, rowOff, q: q.slice(0, used), rowsKept };
}
