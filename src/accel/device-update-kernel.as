// AssemblyScript source of the device array's update loops, compiled to WebAssembly by device-kernel.ts (cached by
// a hash of this text and the compiler's version). The definition is the JS in device-array.ts: every line below
// mirrors one there, in the same order of IEEE f64 operations (f64.sqrt is correctly rounded as Math.sqrt is; a
// Float32Array store rounds as f32.demote does), so the results are bit-identical (tests compare all three loops).
// `x | 0` becomes toInt32, a truncation that equals ECMAScript's ToInt32 on the range the caller guarantees.
// Names in {{...}} are substituted from the TypeScript constants before compiling (defined once: src/base/rng.ts,
// src/accel/continuous-tables.ts, kernel header fields in device-kernel.ts).
// All data lives in the imported memory at offsets the header (f64 fields at {{HDR}}) gives; init() reads it once.

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

// ECMAScript ToInt32 (`x | 0`) for |x| < 2^31, where it is truncation toward zero (and NaN gives 0 in both). The
// caller guarantees the range (device-array.ts: the continuous bins from the tables' ranges once per array, the
// notched moves from the update's largest request before each update; otherwise the JS loop runs). A range check
// here cost a quarter of the loop's time: the slow path's call made the compiler keep less in registers.
@inline function toInt32(x: f64): i32 {
  return <i32>x;
}

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
@inline function u8at(p: usize, i: i32): i32 {
  return <i32>load<u8>(p + (i as usize));
}

const ROW_BLOCK: i32 = {{ROW_BLOCK}};

/** DeviceArray.updateContinuous: two passes per block of a row's pairs, scratch as in the JS (see there). */
// Rows [rowStart, rowEnd) of the signals: a second thread can take the other rows (pairs are independent).
export function updateContinuous(gain: f64, step: u32, rowStart: i32, rowEnd: i32, nc: i32, scratch: usize): void {
  // scratch: base, coef, ave (f64 x 2 ROW_BLOCK each), qi, slot (i32 x 2 ROW_BLOCK each), kk (i32 x ROW_BLOCK)
  const sBase = scratch; // each thread its own
  const sCoef = sBase + ((2 * ROW_BLOCK) << 3);
  const sAve = sCoef + ((2 * ROW_BLOCK) << 3);
  const sQi = sAve + ((2 * ROW_BLOCK) << 3);
  const sSlot = sQi + ((2 * ROW_BLOCK) << 2);
  const sKk = sSlot + ((2 * ROW_BLOCK) << 2);
  const hi = hiDev;
  for (let a = rowStart; a < rowEnd; a++) {
    const row = i32at(pRowIdx, a) * cols;
    const fr = gain * f32at(pRowVal, a);
    for (let b0 = 0; b0 < nc; b0 += ROW_BLOCK) {
      const nb = min(ROW_BLOCK, nc - b0);
      for (let b = 0; b < nb; b++) {
        const kk = row + i32at(pColIdx, b0 + b);
        const dG = fr * f32at(pColVal, b0 + b);
        const abs = dG > 0 ? dG : -dG;
        const root = sqrt<f64>(abs);
        const bits = drawWithKey(load<u32>(pKeys + ((kk as usize) << 2)), step);
        const dp = 2 * kk;
        const up = dG > 0 ? 0 : 1;
        const sp = (u8at(pVariant, dp) << 1) | up;
        const fp = pSlotF + (((sp * {{SF}}) as usize) << 3);
        const ip = pSlotI + (((sp * {{SI}}) as usize) << 2);
        const gp = f32at(pCond, dp);
        let jp = toInt32((gp - f64at(fp, {{F_GMIN}})) * f64at(fp, {{F_BINSCALE}}) + 0.5);
        const tp = i32at(ip, {{I_TOPBIN}});
        jp = jp < 0 ? 0 : jp > tp ? tp : jp;
        const ep = i32at(ip, {{I_ENTRY0}}) + jp;
        const ap = f64at(pAve, ep);
        const sm = (u8at(pVariant, dp + 1) << 1) | (up ^ 1);
        const fm = pSlotF + (((sm * {{SF}}) as usize) << 3);
        const im = pSlotI + (((sm * {{SI}}) as usize) << 2);
        const gm = f32at(pCond, dp + 1);
        let jm = toInt32((gm - f64at(fm, {{F_GMIN}})) * f64at(fm, {{F_BINSCALE}}) + 0.5);
        const tm = i32at(im, {{I_TOPBIN}});
        jm = jm < 0 ? 0 : jm > tm ? tm : jm;
        const em = i32at(im, {{I_ENTRY0}}) + jm;
        const am = f64at(pAve, em);
        const i = 2 * b;
        store<i32>(sKk + ((b as usize) << 2), kk);
        store<f64>(sBase + ((i as usize) << 3), gp + abs * f64at(fp, {{F_INVMEAN}}) * ap);
        store<f64>(sCoef + ((i as usize) << 3), root * f64at(fp, {{F_ROOTINVMEAN}}));
        store<f64>(sAve + ((i as usize) << 3), ap);
        store<i32>(sQi + ((i as usize) << 2), i32at(pRowOff, ep) + <i32>(((bits & 0xffff) * <u32>i32at(ip, {{I_NQ}})) >>> 16));
        store<i32>(sSlot + ((i as usize) << 2), <i32>fp);
        store<f64>(sBase + ((i as usize) << 3) + 8, gm + abs * f64at(fm, {{F_INVMEAN}}) * am);
        store<f64>(sCoef + ((i as usize) << 3) + 8, root * f64at(fm, {{F_ROOTINVMEAN}}));
        store<f64>(sAve + ((i as usize) << 3) + 8, am);
        store<i32>(sQi + ((i as usize) << 2) + 4, i32at(pRowOff, em) + <i32>(((bits >>> 16) * <u32>i32at(im, {{I_NQ}})) >>> 16));
        store<i32>(sSlot + ((i as usize) << 2) + 4, <i32>fm);
      }
      for (let b = 0; b < nb; b++) {
        const i = 2 * b;
        const fp = <usize>i32at(sSlot, i);
        let np = f64at(sBase, i) + f64at(sCoef, i) * (f32at(pQ, i32at(sQi, i)) - f64at(sAve, i));
        np = np < f64at(fp, {{F_GMIN}}) ? f64at(fp, {{F_GMIN}}) : np > f64at(fp, {{F_GMAX}}) ? f64at(fp, {{F_GMAX}}) : np;
        const fm = <usize>i32at(sSlot, i + 1);
        let nm = f64at(sBase, i + 1) + f64at(sCoef, i + 1) * (f32at(pQ, i32at(sQi, i + 1)) - f64at(sAve, i + 1));
        nm = nm < f64at(fm, {{F_GMIN}}) ? f64at(fm, {{F_GMIN}}) : nm > f64at(fm, {{F_GMAX}}) ? f64at(fm, {{F_GMAX}}) : nm;
        const kk = i32at(sKk, b);
        const dp = 2 * kk;
        store<f32>(pCond + ((dp as usize) << 2), <f32>np);
        store<f32>(pCond + ((dp as usize) << 2) + 4, <f32>nm);
        const wk = hi < 0 ? wScale * (np - nm) : wScale * (f32at(pCond, hi + dp) - f32at(pCond, hi + dp + 1) + (np - nm) * invBase);
        store<f32>(pW + ((kk as usize) << 2), <f32>wk);
      }
    }
  }
}

