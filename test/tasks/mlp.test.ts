// The MLP task: schedule, learning well above chance, byte-identical results for the same command (in-process and
// in worker threads), and clear errors for impossible options.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { learningRate } from '../../src/tasks/mlp/schedule.ts';
import { repoRoot } from '../support/requirements.ts';

const dwtwin = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });

it("follows paper 000's learning-rate schedule", () => {
  expect([1, 3, 4, 5, 6, 8, 9, 10, 11, 20].map((e) => learningRate(1, e))).toEqual([1, 1, 1 / 2, 1 / 2, 1 / 3, 1 / 3, 1 / 4, 1 / 4, 1 / 5, 1 / 5]);
});

describe('dwtwin train', () => {
  const small = ['--dataset', 'fashion-mnist', '--epochs', '1', '--limit', '600', '--test-limit', '1000'];
  it('learns well above chance and gives byte-identical result files for the same command (1 and 2 workers)', () => {
    const a = mkdtempSync(join(tmpdir(), 'dwtwin-train-'));
    const b = mkdtempSync(join(tmpdir(), 'dwtwin-train-'));
    const r1 = dwtwin('train', '--task', 'mlp', '--synapse', 'sot-300k', '--notches', '32', ...small, '--seeds', '2', '--workers', '1', '--out', a);
    expect(r1.status).toBe(0);
    const r2 = dwtwin('train', '--task', 'mlp', '--synapse', 'sot-300k', '--notches', '32', ...small, '--seeds', '2', '--workers', '2', '--out', b);
    expect(r2.status).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toEqual(['accuracy-per-epoch.svg', 'report.md', 'seed-1.json', 'seed-2.json', 'summary.json']);
    for (const f of files) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
    const s = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as { finalAccuracy: { mean: number } };
    expect(s.finalAccuracy.mean).toBeGreaterThan(0.3); // chance is 0.1
    expect(r1.stdout).toMatch(/paper 000 Fig\. 5e .* SOT 72 %/);
  });

  it('the ideal baseline beats chance by a wide margin', () => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-train-'));
    const r = dwtwin('train', '--synapse', 'ideal', ...small, '--out', out);
    expect(r.status).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { finalAccuracy: { mean: number } };
    expect(s.finalAccuracy.mean).toBeGreaterThan(0.4); // chance is 0.1; 600 images, one epoch
  });

  it('Ctrl-C after the first seed keeps that seed intact (the same bytes as an uninterrupted run) and no partial files', async () => {
    const args = ['train', '--synapse', 'ideal', '--epochs', '1', '--limit', '3000', '--test-limit', '500', '--workers', '1'];
    const ref = mkdtempSync(join(tmpdir(), 'dwtwin-train-'));
    expect(dwtwin(...args, '--seeds', '1', '--out', ref).status).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-train-'));
    const child = spawn(process.execPath, ['src/cli/dwtwin.mjs', ...args, '--seeds', '3', '--out', out], { cwd: repoRoot, stdio: 'ignore' });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    // Interrupt as soon as seed 1's file is in place (seed 2 then takes about as long again).
    while (!existsSync(join(out, 'seed-1.json')) && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['seed-1.json']); // no summary, no seed-2 yet, no temporary files
    expect(readFileSync(join(out, 'seed-1.json'), 'utf8')).toBe(readFileSync(join(ref, 'seed-1.json'), 'utf8'));
  });

  it.each([
    [['--synapse', 'nope'], /--synapse: expected one of ideal, stt-0k/],
    [['--dataset', 'cifar'], /--dataset: expected one of mnist, fashion-mnist/],
    [['--notches', 'continuous', '--carry'], /--carry needs notched devices/],
    [['--synapse', 'ideal', '--tables', '/tmp'], /--synapse ideal: --tables applies to device synapses only/],
    [['--seeds', '0'], /--seeds: expected a positive integer/],
    [['--tables', '/nonexistent/dir', '--epochs', '1', '--limit', '10'], /--tables: \/nonexistent\/dir is not a directory/],
  ])('bad input %j exits 2 and writes nothing', (args, msg) => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-train-'));
    const r = dwtwin('train', ...args, '--out', join(out, 'res'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('dwtwin sweep notches', () => {
  it('trains every point and writes the accuracy-versus-notches plot; a bad point fails before any training', () => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-sweep-'));
    const opts = ['--synapse', 'sot-300k', '--notches', '8,continuous', '--epochs', '1', '--limit', '200', '--test-limit', '300'];
    const r = dwtwin('sweep', 'notches', ...opts, '--workers', '2', '--out', out);
    expect(r.status).toBe(0);
    // Points run in parallel worker threads; the files are those of running them one after the other.
    const serial = mkdtempSync(join(tmpdir(), 'dwtwin-sweep-'));
    expect(dwtwin('sweep', 'notches', ...opts, '--workers', '1', '--out', serial).status).toBe(0);
    for (const f of ['sweep.json', 'report.md', 'accuracy-vs-notches.svg', 'sot-300k-8/seed-1.json', 'sot-300k-continuous/summary.json'])
      expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(serial, f), 'utf8'));
    expect(readdirSync(out).sort()).toEqual(['accuracy-vs-notches.svg', 'report.md', 'sot-300k-8', 'sot-300k-continuous', 'sweep.json']);
    const sw = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { points: { notches: string; mean: number }[] };
    expect(sw.points.map((p) => p.notches)).toEqual(['8', 'continuous']);
    const bad = mkdtempSync(join(tmpdir(), 'dwtwin-sweep-'));
    const r2 = dwtwin('sweep', 'notches', '--notches', '8,1', '--out', join(bad, 'x'));
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/--notches: expected at least 2 levels/);
    expect(readdirSync(bad)).toEqual([]);
  });
});

