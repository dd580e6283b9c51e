// The SNN task (paper 003 Fig. 5d): Poisson coding keyed per image, the readout's gradient against finite
// differences (and the check catching a wrong gradient), learning above chance with LIF neurons, byte-identical
// reruns, every neuron model through the CLI, interrupted runs keeping finished seeds, and clear bad-input errors.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/datasets.ts';
import { poissonEncode } from '../../src/tasks/snn/poisson.ts';
import { readoutBackward, readoutForward, softmaxCrossEntropy } from '../../src/tasks/snn/readout.ts';
import { spikeMatMul, spikeMatMulT, spikeRows } from '../../src/tasks/snn/spike-products.ts';
import { surrogateDynamics } from '../../src/tasks/snn/surrogate.ts';
import { trainSnnSeed } from '../../src/tasks/snn/train.ts';
import type { SnnConfig } from '../../src/tasks/snn/config.ts';
import { repoRoot } from '../support/requirements.ts';

const dwtwin = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });
const tiny = ['--task', 'snn', '--limit', '100', '--test-limit', '100', '--epochs', '1', '--steps', '20', '--hidden', '20,20', '--batch', '50'];

describe('Poisson input', () => {
  it('spikes at probability x pixel / 255 per step, and an image spikes the same alone or inside any batch', () => {
    const d = loadDataset('fashion-mnist', { limit: 20, testLimit: 10 });
    const T = 200;
    const all = new Float32Array(T * 3 * 784);
    poissonEncode(d.train.images, [4, 7, 9], T, 0.1, 5, all);
    const alone = new Float32Array(T * 784);
    poissonEncode(d.train.images, [7], T, 0.1, 5, alone);
    for (let t = 0; t < T; t++) expect(all.subarray((t * 3 + 1) * 784, (t * 3 + 2) * 784)).toEqual(alone.subarray(t * 784, (t + 1) * 784));
    let expected = 0;
    for (let i = 0; i < 784; i++) expected += (0.1 * d.train.images[7 * 784 + i]!) / 255;
    const got = alone.reduce((a, b) => a + b, 0) / T;
    expect(Math.abs(got - expected)).toBeLessThan(0.1 * expected);
    const other = new Float32Array(T * 784);
    poissonEncode(d.train.images, [7], T, 0.1, 6, other);
    expect(other).not.toEqual(alone);
  });
});

describe('digital periphery', () => {
  it('sparse spike products equal the dense products', () => {
    const s = Float32Array.from({ length: 6 * 5 }, (_, i) => (i % 4 === 1 || i % 7 === 0 ? 1 : 0));
    const w = Float32Array.from({ length: 5 * 3 }, (_, i) => Math.sin(i));
    const g = Float32Array.from({ length: 6 * 3 }, (_, i) => Math.cos(i));
    const sr = spikeRows(s, 6, 5);
    const ab = spikeMatMul(sr, w, 3);
    const atb = spikeMatMulT(sr, g, 3);
    for (let r = 0; r < 6; r++) for (let j = 0; j < 3; j++) {
      let acc = 0;
      for (let k = 0; k < 5; k++) acc += s[r * 5 + k]! * w[k * 3 + j]!;
      expect(ab[r * 3 + j]).toBeCloseTo(acc, 5);
    }
    for (let k = 0; k < 5; k++) for (let j = 0; j < 3; j++) {
      let acc = 0;
      for (let r = 0; r < 6; r++) acc += s[r * 5 + k]! * g[r * 3 + j]!;
      expect(atb[k * 3 + j]).toBeCloseTo(acc, 5);
    }
  });

  // Loss of the leaky-integrator readout (max over time) + softmax cross-entropy as a function of its inputs z.
  const T = 12, B = 2, C = 3;
  const labels = [2, 0];
  const z0 = Float32Array.from({ length: T * B * C }, (_, i) => Math.sin(1.7 * i) + 0.3 * Math.cos(0.4 * i));
  const loss = (z: Float32Array) => softmaxCrossEntropy(readoutForward(z, T, B, C).logits, labels, B, C, new Float32Array(B * C)).loss;
  const gradient = (z: Float32Array) => {
    const f = readoutForward(z, T, B, C);
    const g = new Float32Array(B * C);
    softmaxCrossEntropy(f.logits, labels, B, C, g);
    return readoutBackward(g, f.argT, T, B, C);
  };
  const agrees = (grad: Float32Array) => {
    const h = 1e-3;
    for (let i = 0; i < z0.length; i++) {
      const up = z0.slice();
      const dn = z0.slice();
      up[i]! += h;
      dn[i]! -= h;
      if (Math.abs((loss(up) - loss(dn)) / (2 * h) - grad[i]!) > 2e-3) return false;
    }
    return true;
  };
  it('the readout gradient matches finite differences; the check catches a wrong gradient', () => {
    const g = gradient(z0);
    expect(agrees(g)).toBe(true);
    const wrong = g.slice();
    wrong[5]! *= -1;
    expect(g[5]).not.toBe(0);
    expect(agrees(wrong)).toBe(false);
  });

  it("the DW surrogate's Jacobian is the derivative of the track's mean step (finite differences)", () => {
    const d = surrogateDynamics('dw');
    const j = new Float64Array(2);
    const p = 0.4, c = 1.3, h = 1e-6;
    d.jacobian(p, c, j);
    // Mean step p' = p + (D / w(p) c - L) / x_th, evaluated through the device model itself.
    const step = async () => {
      const { kernelStep, trackKernel, paper003Track } = await import('../../src/devices/neuron/dw-track.ts');
      const k = trackKernel(paper003Track);
      return (pp: number, cc: number) => kernelStep(k, pp * k.xTh, cc, 1) / k.xTh;
    };
    return step().then((f) => {
      expect(j[0]).toBeCloseTo((f(p + h, c) - f(p - h, c)) / (2 * h), 5);
      expect(j[1]).toBeCloseTo((f(p, c + h) - f(p, c - h)) / (2 * h), 5);
    });
  });
});

