// AssemblyScript source of the device array's update loops, compiled to WebAssembly by device-kernel.ts (cached by
// a hash of this text and the compiler's version). The definition is the JS in device-array.ts: each expression below
// is one there, with the same IEEE f64 operations in the same order (f64.sqrt is correctly rounded as Math.sqrt is;
// a Float32Array store rounds as f32.demote does), so the results are bit-identical (tests compare all three loops).
// A pair's two devices (G+, G-) share f64x2 lanes: lane-wise SIMD arithmetic is the scalar arithmetic, lane by lane.
// `x | 0` becomes a saturating truncation, which equals ECMAScript's ToInt32 on the range the caller guarantees.
// Names in {{...}} are substituted from the TypeScript constants before compiling (defined once: src/base/rng.ts,
// src/accel/continuous-tables.ts, kernel header fields in device-kernel.ts).
// All data lives in the imported memory at offsets the header (f64 fields at {{HDR}}) gives; init() reads it once,
// and each loop copies what it reads into locals (a global is re-read through the instance at every use).

// Header, read by init(): byte offsets, counts and constants.
let cols: i32 = 0;
let levels: i32 = 0;
let hiDev: i32 = 0; // first high device (carry), or -1
let wScale: f64 = 0;
let invBase: f64 = 0;
let pKeys: usize = 0;
let pVariant: usize = 0;
let pW: usize = 0;
let pRowIdx: usize = 0;
let pRowVal: usize = 0;
let pColIdx: usize = 0;
let pColVal: usize = 0;
// continuous
let pCond: usize = 0;
let pSlotF: usize = 0;
let pSlotI: usize = 0;
let pAve: usize = 0;
let pRowOff: usize = 0;
let pQ: usize = 0;
// notched
let pNotch: usize = 0;
let pGMin: usize = 0;
let pScale: usize = 0;
let pLevel: usize = 0;
let pInvMean: usize = 0;
let pRootInvMean: usize = 0;
let pRowAve: usize = 0;
let pNRowOff: usize = 0;
let pDG: usize = 0;
let nq: i32 = 0;
let deadZone: f64 = 0;
let pEntryDZ: usize = 0;

@inline function hdr(i: i32): f64 {
  return load<f64>(({{HDR}} as usize) + ((i as usize) << 3));
}

export function init(): void {
  cols = hdr({{H_COLS}}) as i32;
  levels = hdr({{H_LEVELS}}) as i32;
  hiDev = hdr({{H_HI}}) as i32;
  wScale = hdr({{H_WSCALE}});
  invBase = hdr({{H_INVBASE}});
  pKeys = hdr({{H_KEYS}}) as usize;
  pVariant = hdr({{H_VARIANT}}) as usize;
  pW = hdr({{H_W}}) as usize;
  pRowIdx = hdr({{H_ROWIDX}}) as usize;
  pRowVal = hdr({{H_ROWVAL}}) as usize;
  pColIdx = hdr({{H_COLIDX}}) as usize;
  pColVal = hdr({{H_COLVAL}}) as usize;
  pCond = hdr({{H_COND}}) as usize;
  pSlotF = hdr({{H_SLOTF}}) as usize;
  pSlotI = hdr({{H_SLOTI}}) as usize;
  pAve = hdr({{H_AVE}}) as usize;
  pRowOff = hdr({{H_ROWOFF}}) as usize;
  pQ = hdr({{H_Q}}) as usize;
  pNotch = hdr({{H_NOTCH}}) as usize;
  pGMin = hdr({{H_GMIN}}) as usize;
  pScale = hdr({{H_SCALE}}) as usize;
  pLevel = hdr({{H_LEVEL}}) as usize;
  pInvMean = hdr({{H_INVMEAN}}) as usize;
  pRootInvMean = hdr({{H_ROOTINVMEAN}}) as usize;
  pRowAve = hdr({{H_ROWAVE}}) as usize;
  pNRowOff = hdr({{H_NROWOFF}}) as usize;
  pDG = hdr({{H_DG}}) as usize;
  nq = hdr({{H_NQ}}) as i32;
  deadZone = hdr({{H_DEADZONE}});
  pEntryDZ = hdr({{H_ENTRYDZ}}) as usize;
}

