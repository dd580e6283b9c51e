// The tile's vectorized twin: the same command words in and out as the reference executor
// (src/semantics/tile-reference.ts, the definition), fast where tasks spend their time. The commands that only move
// memory (INFO, STATUS, SET_*, WRITE_*, READ_STATES, LOAD_*) are the reference's own code; UPDATE, CARRY, FORWARD
// and TRANSPOSE are rewritten as whole-array loops over typed arrays: per-pair RNG keys computed once per seed, a
// flat transition ROM, a weight matrix in level codes kept in step with the states (rebuilt lazily after any
// write to states, variants, levels or Gpar). No kernel objects. The property test checks every word against the
// reference over random configurations.
import { drawWithKey, streamKey } from '../base/rng.ts';
import { adcCode, carryWeight } from '../semantics/tile-arith.ts';
import { TILE_OP, TILE_STATUS } from '../semantics/tile-commands.ts';
import type { TileParams } from '../semantics/tile-params.ts';
import { TileReference } from '../semantics/tile-reference.ts';
import { activeGroups, carryCycles, updateCycles } from '../semantics/tile-timing.ts';

const absOf = (x: number): number => (x < 0 ? -x : x);

/** Device d's move (transition entry ((v 2 + dir) N + n) codes + request - 1, draw u); returns its new level code. */
function moveDevice(states: Uint8Array, variants: Uint8Array, levels: Uint16Array, m0: Int8Array, t: Uint16Array, d: number, dir: number, request: number, u: number, N: number, codes: number, K: number, top: number): number {
  const n = states[d]!;
  const e = ((variants[d]! * 2 + dir) * N + n) * codes + request - 1;
  let m = n + m0[e]!;
  const o = e * K;
  for (let k = 0; k < K; k++) if (u > t[o + k]!) m++;
  m = m < 0 ? 0 : m > top ? top : m;
  states[d] = m;
  return levels[variants[d]! * N + m]!;
}

/** The smallest request that can move pair k's devices when G+ moves in direction dir (TileTwin.pairMin). */
function pairMinOf(states: Uint8Array, variants: Uint8Array, firstMoving: Uint16Array, N: number, parallel: boolean, k: number, dir: number): number {
  if (parallel) return firstMoving[(variants[k]! * 2 + dir) * N + states[k]!]!;
  const a = firstMoving[(variants[2 * k]! * 2 + dir) * N + states[2 * k]!]!;
  const b = firstMoving[(variants[2 * k + 1]! * 2 + (dir ^ 1)) * N + states[2 * k + 1]!]!;
  return a < b ? a : b;
}

export class TileTwin extends TileReference {
  private keys: Uint32Array;
  private keySeed = -1;
  /** Weights in level codes, row-major (integers below 2^25: |W| <= (2^16 - 1) (N + 1)); valid when !dirty. */
  private readonly w: Int32Array;
  private dirty = true;
  private readonly r: Int32Array;
  private readonly c: Int32Array;
  private readonly rowIdx: Int32Array;
  private readonly colIdx: Int32Array;
  private readonly acc: Float64Array;
  /** Per transition entry: 1 when it never moves (m0 = 0, every threshold 2^P - 1): no draw needed. */
  private readonly still: Uint8Array;
  /** Per request code p (index p - 1): 1 when every entry of that request is still. */
  private readonly stillRequest: Uint8Array;
  /** Index p - 1: 1 when every request 1..p is still (a row whose largest request is still is skipped whole). */
  private readonly stillUpTo: Uint8Array;
  /**
   * Per (variant, dir, notch): the smallest request whose entry moves (requestCodes + 1 if none). A request below it
   * is still by definition, so most pairs are skipped on this small table (it stays in L1) without reading `still`.
   */
  private readonly firstMoving: Uint16Array;
  /**
   * Per pair and direction of G+ (index 2k + dir): the smallest request that can move either device of the pair at
   * its current notches, min of the two firstMoving entries. One sequential load per visited pair decides most skips;
   * kept up to date as devices move, rebuilt after a ROM load or any write to states or variants.
   */
  private readonly pairMin: Uint16Array;
  private pairMinValid = false;
  /** UPDATE's non-zero columns by |c|: bucket m holds byMag[magStart[m] .. magStart[m + 1] - 1]. */
  private readonly byMag: Int32Array;
  private readonly magStart: Int32Array;
  private stillDirty = true;

