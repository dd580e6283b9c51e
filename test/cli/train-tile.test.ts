// dwtwin train on tile levels: bad combinations exit 2 with one line; the twin level's seed file is the same bytes
// twice and records the final states' sha256; --check twin reports its operations; the cycle and Verilator levels
// (the core on the full-size 785 x 300 and 301 x 10 tiles, a few images) give the twin's accuracies, final-state
// hash, command count and reported cycles.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTileLevelBuilt } from '../../src/accel/tile-level.ts';
import { describeWith, repoRoot } from '../support/requirements.ts';

function dwtwin(...args: string[]) {
  return spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
}
const small = ['train', '--task', 'mlp', '--limit', '40', '--test-limit', '40', '--epochs', '1', '--seed', '2', '--workers', '1'];

describe('dwtwin train --level (tile levels)', () => {
  it('refuses bad combinations with one line, exit 2', () => {
    for (const [args, msg] of [
      [['--level', 'device', '--check', 'twin'], /--check twin: compares a tile level's responses/],
      [['--level', 'twin', '--notches', 'continuous'], /--level twin: the tile's devices are notched/],
      [['--level', 'twin', '--prob-bits', '17'], /--prob-bits: expected an integer in \[1, 16\]/],
      [['--level', 'twin', '--variants', '40'], /--variants: the tile holds at most 32/],
      [['--level', 'twin', '--tile-update', 'fast'], /--tile-update: expected one of serial, pipelined \(got "fast"\)/],
      [['--level', 'board'], /--level: expected one of ideal, device, twin, cycle, verilator/],
    ] as const) {
      const r = dwtwin(...small, ...((args as readonly string[]).includes('--variants') ? [] : ['--variants', '2']), ...args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    for (const level of ['cycle', 'verilator'] as const) {
      if (isTileLevelBuilt(level)) continue; // the core's levels have landed
      const r = dwtwin(...small, '--variants', '2', '--level', level);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--level ${level}: not built yet`));
    }
  });

  it('--level twin: the same bytes twice, the final-state hash recorded; --check twin gives the same hash', { timeout: 240_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwtwin-tile-'));
    const a = dwtwin(...small, '--variants', '2', '--level', 'twin', '--out', join(dir, 'a'));
    expect(a.status, a.stderr).toBe(0);
    const b = dwtwin(...small, '--variants', '2', '--level', 'twin', '--out', join(dir, 'b'));
    expect(b.status, b.stderr).toBe(0);
    const fa = readFileSync(join(dir, 'a', 'seed-2.json'), 'utf8');
    expect(readFileSync(join(dir, 'b', 'seed-2.json'), 'utf8')).toBe(fa);
    const hash = (JSON.parse(fa) as { tile: { stateSha256: string } }).tile.stateSha256;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const c = dwtwin(...small, '--variants', '2', '--level', 'twin', '--check', 'twin', '--out', join(dir, 'c'));
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toMatch(new RegExp(`final states sha256 ${hash}, --check twin: \\d+ operations, 0 mismatches`));
  });
});

/** What every level must agree on in a seed file (the level's name, label and replay command differ). */
function levelOutcome(file: string) {
  const r = JSON.parse(readFileSync(file, 'utf8')) as { epochs: unknown; finalAccuracy: number; devicePulses: number; tile: { stateSha256: string; romLoads: number; operations: number; reportedCycles: number } };
  const { stateSha256, romLoads, operations, reportedCycles } = r.tile;
  return { epochs: r.epochs, finalAccuracy: r.finalAccuracy, devicePulses: r.devicePulses, stateSha256, romLoads, operations, reportedCycles };
}

describeWith(['verilator'], 'dwtwin train --level cycle | verilator against twin', () => {
  const few = ['train', '--task', 'mlp', '--limit', '6', '--test-limit', '20', '--epochs', '1', '--seed', '3', '--workers', '1', '--variants', '2'];
  it('the same accuracies, final-state hash, commands and reported cycles on twin, cycle and verilator (checked against the twin)', { timeout: 900_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwtwin-tile-levels-'));
    const run = (level: string, check: boolean) => {
      const r = spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...few, '--level', level, ...(check ? ['--check', 'twin'] : []), '--out', join(dir, level)], { cwd: repoRoot, encoding: 'utf8', timeout: 850_000 });
      expect(r.status, r.stderr).toBe(0);
      if (check) expect(r.stdout).toMatch(/--check twin: \d+ operations, 0 mismatches/);
      return levelOutcome(join(dir, level, 'seed-3.json'));
    };
    const twin = run('twin', false);
    expect(twin.operations).toBeGreaterThan(20);
    expect(twin.reportedCycles).toBeGreaterThan(0);
    expect(run('cycle', true)).toEqual(twin);
    expect(run('verilator', true)).toEqual(twin);
  });
});
