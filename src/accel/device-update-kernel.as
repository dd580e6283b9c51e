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
let pSlotF: usize = 0; // then slotI, cEntry (device-kernel.ts REGION)
let pQ: usize = 0;
// notched
let pNotch: usize = 0;
let pNVar: usize = 0; // then nType, nEntry (device-kernel.ts REGION)
let pLevel: usize = 0;
let pDG: usize = 0;
let nq: i32 = 0;
let deadZone: f64 = 0;

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
  pQ = hdr({{H_Q}}) as usize;
  pNotch = hdr({{H_NOTCH}}) as usize;
  pNVar = hdr({{H_NVAR}}) as usize;
  pLevel = hdr({{H_LEVEL}}) as usize;
  pDG = hdr({{H_DG}}) as usize;
  nq = hdr({{H_NQ}}) as i32;
  deadZone = hdr({{H_DEADZONE}});
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
/** Rows a thread claims at a time: small enough to balance two threads, large enough that claims cost nothing. */
const ROW_CHUNK: i32 = 4;

// Two lanes (G+, G-) of one pair: the loops below do a pair's two devices' f64 arithmetic in one f64x2 operation
// each, lane by lane the same IEEE operations in the same order as the JS's two scalar expressions (no fused
// multiply-add in wasm SIMD), so every lane is bit-identical to its scalar line.
@inline function pair(a: f64, b: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(a), 1, b);
}
/** Lane 0 of a and lane 0 of b (lo), or lane 1 of each (hi): two devices' fields from their 16-byte records. */
@inline function lo(a: v128, b: v128): v128 {
  return v128.shuffle<f64>(a, b, 0, 2);
}
@inline function hi2(a: v128, b: v128): v128 {
  return v128.shuffle<f64>(a, b, 1, 3);
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
// Rows [0, rowEnd) of the signals, claimed ROW_CHUNK at a time from the shared counter at `counter` (0 before the
// update): a second thread on the same memory takes whatever rows this one has not (pairs are independent).
export function updateContinuous(gain: f64, step: u32, rowEnd: i32, nc: i32, scratch: usize, counter: usize): void {
  // the header as locals
  const cols_ = cols, hi = hiDev, wScale_ = wScale, invBase_ = invBase;
  const keys = pKeys, variant = pVariant, wP = pW, rowIdx = pRowIdx, rowVal = pRowVal, colIdx = pColIdx, colVal = pColVal;
  const cond = pCond, small = pSlotF, qP = pQ; // small: slotF, slotI, cEntry back to back (device-kernel.ts REGION)
  // scratch (each thread its own), arrays at fixed offsets (immediates: no register for each)
  const half = f64x2.splat(0.5);
  for (let a0 = atomic.add<i32>(counter, ROW_CHUNK); a0 < rowEnd; a0 = atomic.add<i32>(counter, ROW_CHUNK)) for (let a = a0, a1 = min(a0 + ROW_CHUNK, rowEnd); a < a1; a++) {
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
        const fp = small + (((sp * {{SF}}) as usize) << 3);
        const ip = small + (((sp * {{SI}}) as usize) << 2); // + RC_SLOTI
        const fm = small + (((sm * {{SF}}) as usize) << 3);
        const im = small + (((sm * {{SI}}) as usize) << 2);
        const g = f32pair(cond + ((dp as usize) << 2));
        const f0p = v128.load(fp, {{FB_GMIN}}), f0m = v128.load(fm, {{FB_GMIN}}); // gMin, binScale
        const f1p = v128.load(fp, {{FB_INVMEAN}}), f1m = v128.load(fm, {{FB_INVMEAN}}); // invMean, rootInvMean
        const j = binPair(f64x2.add(f64x2.mul(f64x2.sub(g, lo(f0p, f0m)), hi2(f0p, f0m)), half), i32x4.replace_lane(i32x4.splat(load<i32>(ip, {{RC_SLOTI}} + 4 * {{I_TOPBIN}})), 1, load<i32>(im, {{RC_SLOTI}} + 4 * {{I_TOPBIN}})));
        const cp = small + (((load<i32>(ip, {{RC_SLOTI}} + 4 * {{I_ENTRY0}}) + i32x4.extract_lane(j, 0)) * {{CE_BYTES}}) as usize); // + RC_ENTRY
        const cm = small + (((load<i32>(im, {{RC_SLOTI}} + 4 * {{I_ENTRY0}}) + i32x4.extract_lane(j, 1)) * {{CE_BYTES}}) as usize);
        const av = pair(load<f64>(cp, {{RC_ENTRY}} + {{CE_AVE}}), load<f64>(cm, {{RC_ENTRY}} + {{CE_AVE}}));
        const i = 2 * b;
        store<i32>(scratch + ((b as usize) << 2), kk, {{SO_K}});
        v128.store(scratch + ((i as usize) << 3), f64x2.add(g, f64x2.mul(f64x2.mul(f64x2.splat(abs), lo(f1p, f1m)), av)), {{SO_A}});
        v128.store(scratch + ((i as usize) << 3), f64x2.mul(f64x2.splat(root), hi2(f1p, f1m)), {{SO_B}});
        v128.store(scratch + ((i as usize) << 3), av, {{SO_C}});
        const qp = load<i32>(cp, {{RC_ENTRY}} + {{CE_ROWOFF}}) + <i32>(((bits & 0xffff) * <u32>load<i32>(ip, {{RC_SLOTI}} + 4 * {{I_NQ}})) >>> 16);
        const qm = load<i32>(cm, {{RC_ENTRY}} + {{CE_ROWOFF}}) + <i32>(((bits >>> 16) * <u32>load<i32>(im, {{RC_SLOTI}} + 4 * {{I_NQ}})) >>> 16);
        store<u64>(scratch + ((i as usize) << 2), <u64><u32>qp | (<u64><u32>qm << 32), {{SO_Q}});
        store<u64>(scratch + ((i as usize) << 2), <u64><u32>fp | (<u64><u32>fm << 32), {{SO_S}});
      }
      // the quantiles, in place of their indices
      for (let i = 0; i < 2 * nb; i++) store<f32>(scratch + ((i as usize) << 2), load<f32>(qP + ((load<i32>(scratch + ((i as usize) << 2), {{SO_Q}}) as usize) << 2)), {{SO_Q}});
      for (let b = 0; b < nb; b++) {
        const i = 2 * b;
        const sl = load<u64>(scratch + ((i as usize) << 2), {{SO_S}});
        const fp = <usize><u32>sl;
        const fm = <usize>(sl >>> 32);
        const o = (i as usize) << 3;
        let n = f64x2.add(v128.load(scratch + o, {{SO_A}}), f64x2.mul(v128.load(scratch + o, {{SO_B}}), f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(scratch + ((i as usize) << 2), {{SO_Q}})), v128.load(scratch + o, {{SO_C}}))));
        // n < gMin ? gMin : n > gMax ? gMax : n, as pmax then pmin (the same since gMin <= gMax; NaN stays NaN)
        n = f64x2.pmin(f64x2.pmax(n, pair(f64at(fp, {{F_GMIN}}), f64at(fm, {{F_GMIN}}))), pair(f64at(fp, {{F_GMAX}}), f64at(fm, {{F_GMAX}})));
        const kk = load<i32>(scratch + ((b as usize) << 2), {{SO_K}});
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
export function updateNotched(gain: f64, step: u32, rowEnd: i32, nc: i32, scratch: usize, counter: usize): i32 {
  const cols_ = cols, levels_ = levels, hi = hiDev, wScale_ = wScale, invBase_ = invBase, nq_ = <u32>nq, deadZone_ = deadZone;
  const keys = pKeys, variant = pVariant, wP = pW, rowIdx = pRowIdx, rowVal = pRowVal, colIdx = pColIdx, colVal = pColVal;
  const notch = pNotch, small = pNVar, level = pLevel, dGP = pDG; // small: nVar, nType, nEntry back to back (device-kernel.ts REGION)
  // scratch (each thread its own), arrays at fixed offsets (immediates: no register for each): base, rootS, avg
  // (f64 pairs), quantile index (i32 pair, then the quantile as f32), packed v << 16 | n << 1 | stay (i32 pair), kk
  let skipped = 0;
  const top = levels_ - 1;
  const topV = i32x4.splat(top);
  const half = f64x2.splat(0.5);
  let cMax: f64 = 0;
  for (let b = 0; b < nc; b++) cMax = max<f64>(cMax, abs<f64>(f32at(colVal, b)));
  for (let a0 = atomic.add<i32>(counter, ROW_CHUNK); a0 < rowEnd; a0 = atomic.add<i32>(counter, ROW_CHUNK)) for (let a = a0, a1 = min(a0 + ROW_CHUNK, rowEnd); a < a1; a++) {
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
        const ep = small + (((tp * levels_ + np) * {{NE_BYTES}}) as usize); // + RN_ENTRY
        const em = small + (((tm * levels_ + nm) * {{NE_BYTES}}) as usize);
        const stayP = <i32>(abs < load<f64>(ep, {{RN_ENTRY}} + {{NE_DZ}}));
        const stayM = <i32>(abs < load<f64>(em, {{RN_ENTRY}} + {{NE_DZ}}));
        skipped += stayP + stayM;
        const root = sqrt<f64>(abs);
        const bits = drawWithKey(load<u32>(keys + ((kk as usize) << 2)), step);
        const i = 2 * cnt;
        const xp = v128.load(ep, {{RN_ENTRY}} + {{NE_AVE}}), xm = v128.load(em, {{RN_ENTRY}} + {{NE_AVE}}); // ave, level
        const yp = v128.load(small + ((tp * {{NT_BYTES}}) as usize), {{RN_TYPE}}), ym = v128.load(small + ((tm * {{NT_BYTES}}) as usize), {{RN_TYPE}}); // invMean, rootInvMean
        const av = lo(xp, xm);
        const o = (i as usize) << 3;
        store<i32>(scratch + ((cnt as usize) << 2), kk, {{SO_K}});
        // notchAfter's g + s * avg, and rootS
        v128.store(scratch + o, f64x2.add(hi2(xp, xm), f64x2.mul(f64x2.mul(f64x2.splat(abs), lo(yp, ym)), av)), {{SO_A}});
        v128.store(scratch + o, f64x2.mul(f64x2.splat(root), hi2(yp, ym)), {{SO_B}});
        v128.store(scratch + o, av, {{SO_C}});
        const qp = load<i32>(ep, {{RN_ENTRY}} + {{NE_ROWOFF}}) + <i32>(((bits & 0xffff) * nq_) >>> 16);
        const qm = load<i32>(em, {{RN_ENTRY}} + {{NE_ROWOFF}}) + <i32>(((bits >>> 16) * nq_) >>> 16);
        store<u64>(scratch + ((i as usize) << 2), <u64><u32>qp | (<u64><u32>qm << 32), {{SO_Q}});
        const devP = (vp << 16) | (np << 1) | stayP;
        const devM = (vm << 16) | (nm << 1) | stayM;
        store<u64>(scratch + ((i as usize) << 2), <u64><u32>devP | (<u64><u32>devM << 32), {{SO_S}});
        cnt += (stayP & stayM) ^ 1; // a pair that both stay is overwritten by the next
      }
      for (let i = 0; i < 2 * cnt; i++) store<f32>(scratch + ((i as usize) << 2), load<f32>(dGP + ((load<i32>(scratch + ((i as usize) << 2), {{SO_Q}}) as usize) << 2)), {{SO_Q}});
      for (let j = 0; j < cnt; j++) {
        const i = 2 * j;
        const dev = load<u64>(scratch + ((i as usize) << 2), {{SO_S}});
        const devP = <i32><u32>dev;
        const devM = <i32>(dev >>> 32);
        const vp = devP >>> 16;
        const vm = devM >>> 16;
        const o = (i as usize) << 3;
        const g = f64x2.add(v128.load(scratch + o, {{SO_A}}), f64x2.mul(v128.load(scratch + o, {{SO_B}}), f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(scratch + ((i as usize) << 2), {{SO_Q}})), v128.load(scratch + o, {{SO_C}}))));
        const rp = v128.load(small + ((vp * {{NV_BYTES}}) as usize)), rm = v128.load(small + ((vm * {{NV_BYTES}}) as usize)); // gMin, scale
        const x = binPair(f64x2.add(f64x2.mul(f64x2.sub(g, lo(rp, rm)), hi2(rp, rm)), half), topV);
        const mp = devP & 1 ? (devP >>> 1) & 0x7fff : i32x4.extract_lane(x, 0);
        const mm = devM & 1 ? (devM >>> 1) & 0x7fff : i32x4.extract_lane(x, 1);
        const kk = load<i32>(scratch + ((j as usize) << 2), {{SO_K}});
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
