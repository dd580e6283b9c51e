// Inference under write noise (paper 001 Fig. 6) through the CLI: result files, accuracy saturating with notches,
// 10x noise costing accuracy, byte-identical reruns, bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/requirements.ts';

const dwtwin = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });
const tiny = ['--task', 'inference-noise', '--limit', '1500', '--test-limit', '500', '--epochs', '1'];

interface Summary {
  floatAccuracy: { mean: number };
  points: { notches: number; noise: string; mean: number }[];
}

describe('dwtwin train --task inference-noise', () => {
  it('writes results beside the paper; accuracy rises with notches, 10x noise costs accuracy; same command, same bytes', () => {
    const a = mkdtempSync(join(tmpdir(), 'dwtwin-inoise-'));
    const b = mkdtempSync(join(tmpdir(), 'dwtwin-inoise-'));
    const args = [...tiny, '--bits', '2,6', '--noise', 'none,measured,100', '--trials', '2', '--seeds', '2'];
    const r = dwtwin('train', ...args, '--workers', '2', '--out', a);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ResNet-56 on CIFAR-100: >= 16/);
    expect(dwtwin('train', ...args, '--workers', '1', '--out', b).status).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toEqual(['accuracy-vs-notches.svg', 'report.md', 'seed-1.json', 'seed-2.json', 'summary.json']);
    for (const f of files) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
    const s = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as Summary;
    const at = (notches: number, noise: string) => s.points.find((p) => p.notches === notches && p.noise === noise)!.mean;
    expect(s.floatAccuracy.mean).toBeGreaterThan(0.6);
    expect(at(32, 'none')).toBeGreaterThan(s.floatAccuracy.mean - 0.02); // 32 notches: close to float
    expect(Math.abs(at(32, 'measured') - at(32, 'none'))).toBeLessThan(0.02); // measured noise: invisible
    expect(at(32, '100 uS')).toBeLessThan(at(32, 'none') - 0.05); // noise larger than the window's notch: visible
    expect(readFileSync(join(a, 'report.md'), 'utf8')).toMatch(/at least 16 notches/);
  });

  it.each([
    [['--bits', '1'], /--bits: expected integers in 2\.\.12/],
    [['--bits', '4,x'], /--bits: expected integers in 2\.\.12/],
    [['--noise', 'loud'], /--noise: expected none, measured-min, measured, measured-max, 10x or a sigma in uS/],
    [['--noise', '-3'], /--noise: expected .* \(got "-3"\)/],
    [['--noise', 'none,0'], /--noise: the same sigma is given twice/],
    [['--trials', '0'], /--trials: expected a positive integer/],
    [['--steps', '10'], /--steps: applies to --task snn, not --task inference-noise/],
  ])('bad input %j exits 2 with one line and writes nothing', (args, msg) => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-inoise-'));
    const r = dwtwin('train', ...tiny, ...args, '--out', join(out, 'res'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(out)).toEqual([]);
  });
});