// ECMAScript ToInt32 (`x | 0`) for |x| < 2^31 is truncation toward zero (NaN gives 0), as i32x4.trunc_sat is. The
// caller guarantees the range (device-array.ts: the continuous bins from the tables' ranges once per array, the
// notched moves from the update's largest request before each update; otherwise the JS loop runs). A range check
// here cost a quarter of the loop's time: the slow path's call made the compiler keep less in registers.

// src/base/rng.ts's fmix32 and drawWithKey on u32 (wasm's i32.mul is Math.imul).
@inline function fmix32(h: u32): u32 {
  h ^= h >>> {{SH0}};
  h *= {{MU0}};
  h ^= h >>> {{SH1}};
  h *= {{MU1}};
  h ^= h >>> {{SH2}};
  return h;
}

@inline function drawWithKey(key: u32, step: u32): u32 {
  return fmix32(fmix32(step ^ key) + key);
}

@inline function f32at(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + ((i as usize) << 2));
}
@inline function f64at(p: usize, i: i32): f64 {
  return load<f64>(p + ((i as usize) << 3));
}
@inline function i32at(p: usize, i: i32): i32 {
  return load<i32>(p + ((i as usize) << 2));
}

const ROW_BLOCK: i32 = {{ROW_BLOCK}};

// Two lanes (G+, G-) of one pair: the loops below do a pair's two devices' f64 arithmetic in one f64x2 operation
// each, lane by lane the same IEEE operations in the same order as the JS's two scalar expressions (no fused
// multiply-add in wasm SIMD), so every lane is bit-identical to its scalar line.
@inline function pair(a: f64, b: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(a), 1, b);
}
/** Two f32 at p (adjacent) as f64x2, the f32-to-f64 conversion of a Float32Array read. */
@inline function f32pair(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}
/** `x | 0` of both lanes (the saturating truncation: ToInt32 on the caller's range), clamped to [0, top]. */
@inline function binPair(x: v128, top: v128): v128 {
  return i32x4.min_s(i32x4.max_s(i32x4.trunc_sat_f64x2_s_zero(x), i32x4.splat(0)), top);
}

/**
 * DeviceArray.updateContinuous: per block of a row's pairs, a first pass computes each device's move up to its
 * quantile and where that quantile is, a gather pass reads the quantiles (independent loads, many cache misses in
 * flight), a last pass finishes (clamp, store). Scratch per pair: base, coef, ave (f64 pairs), quantile index (i32
 * pair, overwritten with the quantile as f32), slot pair, kk.
 */