  constructor(p: TileParams) {
    super(p);
    this.keys = new Uint32Array(this.sz.pairs);
    this.w = new Int32Array(this.sz.pairs);
    this.r = new Int32Array(p.rows);
    this.c = new Int32Array(p.cols);
    this.rowIdx = new Int32Array(p.rows);
    this.colIdx = new Int32Array(p.cols);
    this.acc = new Float64Array(Math.max(p.rows, p.cols));
    this.still = new Uint8Array(this.sz.transitionEntries);
    this.stillRequest = new Uint8Array(this.sz.requestCodes);
    this.stillUpTo = new Uint8Array(this.sz.requestCodes);
    this.firstMoving = new Uint16Array(this.sz.transitionEntries / this.sz.requestCodes);
    this.pairMin = new Uint16Array(2 * this.sz.pairs);
    this.byMag = new Int32Array(p.cols);
    this.magStart = new Int32Array(p.colLevels + 2);
  }

  private ensurePairMin(): void {
    if (this.pairMinValid) return;
    const parallel = this.p.reference === 'parallel';
    for (let k = 0; k < this.sz.pairs; k++) {
      this.pairMin[2 * k] = pairMinOf(this.states, this.variants, this.firstMoving, this.p.notches, parallel, k, 0);
      this.pairMin[2 * k + 1] = pairMinOf(this.states, this.variants, this.firstMoving, this.p.notches, parallel, k, 1);
    }
    this.pairMinValid = true;
  }

  /** rst clears Gpar among the registers: the cached weights are rebuilt. */
  override reset(): void {
    super.reset();
    this.dirty = true;
  }

  /**
   * Which entries cannot move a device. A pair whose two devices read still entries keeps its states whatever its
   * draw, and draws are keyed by pair and step, so skipping it changes nothing else: exact, as DeviceArray's dead zone.
   */
  private ensureStill(): void {
    if (!this.stillDirty) return;
    const { m0, t } = this.rom;
    const K = this.p.moveSpan;
    const never = 2 ** this.p.probBits - 1;
    const codes = this.sz.requestCodes;
    this.stillRequest.fill(1);
    for (let e = 0; e < this.still.length; e++) {
      let s = m0[e] === 0 ? 1 : 0;
      for (let k = 0; k < K && s; k++) if (t[e * K + k] !== never) s = 0;
      this.still[e] = s;
      if (!s) this.stillRequest[e % codes] = 0;
    }
    for (let q = 0; q < codes; q++) this.stillUpTo[q] = this.stillRequest[q]! & (q > 0 ? this.stillUpTo[q - 1]! : 1);
    for (let b = 0; b < this.firstMoving.length; b++) {
      let q = 0;
      while (q < codes && this.still[b * codes + q]) q++;
      this.firstMoving[b] = q + 1;
    }
    this.stillDirty = false;
  }

  protected override dispatch(cmd: number[]): number | { results: number[]; cycles: number } {
    const gpar = this.gpar;
    const r = super.dispatch(cmd);
    const op = cmd[0]! >>> 24;
    if (op === TILE_OP.LOAD_TRANSITIONS) this.stillDirty = true;
    if (op === TILE_OP.WRITE_STATES || op === TILE_OP.WRITE_VARIANTS || op === TILE_OP.LOAD_LEVELS || this.gpar !== gpar) this.dirty = true;
    if (op === TILE_OP.LOAD_TRANSITIONS || op === TILE_OP.WRITE_STATES || op === TILE_OP.WRITE_VARIANTS) this.pairMinValid = false;
    return r;
  }

  private ensureKeys(): void {
    if (this.keySeed === this.seed) return;
    for (let k = 0; k < this.keys.length; k++) this.keys[k] = streamKey(this.seed, k);
    this.keySeed = this.seed;
  }

  private weights(): Int32Array {
    if (this.dirty) {
      for (let k = 0; k < this.sz.pairs; k++) this.w[k] = this.weight(k);
      this.dirty = false;
    }
    return this.w;
  }

