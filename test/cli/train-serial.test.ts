// dwtwin train over the serial link: the MLP (785 x 300 and 301 x 10 tiles, each on its own Verilator build of
// link + tile behind a pty, byte level) with --check twin gives 0 mismatches and the twin's accuracies and
// final-state hash; a bad serial level is refused with one line, exit 2. (The target-side fault that --check twin
// must name is in test/accel/tile-level-serial.test.ts, on a small tile.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWith, repoRoot } from '../support/requirements.ts';

function dwtwin(...args: string[]) {
  return spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 1_500_000 });
}
const small = ['train', '--task', 'mlp', '--limit', '30', '--test-limit', '40', '--epochs', '1', '--seed', '2', '--workers', '1', '--lanes', '32'];
const dir = mkdtempSync(join(tmpdir(), 'dwtwin-train-serial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Seed = { epochs: { testAccuracy: number; trainLoss: number }[]; tile: { stateSha256: string; romLoads: number; checkedOperations?: number } };
const seedFile = (d: string) => JSON.parse(readFileSync(join(d, 'seed-2.json'), 'utf8')) as Seed;

describeWith(['verilator'], 'dwtwin train --level serial:verilator', () => {
  it('--check twin: 0 mismatches, the twin\'s accuracies and final-state hash', { timeout: 1_600_000 }, () => {
    const t = dwtwin(...small, '--level', 'twin', '--out', join(dir, 'twin'));
    expect(t.status, t.stderr).toBe(0);
    const s = dwtwin(...small, '--level', 'serial:verilator', '--check', 'twin', '--out', join(dir, 'serial'));
    expect(s.status, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/tile serial:verilator \(checked against twin\), \d+ tile commands, \d+ reported tile cycles, final states sha256 [0-9a-f]{64}, --check twin: \d+ operations, 0 mismatches/);
    const a = seedFile(join(dir, 'twin'));
    const b = seedFile(join(dir, 'serial'));
    expect(b.epochs).toEqual(a.epochs);
    expect(b.tile.stateSha256).toBe(a.tile.stateSha256);
    expect(b.tile.romLoads).toBe(a.tile.romLoads);
    expect(b.tile.checkedOperations).toBeGreaterThan(100);
  });

  it('a serial level on a path that is not a dwtwin target: one line, exit 2', { timeout: 60_000 }, () => {
    const r = dwtwin(...small, '--level', 'serial:/dev/null', '--out', join(dir, 'bad'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/serial:\/dev\/null: not a serial port or terminal/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const e = dwtwin(...small, '--level', 'serial:', '--out', join(dir, 'bad'));
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(/--level serial:: expected serial:verilator, serial:cycle or serial:PATH/);
  });
});