// Rows [rowStart, rowEnd) of the signals: a second thread can take the other rows (pairs are independent).
export function updateContinuous(gain: f64, step: u32, rowStart: i32, rowEnd: i32, nc: i32, scratch: usize): void {
  // the header as locals
  const cols_ = cols, hi = hiDev, wScale_ = wScale, invBase_ = invBase;
  const keys = pKeys, variant = pVariant, wP = pW, rowIdx = pRowIdx, rowVal = pRowVal, colIdx = pColIdx, colVal = pColVal;
  const cond = pCond, slotF = pSlotF, slotI = pSlotI, aveP = pAve, rowOff = pRowOff, qP = pQ;
  const sBase = scratch; // each thread its own
  const sCoef = sBase + ((2 * ROW_BLOCK) << 3);
  const sAve = sCoef + ((2 * ROW_BLOCK) << 3);
  const sQi = sAve + ((2 * ROW_BLOCK) << 3);
  const sSlot = sQi + ((2 * ROW_BLOCK) << 2);
  const sKk = sSlot + ((2 * ROW_BLOCK) << 2);
  const half = f64x2.splat(0.5);
  for (let a = rowStart; a < rowEnd; a++) {
    const row = i32at(rowIdx, a) * cols_;
    const fr = gain * f32at(rowVal, a);
    for (let b0 = 0; b0 < nc; b0 += ROW_BLOCK) {
      const nb = min(ROW_BLOCK, nc - b0);
      for (let b = 0; b < nb; b++) {
        const kk = row + i32at(colIdx, b0 + b);
        const dG = fr * f32at(colVal, b0 + b);
        const abs = dG > 0 ? dG : -dG;
        const root = sqrt<f64>(abs);
        const bits = drawWithKey(load<u32>(keys + ((kk as usize) << 2)), step);
        const dp = 2 * kk;
        const up = dG > 0 ? 0 : 1;
        const vv = <i32>load<u16>(variant + (dp as usize));
        const sp = ((vv & 0xff) << 1) | up;
        const sm = ((vv >>> 8) << 1) | (up ^ 1);
        const fp = slotF + (((sp * {{SF}}) as usize) << 3);
        const ip = slotI + (((sp * {{SI}}) as usize) << 2);
        const fm = slotF + (((sm * {{SF}}) as usize) << 3);
        const im = slotI + (((sm * {{SI}}) as usize) << 2);
        const g = f32pair(cond + ((dp as usize) << 2));
        const j = binPair(f64x2.add(f64x2.mul(f64x2.sub(g, pair(f64at(fp, {{F_GMIN}}), f64at(fm, {{F_GMIN}}))), pair(f64at(fp, {{F_BINSCALE}}), f64at(fm, {{F_BINSCALE}}))), half), i32x4.replace_lane(i32x4.splat(i32at(ip, {{I_TOPBIN}})), 1, i32at(im, {{I_TOPBIN}})));
        const ep = i32at(ip, {{I_ENTRY0}}) + i32x4.extract_lane(j, 0);
        const em = i32at(im, {{I_ENTRY0}}) + i32x4.extract_lane(j, 1);
        const av = pair(f64at(aveP, ep), f64at(aveP, em));
        const i = 2 * b;
        store<i32>(sKk + ((b as usize) << 2), kk);
        v128.store(sBase + ((i as usize) << 3), f64x2.add(g, f64x2.mul(f64x2.mul(f64x2.splat(abs), pair(f64at(fp, {{F_INVMEAN}}), f64at(fm, {{F_INVMEAN}}))), av)));
        v128.store(sCoef + ((i as usize) << 3), f64x2.mul(f64x2.splat(root), pair(f64at(fp, {{F_ROOTINVMEAN}}), f64at(fm, {{F_ROOTINVMEAN}}))));
        v128.store(sAve + ((i as usize) << 3), av);
        const qp = i32at(rowOff, ep) + <i32>(((bits & 0xffff) * <u32>i32at(ip, {{I_NQ}})) >>> 16);
        const qm = i32at(rowOff, em) + <i32>(((bits >>> 16) * <u32>i32at(im, {{I_NQ}})) >>> 16);
        store<u64>(sQi + ((i as usize) << 2), <u64><u32>qp | (<u64><u32>qm << 32));
        store<u64>(sSlot + ((i as usize) << 2), <u64><u32>fp | (<u64><u32>fm << 32));
      }
      // the quantiles, in place of their indices
      for (let i = 0; i < 2 * nb; i++) store<f32>(sQi + ((i as usize) << 2), load<f32>(qP + ((i32at(sQi, i) as usize) << 2)));
      for (let b = 0; b < nb; b++) {
        const i = 2 * b;
        const sl = load<u64>(sSlot + ((i as usize) << 2));
        const fp = <usize><u32>sl;
        const fm = <usize>(sl >>> 32);
        const o = (i as usize) << 3;
        let n = f64x2.add(v128.load(sBase + o), f64x2.mul(v128.load(sCoef + o), f64x2.sub(f32pair(sQi + ((i as usize) << 2)), v128.load(sAve + o))));
        // n < gMin ? gMin : n > gMax ? gMax : n, as pmax then pmin (the same since gMin <= gMax; NaN stays NaN)
        n = f64x2.pmin(f64x2.pmax(n, pair(f64at(fp, {{F_GMIN}}), f64at(fm, {{F_GMIN}}))), pair(f64at(fp, {{F_GMAX}}), f64at(fm, {{F_GMAX}})));
        const kk = i32at(sKk, b);
        const dp = 2 * kk;
        v128.store64_lane(cond + ((dp as usize) << 2), f32x4.demote_f64x2_zero(n), 0);
        const d = f64x2.extract_lane(n, 0) - f64x2.extract_lane(n, 1);
        const wk = hi < 0 ? wScale_ * d : wScale_ * (f32at(cond, hi + dp) - f32at(cond, hi + dp + 1) + d * invBase_);
        store<f32>(wP + ((kk as usize) << 2), <f32>wk);
      }
    }
  }
}