describe('training', () => {
  it('LIF neurons learn well above chance in a tiny run', async () => {
    const cfg: SnnConfig = { task: 'snn', dataset: 'fashion-mnist', limit: 400, testLimit: 200, epochs: 2, lr: 0.005, batch: 50, steps: 30, hidden: [40, 40], spikeProbability: 0.1, neurons: { level: 'device', model: 'lif' }, label: 'lif' };
    const r = await trainSnnSeed(cfg, 1);
    expect(r.epochs[1]!.trainLoss).toBeLessThan(r.epochs[0]!.trainLoss);
    expect(r.finalAccuracy).toBeGreaterThan(0.35); // chance 0.1
    // Another seed is another run (initial weights, order, Poisson trains, neuron noise).
    const r2 = await trainSnnSeed({ ...cfg, epochs: 1, neurons: { level: 'device', model: 'dw' } }, 2);
    const r3 = await trainSnnSeed({ ...cfg, epochs: 1, neurons: { level: 'device', model: 'dw' } }, 3);
    expect(r2.epochs[0]!.trainLoss).not.toBe(r3.epochs[0]!.trainLoss);
  });
});

describe('dwtwin train --task snn', () => {
  it('compares all three neuron models in one run; the same command gives byte-identical files (1 or 2 workers, or a model alone)', () => {
    const a = mkdtempSync(join(tmpdir(), 'dwtwin-snn-'));
    const b = mkdtempSync(join(tmpdir(), 'dwtwin-snn-'));
    const args = [...tiny, '--neuron', 'dw,dw-deterministic,lif'];
    const r1 = dwtwin('train', ...args, '--workers', '2', '--out', a);
    expect(r1.status, r1.stderr).toBe(0);
    expect(r1.stdout).toMatch(/DW-MTJ, sigma 0\.3 neurons .* paper 003: 77\.42 ± 1\.54 %, spread 1\.1 %/);
    expect(dwtwin('train', ...args, '--workers', '1', '--out', b).status).toBe(0);
    expect(readdirSync(a).sort()).toEqual(['accuracy-per-epoch.svg', 'comparison.json', 'dw', 'dw-deterministic', 'lif', 'report.md']);
    for (const m of ['dw', 'dw-deterministic', 'lif']) {
      expect(readdirSync(join(a, m)).sort()).toEqual(['accuracy-per-epoch.svg', 'report.md', 'seed-1.json', 'summary.json']);
      for (const f of readdirSync(join(a, m))) expect(readFileSync(join(b, m, f), 'utf8')).toBe(readFileSync(join(a, m, f), 'utf8'));
    }
    for (const f of ['comparison.json', 'report.md', 'accuracy-per-epoch.svg']) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
    const c = mkdtempSync(join(tmpdir(), 'dwtwin-snn-'));
    expect(dwtwin('train', ...tiny, '--neuron', 'dw', '--out', c).status).toBe(0);
    // A seed run alone is the same seed file as inside the three-model pool.
    expect(readFileSync(join(c, 'seed-1.json'), 'utf8')).toBe(readFileSync(join(a, 'dw', 'seed-1.json'), 'utf8'));
  });

  it('Ctrl-C after the first seed keeps that seed intact and writes nothing partial', async () => {
    const args = ['train', ...tiny, '--neuron', 'lif', '--workers', '1'];
    const ref = mkdtempSync(join(tmpdir(), 'dwtwin-snn-'));
    expect(dwtwin(...args, '--seeds', '1', '--out', ref).status).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-snn-'));
    const child = spawn(process.execPath, ['src/cli/dwtwin.mjs', ...args, '--seeds', '4', '--out', out], { cwd: repoRoot, stdio: 'ignore' });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    while (!existsSync(join(out, 'seed-1.json')) && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(readdirSync(out).filter((f) => !/^seed-\d\.json$/.test(f))).toEqual([]);
    expect(readFileSync(join(out, 'seed-1.json'), 'utf8')).toBe(readFileSync(join(ref, 'seed-1.json'), 'utf8'));
  });

  it.each([
    [['--task', 'nope'], /--task: expected one of mlp, stream-bnn, snn, inference-noise, cnn \(got "nope"\)/],
    [[...tiny, '--neuron', 'hodgkin'], /--neuron: expected one of dw, dw-deterministic, lif \(got "hodgkin"\)/],
    [[...tiny, '--neuron', 'dw,dw'], /--neuron: .* names a model twice/],
    [[...tiny, '--level', 'fpga'], /--level: expected one of device/],
    [tiny.map((a, i) => (tiny[i - 1] === '--steps' ? '0' : a)), /--steps: expected a positive integer/],
    [[...tiny, '--lr', '-1'], /--lr: expected a number in \(0, 1\]/],
    [[...tiny, '--spike-probability', '1.5'], /--spike-probability: expected a number in \(0, 1\]/],
    [[...tiny, '--hidden', '10,0'], /--hidden: expected a positive integer/],
    [['--task', 'mlp', '--neuron', 'dw'], /--neuron: applies to --task snn, not --task mlp/],
    [[...tiny, '--bits', '4'], /--bits: applies to --task inference-noise, not --task snn/],
  ])('bad input %j exits 2 with one line and writes nothing', (args, msg) => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-snn-'));
    const r = dwtwin('train', ...args, '--out', join(out, 'res'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(out)).toEqual([]);
  });
});
