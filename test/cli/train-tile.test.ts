// dwtwin train on tile levels: bad combinations exit 2 with one line; the twin level's seed file is the same bytes
// twice and records the final states' sha256; --check twin reports its operations.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTileLevelBuilt } from '../../src/accel/tile-level.ts';
import { repoRoot } from '../support/requirements.ts';

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