/**
 * DeviceArray.updateNotched; returns the devices skipped (below their depinning threshold). Per block of a row's
 * pairs three passes, as updateContinuous: the first decides which devices move and computes each move up to its
 * quantile (a pair whose devices both stay is counted and then overwritten by the next, without a branch: the
 * threshold test mispredicts often), the gather pass reads the quantiles, the last rounds each move to a notch
 * (notch-step.ts's notchAfter). A device below its threshold keeps its notch (selected in the last pass; what is
 * computed for it there is discarded), as in the JS.
 */
export function updateNotched(gain: f64, step: u32, rowStart: i32, rowEnd: i32, nc: i32, scratch: usize): i32 {
  const cols_ = cols, levels_ = levels, hi = hiDev, wScale_ = wScale, invBase_ = invBase, nq_ = <u32>nq, deadZone_ = deadZone;
  const keys = pKeys, variant = pVariant, wP = pW, rowIdx = pRowIdx, rowVal = pRowVal, colIdx = pColIdx, colVal = pColVal;
  const notch = pNotch, gMinP = pGMin, scaleP = pScale, level = pLevel, invMean = pInvMean, rootInvMean = pRootInvMean;
  const rowAve = pRowAve, nRowOff = pNRowOff, dGP = pDG, entryDZ = pEntryDZ;
  // scratch: base, rootS, avg (f64 pairs), quantile index (i32 pair, then the quantile as f32), packed
  // v << 16 | n << 1 | stay (i32 pair), kk
  const sBase = scratch;
  const sRoot = sBase + ((2 * ROW_BLOCK) << 3);
  const sAvg = sRoot + ((2 * ROW_BLOCK) << 3);
  const sQi = sAvg + ((2 * ROW_BLOCK) << 3);
  const sDev = sQi + ((2 * ROW_BLOCK) << 2);
  const sKk = sDev + ((2 * ROW_BLOCK) << 2);
  let skipped = 0;
  const top = levels_ - 1;
  const topV = i32x4.splat(top);
  const half = f64x2.splat(0.5);
  let cMax: f64 = 0;
  for (let b = 0; b < nc; b++) cMax = max<f64>(cMax, abs<f64>(f32at(colVal, b)));
  for (let a = rowStart; a < rowEnd; a++) {
    const row = i32at(rowIdx, a) * cols_;
    const fr = gain * f32at(rowVal, a);
    if ((fr > 0 ? fr : -fr) * cMax < deadZone_) {
      skipped += 2 * nc;
      continue;
    }
    for (let b0 = 0; b0 < nc; b0 += ROW_BLOCK) {
      const nb = min(ROW_BLOCK, nc - b0);
      let cnt = 0;
      for (let b = 0; b < nb; b++) {
        const kk = row + i32at(colIdx, b0 + b);
        const dG = fr * f32at(colVal, b0 + b);
        const abs = dG > 0 ? dG : -dG;
        if (abs < deadZone_) {
          skipped += 2;
          continue;
        }
        const up = dG > 0 ? 0 : 1;
        const dp = 2 * kk;
        const nn = <i32>load<u16>(notch + (dp as usize));
        const vv = <i32>load<u16>(variant + (dp as usize));
        const np = nn & 0xff;
        const nm = nn >>> 8;
        const vp = vv & 0xff;
        const vm = vv >>> 8;
        const tp = (vp << 1) | up;
        const tm = (vm << 1) | (up ^ 1);
        const ep = tp * levels_ + np;
        const em = tm * levels_ + nm;
        const stayP = <i32>(abs < f64at(entryDZ, ep));
        const stayM = <i32>(abs < f64at(entryDZ, em));
        skipped += stayP + stayM;
        const root = sqrt<f64>(abs);
        const bits = drawWithKey(load<u32>(keys + ((kk as usize) << 2)), step);
        const i = 2 * cnt;
        const av = pair(f64at(rowAve, ep), f64at(rowAve, em));
        const o = (i as usize) << 3;
        store<i32>(sKk + ((cnt as usize) << 2), kk);
        // notchAfter's g + s * avg, and rootS
        v128.store(sBase + o, f64x2.add(pair(f64at(level, vp * levels_ + np), f64at(level, vm * levels_ + nm)), f64x2.mul(f64x2.mul(f64x2.splat(abs), pair(f64at(invMean, tp), f64at(invMean, tm))), av)));
        v128.store(sRoot + o, f64x2.mul(f64x2.splat(root), pair(f64at(rootInvMean, tp), f64at(rootInvMean, tm))));
        v128.store(sAvg + o, av);
        const qp = i32at(nRowOff, ep) + <i32>(((bits & 0xffff) * nq_) >>> 16);
        const qm = i32at(nRowOff, em) + <i32>(((bits >>> 16) * nq_) >>> 16);
        store<u64>(sQi + ((i as usize) << 2), <u64><u32>qp | (<u64><u32>qm << 32));
        const devP = (vp << 16) | (np << 1) | stayP;
        const devM = (vm << 16) | (nm << 1) | stayM;
        store<u64>(sDev + ((i as usize) << 2), <u64><u32>devP | (<u64><u32>devM << 32));
        cnt += (stayP & stayM) ^ 1; // a pair that both stay is overwritten by the next
      }
      for (let i = 0; i < 2 * cnt; i++) store<f32>(sQi + ((i as usize) << 2), load<f32>(dGP + ((i32at(sQi, i) as usize) << 2)));
      for (let j = 0; j < cnt; j++) {
        const i = 2 * j;
        const dev = load<u64>(sDev + ((i as usize) << 2));
        const devP = <i32><u32>dev;
        const devM = <i32>(dev >>> 32);
        const vp = devP >>> 16;
        const vm = devM >>> 16;
        const o = (i as usize) << 3;
        const g = f64x2.add(v128.load(sBase + o), f64x2.mul(v128.load(sRoot + o), f64x2.sub(f32pair(sQi + ((i as usize) << 2)), v128.load(sAvg + o))));
        const x = binPair(f64x2.add(f64x2.mul(f64x2.sub(g, pair(f64at(gMinP, vp), f64at(gMinP, vm))), pair(f64at(scaleP, vp), f64at(scaleP, vm))), half), topV);
        const mp = devP & 1 ? (devP >>> 1) & 0x7fff : i32x4.extract_lane(x, 0);
        const mm = devM & 1 ? (devM >>> 1) & 0x7fff : i32x4.extract_lane(x, 1);
        const kk = i32at(sKk, j);
        const dp = 2 * kk;
        store<u16>(notch + (dp as usize), <u16>(mp | (mm << 8)));
        const diff = f64at(level, vp * levels_ + mp) - f64at(level, vm * levels_ + mm);
        let wk: f64;
        if (hi < 0) wk = wScale_ * diff;
        else {
          const hn = <i32>load<u16>(notch + ((hi + dp) as usize));
          const hv = <i32>load<u16>(variant + ((hi + dp) as usize));
          wk = wScale_ * (f64at(level, (hv & 0xff) * levels_ + (hn & 0xff)) - f64at(level, (hv >>> 8) * levels_ + (hn >>> 8)) + diff * invBase_);
        }
        store<f32>(wP + ((kk as usize) << 2), <f32>wk);
      }
    }
  }
  return skipped;
}
