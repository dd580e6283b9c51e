// Paper 002's quantized CNN: the tfjs crossbar read equals the typed-array definition (tiles, bit-serial inputs, ADC,
// shift-and-add), the 5-state array follows Table VIII and the paper's update, the CIFAR-10 reader reads generated
// batches and refuses missing or truncated ones, a tiny run is byte-identical on rerun (1 and 2 workers), the sweeps
// write their tables, bad options exit 2.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adcConvert, crossbarRead, crossbarReadTensor, PAPER002_GEOMETRY } from '../../src/accel/crossbar-read.ts';
import { QuantizedCrossbar, quantized5SignedLevels } from '../../src/accel/quantized-crossbar.ts';
import { Rng } from '../../src/base/rng.ts';
import { CIFAR, readCifar10 } from '../../src/data/cifar10.ts';
import { quantized5Paper } from '../../src/devices/shaped/paper-targets.ts';
import { loadTf } from '../../src/tasks/tf-backend.ts';
import { repoRoot } from '../support/requirements.ts';

const dwtwin = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('crossbar read', () => {
  // Weights on a 1/64 grid and 0/1 planes: every partial sum is exact in float32, so both paths must agree bit for bit.
  const rows = 200; // two row tiles of 128 and 72
  const cols = 12;
  const batch = 7;
  const r = new Rng(3, 1);
  const w = Float32Array.from({ length: rows * cols }, () => Math.round((r.uniform() * 2 - 1) * 64) / 64);
  const x = Float32Array.from({ length: batch * rows }, () => (r.uniform() < 0.4 ? 0 : r.uniform()));

  it.each([0, 4, 6, 8, 10])('tfjs equals the typed-array definition bit for bit (%i-bit ADC, 4-bit inputs, 2 row tiles)', async (adcBits) => {
    const { tf } = await loadTf();
    const g = { ...PAPER002_GEOMETRY, adcBits };
    const ref = crossbarRead(x, batch, w, rows, cols, g);
    const t = crossbarReadTensor(tf, tf.tensor2d(x, [batch, rows]), tf.tensor2d(w, [rows, cols]), g);
    expect(Array.from(t.dataSync())).toEqual(Array.from(ref));
    t.dispose();
  });

  it('rounds half-way codes up in both paths (every partial sum of this read sits exactly between two ADC codes)', async () => {
    const { tf } = await loadTf();
    // 1/16 on every device, every input 1: each 128-row tile sums to 8 (half of the 4-bit step 16), the 72-row tile to 4.5 (half of 9).
    const w1 = new Float32Array(rows).fill(1 / 16);
    const x1 = new Float32Array(rows).fill(1);
    const g = { ...PAPER002_GEOMETRY, adcBits: 4 };
    const ref = crossbarRead(x1, 1, w1, rows, 1, g);
    expect(ref[0]).toBe(16 + 9);
    const t = crossbarReadTensor(tf, tf.tensor2d(x1, [1, rows]), tf.tensor2d(w1, [rows, 1]), g);
    expect(Array.from(t.dataSync())).toEqual(Array.from(ref));
  });

  it('coarse ADCs lose the small partial sums (the checker sees a 4-bit ADC); 10 bits keep them', () => {
    const exact = crossbarRead(x, batch, w, rows, cols, { ...PAPER002_GEOMETRY, adcBits: 0 });
    const err = (bits: number) => {
      const q = crossbarRead(x, batch, w, rows, cols, { ...PAPER002_GEOMETRY, adcBits: bits });
      return Math.max(...Array.from(q, (v, k) => Math.abs(v - exact[k]!)));
    };
    expect(err(10)).toBeLessThan(err(8));
    expect(err(6)).toBeLessThan(err(4));
    expect(err(4)).toBeGreaterThan(1);
    expect(adcConvert(3.2, 128, 4)).toBe(0); // step 16
    expect(adcConvert(1000, 128, 4)).toBe(7 * 16); // saturates at the top code
  });
});

describe('QuantizedCrossbar (5-state synapse, G_parallel column)', () => {
  it('realises Table VIII: signed weights from the conductances minus G_parallel', () => {
    const half = (quantized5Paper.gE5[4] - quantized5Paper.gE5[0]) / 2;
    quantized5SignedLevels().forEach((v, k) => expect(v).toBeCloseTo(quantized5Paper.signedE5[k]! / half, 1));
  });

  it('the update is SR(clip(W + dW)) onto the five levels: unbiased, one state per device, variation only in the read', () => {
    const spec = { kind: 'quantized-5' as const, geometry: PAPER002_GEOMETRY, sigma: 0, updateBits: 8 };
    const a = new QuantizedCrossbar(100, 100, spec, 5);
    a.program(new Float32Array(10000).fill(0));
    a.applyIncrements(new Float32Array(10000).fill(0.1));
    const w = a.nominalWeights();
    expect(new Set(w)).toEqual(new Set([0, 0.5]));
    const m = w.reduce((s, v) => s + v, 0) / w.length;
    expect(Math.abs(m - 0.1)).toBeLessThan(0.02);
    const varied = new QuantizedCrossbar(100, 100, { ...spec, sigma: 0.3 }, 5);
    varied.program(new Float32Array(10000).fill(0));
    varied.applyIncrements(new Float32Array(10000).fill(0.1));
    expect(Array.from(varied.nominalWeights())).toEqual(Array.from(w)); // same keyed draws
    const rw = varied.readWeights();
    expect(Array.from(rw)).not.toEqual(Array.from(a.readWeights()));
  });
});

