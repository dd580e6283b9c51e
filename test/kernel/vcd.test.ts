import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { repoRoot } from '../support/requirements.ts';

it('dwtwin sim writes a VCD with scopes, variables and value changes, identical for the same seed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dwtwin-vcd-'));
  const run = (f: string) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', 'sim', '--core', 'mac16', '--cycles', '200', '--seed', '4', '--vcd', join(dir, f)], { cwd: repoRoot, encoding: 'utf8' });
  const r1 = run('a.vcd');
  const r2 = run('b.vcd');
  expect(r1.status).toBe(0);
  const a = readFileSync(join(dir, 'a.vcd'), 'utf8');
  expect(a).toBe(readFileSync(join(dir, 'b.vcd'), 'utf8'));
  expect(r1.stdout.match(/outputs sha256: \w+/)?.[0]).toBe(r2.stdout.match(/outputs sha256: \w+/)?.[0]);
  expect(a).toMatch(/\$timescale 1ns \$end/);
  expect(a).toMatch(/\$scope module mac16 \$end/);
  expect(a).toMatch(/\$var wire 32 \S+ acc0 \[31:0\] \$end/);
  expect(a).toMatch(/\$enddefinitions \$end/);
  expect(a).toMatch(/#1990\n/);
  expect(a.match(/^b[01]+ \S+$/gm)!.length).toBeGreaterThan(100);
});