  protected override update(a: number[]): number | { results: number[]; cycles: number } {
    const p = this.p;
    const { r, c, rowIdx, colIdx } = this;
    const colOff = Math.ceil(p.rows / 4);
    let nr = 0;
    let nc = 0;
    let bad = false;
    for (let i = 0; i < p.rows; i++) {
      const v = ((a[i >> 2]! >>> ((i & 3) * 8)) << 24) >> 24;
      r[i] = v;
      if (v > p.rowSlots || v < -p.rowSlots) bad = true;
      if (v !== 0) rowIdx[nr++] = i;
    }
    for (let j = 0; j < p.cols; j++) {
      const v = ((a[colOff + (j >> 2)]! >>> ((j & 3) * 8)) << 24) >> 24;
      c[j] = v;
      if (v > p.colLevels || v < -p.colLevels) bad = true;
      if (v !== 0) colIdx[nc++] = j;
    }
    if (bad) return TILE_STATUS.ARG_OUT_OF_RANGE;
    this.step = (this.step + 1) >>> 0;
    this.counters.updates = (this.counters.updates + 1) >>> 0;
    this.ensureKeys();
    this.ensureStill();
    this.ensurePairMin();
    const { still, stillRequest, stillUpTo, firstMoving, pairMin } = this;
    let cMax = 0;
    for (let b = 0; b < nc; b++) cMax = Math.max(cMax, Math.abs(c[colIdx[b]!]!));
    const w = this.weights();
    const step = this.step;
    const { states, variants, levels, keys } = this;
    const { m0, t } = this.rom;
    const N = p.notches;
    const top = N - 1;
    const K = p.moveSpan;
    const codes = p.rowSlots * p.colLevels;
    const shift = 16 - p.probBits;
    const cols = p.cols;
    const parallel = p.reference === 'parallel';
    const hi = p.carry ? 2 * this.sz.pairs : -1;
    const gpar = this.gpar;
    // (no closure in this function: variables a closure captures live in a context object, and the pair loop
    // below would load every one of them from there on each use)
    // The non-zero columns sorted by |c| (counting sort), so that a row visits only the columns whose request
    // |r| |c| can move some device: every pair is independent (own devices, own draw), so the order is free.
    const { byMag, magStart } = this;
    const Cl = p.colLevels;
    magStart.fill(0);
    for (let b = 0; b < nc; b++) magStart[absOf(c[colIdx[b]!]!) + 1]!++;
    for (let m = 1; m <= Cl + 1; m++) magStart[m]! += magStart[m - 1]!;
    for (let b = 0; b < nc; b++) {
      const j = colIdx[b]!;
      byMag[magStart[absOf(c[j]!)]!++] = j;
    }
    for (let m = Cl + 1; m > 0; m--) magStart[m] = magStart[m - 1]!; // back to bucket starts
    magStart[0] = 0;
    for (let a2 = 0; a2 < nr; a2++) {
      const i = rowIdx[a2]!;
      const ri = r[i]!;
      const ar = ri < 0 ? -ri : ri;
      if (stillUpTo[ar * cMax - 1]) continue; // no request of this row can move a device
      for (let mag = 1; mag <= Cl; mag++) {
        const request = ar * mag;
        if (stillRequest[request - 1]) continue; // no device moves at this request
        const bEnd = magStart[mag + 1]!;
        for (let b = magStart[mag]!; b < bEnd; b++) {
          const j = byMag[b]!;
          const cj = c[j]!;
          const up = (ri > 0) === (cj > 0) ? 0 : 1;
          const k = i * cols + j;
          if (request < pairMin[2 * k + up]!) continue; // neither device can move at this request
          if (parallel) {
            const bd = (variants[k]! * 2 + up) * N + states[k]!;
            if (request < firstMoving[bd]! || still[bd * codes + request - 1]) continue;
          } else {
            const bp = (variants[2 * k]! * 2 + up) * N + states[2 * k]!;
            const bm = (variants[2 * k + 1]! * 2 + (up ^ 1)) * N + states[2 * k + 1]!;
            if ((request < firstMoving[bp]! || still[bp * codes + request - 1]) && (request < firstMoving[bm]! || still[bm * codes + request - 1])) continue;
          }
          const bits = drawWithKey(keys[k]!, step);
          if (parallel) {
            w[k] = moveDevice(states, variants, levels, m0, t, k, up, request, (bits & 0xffff) >>> shift, N, codes, K, top) - gpar;
          } else {
            const lp = moveDevice(states, variants, levels, m0, t, 2 * k, up, request, (bits & 0xffff) >>> shift, N, codes, K, top);
            const lm = moveDevice(states, variants, levels, m0, t, 2 * k + 1, up ^ 1, request, (bits >>> 16) >>> shift, N, codes, K, top);
            w[k] = hi < 0 ? lp - lm : N * (levels[variants[hi + 2 * k]! * N + states[hi + 2 * k]!]! - levels[variants[hi + 2 * k + 1]! * N + states[hi + 2 * k + 1]!]!) + lp - lm;
          }
          pairMin[2 * k] = pairMinOf(states, variants, firstMoving, N, parallel, k, 0);
          pairMin[2 * k + 1] = pairMinOf(states, variants, firstMoving, N, parallel, k, 1);
        }
      }
    }
    const cycles = updateCycles(p, nr, activeGroups(c, p.lanes));
    return { results: [nr * nc, cycles], cycles };
  }