let pixels: Uint8Array | undefined;
/** One batch's records with pixel (p) of channel c = (c * 50 + p + r) mod 256, so the reader's CHW -> HWC is checkable. */
function batchPixels(): Uint8Array {
  if (pixels) return pixels;
  pixels = new Uint8Array(CIFAR.record * CIFAR.perBatch);
  for (let r = 0; r < CIFAR.perBatch; r++) for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) pixels[r * CIFAR.record + 1 + c * 1024 + p] = (c * 50 + p + r) & 255;
  return pixels;
}

function cifarDir(opts: { truncate?: string; drop?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dwtwin-cifar-'));
  for (const [b, f] of [...CIFAR.trainFiles, CIFAR.testFile].entries()) {
    if (f === opts.drop) continue;
    const buf = Uint8Array.from(batchPixels());
    for (let r = 0; r < CIFAR.perBatch; r++) buf[r * CIFAR.record] = (r + b) % 10;
    writeFileSync(join(dir, f), f === opts.truncate ? buf.subarray(0, buf.length - 100) : buf);
  }
  return dir;
}

describe('CIFAR-10 binary reader', () => {
  it('reads the five training batches and the test batch, channel-last', () => {
    const dir = cifarDir();
    const { train, test } = readCifar10(dir);
    rmSync(dir, { recursive: true });
    expect(train.n).toBe(50000);
    expect(test.n).toBe(10000);
    expect(train.labels[10001]).toBe((1 + 1) % 10); // batch 2, record 1
    const r = 3;
    const p = 37;
    for (let c = 0; c < 3; c++) expect(test.images[(r * 1024 + p) * 3 + c]).toBe((c * 50 + p + r) & 255);
  });

  it.each([
    [{ drop: 'data_batch_3.bin' }, /data_batch_3\.bin: missing CIFAR-10 batch file/],
    [{ truncate: 'test_batch.bin' }, /test_batch\.bin: truncated CIFAR-10 batch: 30729900 bytes, expected 30730000/],
  ])('%j: one line naming the file, exit 2, nothing written', (opts, msg) => {
    const dir = cifarDir(opts);
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-cnn-'));
    const r = dwtwin('train', '--task', 'cnn', '--cifar', dir, '--epochs', '1', '--out', join(out, 'res'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(msg);
    expect(readdirSync(out)).toEqual([]);
    rmSync(dir, { recursive: true });
  });
});

describe('dwtwin train --task cnn', () => {
  const net = ['--epochs', '2', '--channels', '4,8', '--fc', '16'];
  const tiny = [...net, '--limit', '400', '--test-limit', '300'];
  it('learns above chance; byte-identical files for 1 and 2 workers', () => {
    const a = mkdtempSync(join(tmpdir(), 'dwtwin-cnn-'));
    const b = mkdtempSync(join(tmpdir(), 'dwtwin-cnn-'));
    const r1 = dwtwin('train', '--task', 'cnn', ...tiny, '--seeds', '2', '--workers', '1', '--out', a);
    expect(r1.status, r1.stderr).toBe(0);
    expect(dwtwin('train', '--task', 'cnn', ...tiny, '--seeds', '2', '--workers', '2', '--out', b).status).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toEqual(['accuracy-per-epoch.svg', 'report.md', 'seed-1.json', 'seed-2.json', 'summary.json']);
    for (const f of files) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
    const s = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as { finalAccuracy: { mean: number } };
    expect(s.finalAccuracy.mean).toBeGreaterThan(0.2); // chance is 0.1
    expect(r1.stdout).toMatch(/paper 002 .* 8-bit ADC 90\.4 % \(Table VII\)/);
  });

  it('sweep adc writes Table VII beside ours; each point is the same run as train', () => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-cnn-sweep-'));
    const small = [...net, '--limit', '100', '--test-limit', '100'];
    const r = dwtwin('sweep', 'adc', '--bits', '4,10', ...small, '--workers', '2', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['accuracy-vs-adc.svg', 'adc-10', 'adc-4', 'report.md', 'sweep.json']);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/\| 4 \| [\d.]+ ± [\d.]+ \| 10 \|/);
    const single = mkdtempSync(join(tmpdir(), 'dwtwin-cnn-'));
    expect(dwtwin('train', '--task', 'cnn', ...small, '--adc-bits', '10', '--out', single).status).toBe(0);
    expect(readFileSync(join(out, 'adc-10', 'seed-1.json'), 'utf8')).toBe(readFileSync(join(single, 'seed-1.json'), 'utf8'));
  });

  it.each([
    [['train', '--task', 'cnn', '--synapse', 'trapezoid'], /--synapse: expected one of quantized-5, ideal/],
    [['train', '--task', 'cnn', '--adc-bits', '1'], /--adc-bits: expected 0 \(exact\) or 2 to 16 bits/],
    [['train', '--task', 'cnn', '--side', '10'], /--side: expected a divisor of 28/],
    [['train', '--task', 'cnn', '--cifar', '/nonexistent/cifar'], /--cifar: \/nonexistent\/cifar is not a directory/],
    [['sweep', 'variation', '--sigma', '0,120'], /--sigma: expected a conductance variation in % within \[0, 100\]/],
    [['sweep', 'adc', '--bits', '4,x'], /--bits: expected an integer in \[2, 16\]/],
  ])('bad input %j exits 2 and writes nothing', (args, msg) => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-cnn-'));
    mkdirSync(join(out, 'keep'));
    const r = dwtwin(...args, '--out', join(out, 'res'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual(['keep']);
  });
});