// notch-step.ts's notchAfter.
@inline function notchAfter(g: f64, s: f64, avg: f64, rootS: f64, q: f64, gMin: f64, scale: f64, top: i32): i32 {
  const m = toInt32((g + s * avg + rootS * (q - avg) - gMin) * scale + 0.5);
  return m < 0 ? 0 : m > top ? top : m;
}

/**
 * DeviceArray.updateNotched; returns the devices skipped (below their depinning threshold). Two passes per block of
 * a row's pairs, as updateContinuous: the first decides which devices move (the branches) and computes each move up
 * to its quantile, the second reads the quantiles and rounds to a notch without a branch, so the table's cache misses
 * overlap instead of each waiting behind a mispredicted threshold test. A device below its threshold keeps its
 * notch (selected in the second pass; what is computed for it there is discarded), as in the JS.
 */
export function updateNotched(gain: f64, step: u32, rowStart: i32, rowEnd: i32, nc: i32, scratch: usize): i32 {
  // scratch: base, rootS, avg (f64 x 2 ROW_BLOCK), qi, packed v << 16 | n << 1 | stay (i32 x 2 ROW_BLOCK), kk
  const sBase = scratch;
  const sRoot = sBase + ((2 * ROW_BLOCK) << 3);
  const sAvg = sRoot + ((2 * ROW_BLOCK) << 3);
  const sQi = sAvg + ((2 * ROW_BLOCK) << 3);
  const sDev = sQi + ((2 * ROW_BLOCK) << 2);
  const sKk = sDev + ((2 * ROW_BLOCK) << 2);
  let skipped = 0;
  const top = levels - 1;
  const hi = hiDev;
  let cMax: f64 = 0;
  for (let b = 0; b < nc; b++) cMax = max<f64>(cMax, abs<f64>(f32at(pColVal, b)));
  for (let a = rowStart; a < rowEnd; a++) {
    const row = i32at(pRowIdx, a) * cols;
    const fr = gain * f32at(pRowVal, a);
    if ((fr > 0 ? fr : -fr) * cMax < deadZone) {
      skipped += 2 * nc;
      continue;
    }
    for (let b0 = 0; b0 < nc; b0 += ROW_BLOCK) {
      const nb = min(ROW_BLOCK, nc - b0);
      let cnt = 0;
      for (let b = 0; b < nb; b++) {
        const kk = row + i32at(pColIdx, b0 + b);
        const dG = fr * f32at(pColVal, b0 + b);
        const abs = dG > 0 ? dG : -dG;
        if (abs < deadZone) {
          skipped += 2;
          continue;
        }
        const up = dG > 0 ? 0 : 1;
        const dp = 2 * kk;
        const np = u8at(pNotch, dp);
        const nm = u8at(pNotch, dp + 1);
        const vp = u8at(pVariant, dp);
        const vm = u8at(pVariant, dp + 1);
        const tp = (vp << 1) | up;
        const tm = (vm << 1) | (up ^ 1);
        const ep = tp * levels + np;
        const em = tm * levels + nm;
        const stayP = abs < f64at(pEntryDZ, ep);
        const stayM = abs < f64at(pEntryDZ, em);
        if (stayP && stayM) {
          skipped += 2;
          continue;
        }
        if (stayP || stayM) skipped++;
        const root = sqrt<f64>(abs);
        const bits = drawWithKey(load<u32>(pKeys + ((kk as usize) << 2)), step);
        const i = 2 * cnt;
        const ap = f64at(pRowAve, ep);
        const am = f64at(pRowAve, em);
        store<i32>(sKk + ((cnt as usize) << 2), kk);
        // notchAfter's g + s * avg, and rootS
        store<f64>(sBase + ((i as usize) << 3), f64at(pLevel, vp * levels + np) + abs * f64at(pInvMean, tp) * ap);
        store<f64>(sRoot + ((i as usize) << 3), root * f64at(pRootInvMean, tp));
        store<f64>(sAvg + ((i as usize) << 3), ap);
        store<i32>(sQi + ((i as usize) << 2), i32at(pNRowOff, ep) + <i32>(((bits & 0xffff) * <u32>nq) >>> 16));
        store<i32>(sDev + ((i as usize) << 2), (vp << 16) | (np << 1) | <i32>stayP);
        store<f64>(sBase + ((i as usize) << 3) + 8, f64at(pLevel, vm * levels + nm) + abs * f64at(pInvMean, tm) * am);
        store<f64>(sRoot + ((i as usize) << 3) + 8, root * f64at(pRootInvMean, tm));
        store<f64>(sAvg + ((i as usize) << 3) + 8, am);
        store<i32>(sQi + ((i as usize) << 2) + 4, i32at(pNRowOff, em) + <i32>(((bits >>> 16) * <u32>nq) >>> 16));
        store<i32>(sDev + ((i as usize) << 2) + 4, (vm << 16) | (nm << 1) | <i32>stayM);
        cnt++;
      }
      for (let j = 0; j < cnt; j++) {
        const i = 2 * j;
        const devP = i32at(sDev, i);
        const vp = devP >>> 16;
        const avgP = f64at(sAvg, i);
        let xp = toInt32((f64at(sBase, i) + f64at(sRoot, i) * (f32at(pDG, i32at(sQi, i)) - avgP) - f64at(pGMin, vp)) * f64at(pScale, vp) + 0.5);
        xp = xp < 0 ? 0 : xp > top ? top : xp;
        const mp = devP & 1 ? (devP >>> 1) & 0x7fff : xp;
        const devM = i32at(sDev, i + 1);
        const vm = devM >>> 16;
        const avgM = f64at(sAvg, i + 1);
        let xm = toInt32((f64at(sBase, i + 1) + f64at(sRoot, i + 1) * (f32at(pDG, i32at(sQi, i + 1)) - avgM) - f64at(pGMin, vm)) * f64at(pScale, vm) + 0.5);
        xm = xm < 0 ? 0 : xm > top ? top : xm;
        const mm = devM & 1 ? (devM >>> 1) & 0x7fff : xm;
        const kk = i32at(sKk, j);
        const dp = 2 * kk;
        store<u8>(pNotch + (dp as usize), <u8>mp);
        store<u8>(pNotch + (dp as usize) + 1, <u8>mm);
        const diff = f64at(pLevel, vp * levels + mp) - f64at(pLevel, vm * levels + mm);
        const wk = hi < 0 ? wScale * diff : wScale * (f64at(pLevel, u8at(pVariant, hi + dp) * levels + u8at(pNotch, hi + dp)) - f64at(pLevel, u8at(pVariant, hi + dp + 1) * levels + u8at(pNotch, hi + dp + 1)) + diff * invBase);
        store<f32>(pW + ((kk as usize) << 2), <f32>wk);
      }
    }
  }
  return skipped;
}