  protected override carry(): { results: number[]; cycles: number } {
    const p = this.p;
    const s = this.states;
    const N = p.notches;
    const pairs = this.sz.pairs;
    const half = N / 2;
    let carried = 0;
    for (let k = 0; k < pairs; k++) {
      const d = s[2 * k]! - s[2 * k + 1]!;
      if (d < half && d > -half) continue; // |d| < N/2: no whole notch to carry (the common case)
      const cw = carryWeight(s[2 * pairs + 2 * k]!, s[2 * pairs + 2 * k + 1]!, s[2 * k]!, s[2 * k + 1]!, N);
      if (!cw) continue;
      carried++;
      s[2 * pairs + 2 * k] = cw.hiPlus;
      s[2 * pairs + 2 * k + 1] = cw.hiMinus;
      s[2 * k] = cw.loPlus;
      s[2 * k + 1] = cw.loMinus;
    }
    if (carried > 0) ((this.dirty = true), (this.pairMinValid = false));
    const cycles = carryCycles(p);
    return { results: [carried, cycles], cycles };
  }

  protected override read(fwd: boolean, x: ArrayLike<number>): ArrayLike<number> {
    const p = this.p;
    const w = this.weights();
    const { rows, cols } = p;
    const nOut = fwd ? cols : rows;
    const acc = this.acc;
    acc.fill(0, 0, nOut);
    if (fwd) {
      // Four non-zero inputs per pass over the outputs (a quarter of the accumulator traffic). Every term and partial
      // sum is an integer below 2^48 (the schema's accumulator bound), exact in a double, so the order is free.
      const nz = this.rowIdx;
      let n = 0;
      for (let i = 0; i < rows; i++) if (x[i] !== 0) nz[n++] = i;
      let q = 0;
      for (; q + 4 <= n; q += 4) {
        const i0 = nz[q]!;
        const i1 = nz[q + 1]!;
        const i2 = nz[q + 2]!;
        const i3 = nz[q + 3]!;
        const x0 = x[i0]!;
        const x1 = x[i1]!;
        const x2 = x[i2]!;
        const x3 = x[i3]!;
        const o0 = i0 * cols;
        const o1 = i1 * cols;
        const o2 = i2 * cols;
        const o3 = i3 * cols;
        for (let j = 0; j < cols; j++) acc[j] += x0 * w[o0 + j]! + x1 * w[o1 + j]! + x2 * w[o2 + j]! + x3 * w[o3 + j]!;
      }
      for (; q < n; q++) {
        const i = nz[q]!;
        const xi = x[i]!;
        const o = i * cols;
        for (let j = 0; j < cols; j++) acc[j] += xi * w[o + j]!;
      }
    } else {
      for (let i = 0; i < rows; i++) {
        const o = i * cols;
        let s = 0;
        for (let j = 0; j < cols; j++) s += x[j]! * w[o + j]!;
        acc[i] = s;
      }
    }
    const codes = new Int32Array(nOut);
    for (let o = 0; o < nOut; o++) codes[o] = adcCode(acc[o]!, this.adcShift, p.adcBits);
    return codes;
  }
}