describe('dwtwin sweep lr', () => {
  it('trains one point per learning rate, each the same run as dwtwin train with that α; a list for the fixed option is refused', () => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-sweep-lr-'));
    const opts = ['--synapse', 'sot-300k', '--notches', '32', '--epochs', '1', '--limit', '200', '--test-limit', '300'];
    const r = dwtwin('sweep', 'lr', ...opts, '--lr', '0.01,0.05', '--workers', '2', '--out', out);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['accuracy-vs-lr.svg', 'report.md', 'sot-300k-lr0.01', 'sot-300k-lr0.05', 'sweep.json']);
    const sw = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { sweep: string; points: { lr: string }[] };
    expect(sw.sweep).toBe('lr');
    expect(sw.points.map((p) => p.lr)).toEqual(['0.01', '0.05']);
    const single = mkdtempSync(join(tmpdir(), 'dwtwin-train-'));
    expect(dwtwin('train', ...opts, '--lr', '0.05', '--seed', '1', '--out', single).status).toBe(0);
    expect(readFileSync(join(out, 'sot-300k-lr0.05', 'seed-1.json'), 'utf8')).toBe(readFileSync(join(single, 'seed-1.json'), 'utf8'));
    expect(readFileSync(join(out, 'sot-300k-lr0.01', 'seed-1.json'), 'utf8')).not.toBe(readFileSync(join(single, 'seed-1.json'), 'utf8'));
    const bad = mkdtempSync(join(tmpdir(), 'dwtwin-sweep-lr-'));
    for (const [what, args, msg] of [
      ['lr', ['--notches', '8,16'], /--notches: sweep lr takes one value/],
      ['lr', ['--lr', '0.01,-1'], /--lr: expected a positive number/],
      ['notches', ['--lr', '0.01,0.02'], /--lr: sweep notches takes one value/],
    ] as const) {
      const r2 = dwtwin('sweep', what, ...args, '--out', join(bad, 'x'));
      expect(r2.status).toBe(2);
      expect(r2.stderr).toMatch(msg);
    }
    expect(readdirSync(bad)).toEqual([]);
  });
});

describe('dwtwin report', () => {
  it('summarises seeds trained apart exactly as one run of all of them; mismatched, duplicate or unfinished seeds are refused', () => {
    const opts = ['--synapse', 'sot-300k', '--notches', '32', '--epochs', '2', '--limit', '150', '--test-limit', '200', '--workers', '1'];
    const tmp = mkdtempSync(join(tmpdir(), 'dwtwin-report-'));
    const d = (n: string) => join(tmp, n);
    expect(dwtwin('train', ...opts, '--seeds', '2', '--out', d('both')).status).toBe(0);
    expect(dwtwin('train', ...opts, '--seed', '1', '--out', d('s1')).status).toBe(0);
    expect(dwtwin('train', ...opts, '--seed', '2', '--out', d('s2')).status).toBe(0);
    const r = dwtwin('report', d('s1'), d('s2'), '--out', d('joined'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/seeds 1, 2, 2 epoch/);
    for (const f of ['summary.json', 'report.md', 'accuracy-per-epoch.svg']) expect(readFileSync(d(`joined/${f}`), 'utf8')).toBe(readFileSync(d(`both/${f}`), 'utf8'));

    expect(dwtwin('train', ...opts, '--seed', '3', '--lr', '0.05', '--out', d('other')).status).toBe(0);
    const unfinished = JSON.parse(readFileSync(d('s2/seed-2.json'), 'utf8')) as { epochs: unknown[] };
    unfinished.epochs.pop();
    const cut = mkdtempSync(join(tmpdir(), 'dwtwin-report-cut-'));
    writeFileSync(join(cut, 'seed-2.json'), JSON.stringify(unfinished));
    const broken = mkdtempSync(join(tmpdir(), 'dwtwin-report-broken-'));
    writeFileSync(join(broken, 'seed-4.json'), readFileSync(d('s1/seed-1.json'), 'utf8').slice(0, 200));
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-report-out-'));
    for (const [dirs, msg] of [
      [[d('s1'), d('other')], /seed-3\.json: field 'config\.alpha' is 0\.05, but .*seed-1\.json has 0\.02/],
      [[d('s1'), d('both')], /seed 1 is also in/],
      [[d('s1'), cut], /seed-2\.json: field 'epochs': 1 epoch\(s\) recorded, the configuration asks for 2/],
      [[broken], /seed-4\.json: not valid JSON/],
      [[join(tmp, 'missing')], /missing: not a directory/],
    ] as const) {
      const e = dwtwin('report', ...dirs, '--out', join(out, 'x'));
      expect(e.status).toBe(2);
      expect(e.stderr).toMatch(msg);
      expect(e.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readdirSync(out)).toEqual([]);
  });
});
