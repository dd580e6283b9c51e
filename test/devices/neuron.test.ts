import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  amplitudeCycle,
  createNeuronLayer,
  cycleCompleted,
  deviceCyclePresets,
  driveVelocity,
  DwNeuron,
  DwNeuronArray,
  leakVelocity,
  LifNeuron,
  meanStep,
  NeuronDevice,
  neuronPresets,
  neuronReport,
  paper003Track,
  pulseNumberCycle,
  pulsesToFire,
  velocity1D,
} from '../../src/devices/neuron/index.ts';
import { repoRoot } from '../support/requirements.ts';
import { streamKey } from '../../src/base/rng.ts';
import { normalAt } from '../../src/devices/neuron/noise.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dwtwin-neuron-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const p = paper003Track;
const nmPerStep = (x: number) => driveVelocity(p, x * 1e-9, 1) * p.dt * 1e9;

describe('DW velocity model (paper 003 code)', () => {
  it('drive per 0.1 ns step at i = 1 matches the anchors 6.7 / 2.6 / 1.6 nm at x = 0 / 100 / 200 nm', () => {
    expect(Math.abs(nmPerStep(0) - 6.7)).toBeLessThan(0.05);
    expect(Math.abs(nmPerStep(100) - 2.6)).toBeLessThan(0.05);
    expect(Math.abs(nmPerStep(200) - 1.6)).toBeLessThan(0.05);
  });
  it("the paper's two-term velocity: current term equals the code's drive times (1 + alpha^2); field term is gamma Delta mu0 H / alpha", () => {
    const j = p.unitCurrent / (p.w1 * p.thickness);
    expect(velocity1D(p, 0, j)).toBeCloseTo(driveVelocity(p, 0, 1) * (1 + p.alpha ** 2), 9);
    const h = 1000;
    expect(velocity1D(p, h, 0)).toBeCloseTo((1.76085963023e11 * p.wallWidth * 1.25663706212e-6 * h) / p.alpha, 6);
  });
  it('the shape leak pulls back toward the narrow end and vanishes on a straight, field-free track', () => {
    expect(leakVelocity(p)).toBeGreaterThan(0);
    expect(meanStep(p, 0, 1)).toBeCloseTo(nmPerStep(0) * 1e-9 - leakVelocity(p) * p.dt, 15);
    expect(meanStep(p, 50e-9, 0)).toBeLessThan(0);
    // r = 0 leaves only the constant term of the fitted H_slope; drive then no longer depends on x.
    const straight = { ...p, w2: p.w1 };
    expect(driveVelocity(straight, 0, 1)).toBe(driveVelocity(straight, 150e-9, 1));
  });
});

describe('pulses to fire (paper 003 Fig. 5b)', () => {
  for (const s of neuronPresets.paper003!.settings) {
    it(`setting ${s.name}: mean ${s.paperMean} ± ${s.tolerance} pulses with sigma = 0.3`, () => {
      const st = pulsesToFire(p, s.protocol, 400, 11);
      expect(st.misses).toBe(0);
      expect(Math.abs(st.mean - s.paperMean)).toBeLessThanOrEqual(s.tolerance);
      expect(st.std).toBeGreaterThan(0);
    });
  }
  it('the check catches a wrong amplitude (20 % too strong misses the target)', () => {
    const s = neuronPresets.paper003!.settings[0]!;
    const st = pulsesToFire(p, { ...s.protocol, amplitude: s.protocol.amplitude * 1.2 }, 400, 11);
    expect(Math.abs(st.mean - s.paperMean)).toBeGreaterThan(s.tolerance);
  });
  it('sigma = 0 is deterministic: every trial needs the same number of pulses', () => {
    const s = neuronPresets.paper003!.settings[1]!;
    const st = pulsesToFire({ ...p, sigma: 0 }, s.protocol, 20, 3);
    expect(st.std).toBe(0);
    expect(new Set(st.counts).size).toBe(1);
  });
});

