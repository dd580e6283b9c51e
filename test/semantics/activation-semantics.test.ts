// The integer activation generator against paper 004's float model (src/devices/fgen): the staircase's eight
// resistance levels and switching currents, the sigmoid's fitted centre and width, over 75 ramp cycles each.
import { describe, expect, it } from 'vitest';
import { sigmoid, staircase, switchCurrent, type FgenDesign } from '../../src/devices/fgen/design.ts';
import { fitSigmoid } from '../../src/devices/fgen/sigmoid-fit.ts';
import { rampCurrents, runRamps, meanCurve } from '../../src/devices/fgen/simulate.ts';
import { ACT_OP, encodeApply } from '../../src/semantics/activation-commands.ts';
import { activationDefaults } from '../../src/semantics/activation-params.ts';
import { deriveActivationRoms } from '../../src/semantics/activation-roms.ts';
import { cmd, encodeLoad } from '../../src/semantics/neuron-commands.ts';
import { ActivationTwin } from '../../src/twin/activation-twin.ts';

/** 75 ramp cycles on one generator of the twin: resistance (Ohm) and switched count after every ramp point. */
function integerRamps(d: FgenDesign, seed: number) {
  const p = { ...activationDefaults, generators: 1 };
  const r = deriveActivationRoms(p, d);
  const t = new ActivationTwin(p);
  for (const c of [cmd(ACT_OP.SET_SEED, [seed, 0]), cmd(ACT_OP.SET_CONFIG, [r.config.breakdown, r.config.preMask]), encodeLoad(ACT_OP.LOAD_THRESH, 0, r.thr), encodeLoad(ACT_OP.LOAD_RES, 0, r.res)]) t.execute(c);
  const current = rampCurrents(d);
  const ohms: number[][] = [];
  const levels: number[][] = [];
  for (let c = 0; c < d.cycles; c++) {
    t.execute(cmd(ACT_OP.NEW_CYCLE));
    const o: number[] = [];
    const l: number[] = [];
    for (const i of current) {
      const w = t.execute(encodeApply([Math.round(i / r.currentLsb)]))[1]!;
      o.push((w & 0xffff) * r.resLsb);
      l.push(w >>> 16);
    }
    ohms.push(o);
    levels.push(l);
  }
  return { current, ohms, levels, roms: r };
}

describe('integer staircase synapse (paper 004 Fig. 3f)', () => {
  const int = integerRamps(staircase, 1);
  const flt = runRamps(staircase, 1);
  it('7 MTJs switch in every cycle (the last two lie beyond breakdown): 8 levels, as the float model and the paper', () => {
    for (const l of int.levels) expect(l[l.length - 1]).toBe(7);
  });
  it('each level equals the float resistance within one resistance code', () => {
    const intLevels = new Map<number, number>();
    const fltLevels = new Map<number, number>();
    int.levels.forEach((row, c) => row.forEach((lv, i) => intLevels.set(lv, int.ohms[c]![i]!)));
    flt.switched.forEach((row, c) => row.forEach((lv, i) => fltLevels.set(lv, flt.ohms[c]![i]!)));
    expect([...intLevels.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const [lv, ohm] of intLevels) expect(Math.abs(ohm - fltLevels.get(lv)!)).toBeLessThanOrEqual(int.roms.resLsb);
  });
  it('mean switching current of each step within 2.5 uA (half a ramp step) of the float model', () => {
    const stepAt = (rows: number[][]) => Array.from({ length: 7 }, (_, m) => rows.map((s) => int.current[s.findIndex((c) => c >= m + 1)]!).reduce((a, b) => a + b, 0) / rows.length);
    const a = stepAt(int.levels);
    const b = stepAt(flt.switched);
    for (let m = 0; m < 7; m++) expect(Math.abs(a[m]! - b[m]!)).toBeLessThanOrEqual(2.5e-6);
    expect(a[0]!).toBeGreaterThan(switchCurrent(staircase, 0) - 5e-6);
  });
});

describe('integer sigmoid activation generator (paper 004 Fig. 4c)', () => {
  it('the fitted shifted sigmoid matches the float model: centre within 5 uA, width within 10 %, rms below 0.03', () => {
    const int = integerRamps(sigmoid, 1);
    const flt = runRamps(sigmoid, 1);
    const xs = int.current.map((i) => i * 1e6);
    const norm = (rows: number[][]) => meanCurve(rows.map((row) => row.map((x) => (x - flt.rAllP) / (flt.rAllAP - flt.rAllP)))).mean;
    const fi = fitSigmoid(xs, norm(int.ohms));
    const ff = fitSigmoid(xs, norm(flt.ohms));
    expect(Math.abs(fi.x0 - ff.x0)).toBeLessThanOrEqual(5);
    expect(Math.abs(fi.scale / ff.scale - 1)).toBeLessThanOrEqual(0.1);
    expect(fi.rms).toBeLessThan(0.03);
  });
});