describe('velocity noise', () => {
  it('normalAt is standard normal, and the even/odd (cos/sin) branches of a pair are uncorrelated', () => {
    const key = streamKey(8, 3);
    const n = 40000;
    let s = 0, s2 = 0, cross = 0;
    for (let t = 0; t < n; t += 2) {
      const a = normalAt(key, t);
      const b = normalAt(key, t + 1);
      s += a + b;
      s2 += a * a + b * b;
      cross += a * b;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
    expect(Math.abs(cross / (n / 2))).toBeLessThan(0.04);
  });
});

describe('vectorised neurons', () => {
  it('DwNeuronArray equals DwNeuron bit for bit, independent of the array size', () => {
    const steps = 300;
    const input = (j: number, t: number) => (t % 7 === 0 ? 0.4 + 0.3 * j : 0);
    const small = new DwNeuronArray(3, p, 5);
    const big = new DwNeuronArray(10, p, 5);
    const scalar = [0, 1, 2].map((j) => new DwNeuron(p, 5, j));
    const sp3 = new Uint8Array(3);
    const sp10 = new Uint8Array(10);
    let spikes = 0;
    for (let t = 0; t < steps; t++) {
      small.step([0, 1, 2].map((j) => input(j, t)), sp3);
      big.step(Array.from({ length: 10 }, (_, j) => input(j, t)), sp10);
      for (let j = 0; j < 3; j++) {
        const s = scalar[j]!.step(input(j, t));
        if (s) spikes++;
        expect(sp3[j]).toBe(s ? 1 : 0);
        expect(sp10[j]).toBe(s ? 1 : 0);
        expect(small.x[j]).toBe(scalar[j]!.x);
        expect(big.x[j]).toBe(scalar[j]!.x);
      }
    }
    expect(spikes).toBeGreaterThan(0);
  });
  it('rejects mismatched array lengths', () => {
    expect(() => new DwNeuronArray(4).step([1, 2], new Uint8Array(4))).toThrow(/expected arrays of 4/);
  });
});

describe('ideal LIF reference', () => {
  it('constant suprathreshold current fires at the analytic step; subthreshold never fires; reset clears', () => {
    const lif = new LifNeuron({ memRate: 0.1, synDecay: 0, vLeak: 0, vTh: 1, vReset: 0 });
    // v_t = c (1 - 0.9^t) with c = 2 -> first t with v >= 1 is ceil(ln 0.5 / ln 0.9) = 7.
    let first = -1;
    for (let t = 1; t <= 20 && first < 0; t++) if (lif.step(2)) first = t;
    expect(first).toBe(Math.ceil(Math.log(0.5) / Math.log(0.9)));
    expect(lif.state).toBe(0);
    const weak = new LifNeuron({ memRate: 0.1, synDecay: 0, vLeak: 0, vTh: 1, vReset: 0 });
    for (let t = 0; t < 500; t++) expect(weak.step(0.99)).toBe(false);
    expect(weak.progress).toBeGreaterThan(0.9);
    weak.reset();
    expect(weak.state).toBe(0);
  });
  it('DwNeuron offers the same interface: state, progress and reset', () => {
    const n = new DwNeuron(p, 1, 0);
    n.step(1);
    expect(n.state).toBeGreaterThan(0);
    expect(n.progress).toBeCloseTo(n.state / p.xTh, 12);
    n.reset();
    expect(n.state).toBe(0);
    expect(n.current).toBe(0);
  });
});

describe('device write-integrate-fire-reset cycle', () => {
  it('100 consecutive amplitude-encoded cycles complete with no hard reset, at the measured voltages', () => {
    const dev = new NeuronDevice(deviceCyclePresets.amplitude, 9);
    const fires: number[] = [];
    const resets: number[] = [];
    for (let c = 0; c < 100; c++) {
      const r = amplitudeCycle(dev, { lo: 1.0, hi: 3.0, step: 0.1 });
      expect(cycleCompleted(r)).toBe(true);
      expect(r.trace.find((t) => t.volts === 1.4)!.phase).toBe('underA'); // still at 1.4 V
      fires.push(r.fire);
      resets.push(r.reset);
    }
    const mode = (v: number[]) => [...new Set(v)].sort((a, b) => v.filter((x) => x === b).length - v.filter((x) => x === a).length)[0];
    expect(mode(fires)).toBe(2.5);
    expect(mode(resets)).toBe(2.7);
  });
  it('the cycle check catches a device that cannot eject the domain (no further writes possible)', () => {
    const stuck = new NeuronDevice({ ...deviceCyclePresets.amplitude, vPinB: { mean: 3.5, sd: 0.01 } }, 9);
    const done = Array.from({ length: 5 }, () => cycleCompleted(amplitudeCycle(stuck, { lo: 1.0, hi: 3.0, step: 0.1 })));
    expect(done.filter(Boolean).length).toBe(0);
  });
  it('pulse-number encoding: 2.4 V pulses fire and reset within 20 pulses, 16 cycles in a row', () => {
    const dev = new NeuronDevice(deviceCyclePresets['pulse-number'], 2);
    for (let c = 0; c < 16; c++) {
      const r = pulseNumberCycle(dev, 2.4, 20);
      expect(cycleCompleted(r)).toBe(true);
      expect(r.depin).toBe(1);
      expect(r.reset).toBeGreaterThan(r.fire);
    }
  });
});

describe('dwtwin device neuron', () => {
  it('same seed => identical JSON bytes; another seed => different', async () => {
    const o = { preset: 'paper003', sigma: 0.3, cycles: 20, trials: 100, quiet: true };
    await neuronReport({ ...o, seed: 4, outDir: join(tmp, 'a') });
    await neuronReport({ ...o, seed: 4, outDir: join(tmp, 'b') });
    await neuronReport({ ...o, seed: 5, outDir: join(tmp, 'c') });
    const a = readFileSync(join(tmp, 'a', 'neuron.json'));
    expect(a.equals(readFileSync(join(tmp, 'b', 'neuron.json')))).toBe(true);
    expect(a.equals(readFileSync(join(tmp, 'c', 'neuron.json')))).toBe(false);
    for (const svg of ['pulses-to-fire.svg', 'x-trace.svg', 'amplitude-cycle.svg']) {
      expect(readFileSync(join(tmp, 'a', svg)).equals(readFileSync(join(tmp, 'b', svg)))).toBe(true);
    }
  });
  it('the report flags missed targets: an injected wrong amplitude fails, the preset passes', async () => {
    const o = { preset: 'paper003', sigma: 0.3, cycles: 10, trials: 200, quiet: true, seed: 1 };
    expect((await neuronReport({ ...o, outDir: join(tmp, 'ok') })).failures).toEqual([]);
    const proto = neuronPresets.paper003!.settings[1]!.protocol;
    const saved = proto.amplitude;
    try {
      proto.amplitude = saved * 1.3;
      const r = await neuronReport({ ...o, outDir: join(tmp, 'fault') });
      expect(r.failures.length).toBe(1);
      expect(r.failures[0]).toMatch(/setting B/);
      expect((r.json as { pass: boolean }).pass).toBe(false);
    } finally {
      proto.amplitude = saved;
    }
  });
  const dwtwin = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', 'device', 'neuron', ...args], { cwd: repoRoot, encoding: 'utf8' });
  for (const [args, option] of [
    [['--preset', 'nope'], '--preset'],
    [['--sigma', '-1'], '--sigma'],
    [['--cycles', '2.5'], '--cycles'],
    [['--trials', '0'], '--trials'],
  ] as const) {
    it(`bad ${option} exits 2 naming the option, no stack trace, nothing written`, () => {
      const out = join(tmp, `bad-${option.slice(2)}`);
      const r = dwtwin(...args, '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(option);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(() => readFileSync(join(out, 'neuron.json'))).toThrow();
    });
  }
});

describe('neuron layers for the SNN', () => {
  it('createNeuronLayer gives a DW-MTJ array (with the requested sigma) or an LIF array behind one interface', () => {
    const dw = createNeuronLayer('dwmtj', 4, { seed: 2, track: { sigma: 0 } });
    const lif = createNeuronLayer('lif', 4);
    expect(dw).toBeInstanceOf(DwNeuronArray);
    const spikes = new Uint8Array(4);
    let dwCount = 0;
    let lifCount = 0;
    for (let t = 0; t < 400; t++) {
      dwCount += dw.step([2, 2, 2, 2], spikes);
      lifCount += lif.step([2, 2, 2, 2], spikes);
    }
    // sigma = 0: identical neurons with identical input spike together.
    expect(dwCount % 4).toBe(0);
    expect(dwCount).toBeGreaterThan(0);
    expect(lifCount).toBeGreaterThan(0);
  });
});
