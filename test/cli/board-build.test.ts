// `dwtwin board build --board icebreaker`: the real toolchain (yosys, nextpnr-ice40, icepack) writes an iCE40
// bitstream and a report that says the design fits the UP5K and meets the 12 MHz board clock; bad input is refused
// before any tool runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWith, repoRoot } from '../support/requirements.ts';

const dwtwin = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });

describeWith(['yosys', 'nextpnr-ice40', 'icepack'], 'dwtwin board build', () => {
  it('icebreaker: a bitstream and a report that fits the UP5K and meets 12 MHz', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dwtwin-board-')), 'icebreaker');
    const r = dwtwin('board', 'build', '--board', 'icebreaker', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Fmax [\d.]+ MHz against the 12 MHz board clock: meets it/);
    const bin = readFileSync(join(out, 'top.bin'));
    // An iCE40 bitstream: the 0xFF 0x00 0x00 0xFF comment preamble, then the 0x7EAA997E synchronisation word.
    expect([...bin.subarray(0, 8)]).toEqual([0xff, 0x00, 0x00, 0xff, 0x7e, 0xaa, 0x99, 0x7e]);
    expect(bin.length).toBeGreaterThan(100_000); // the whole UP5K configuration (104,090 bytes)
    const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(rep.fits).toBe(true);
    expect(rep.meetsClock).toBe(true);
    expect(rep.fmaxMhz).toBeGreaterThanOrEqual(12);
    for (const [bel, u] of Object.entries(rep.utilisation as Record<string, { used: number; available: number }>)) expect(u.used, bel).toBeLessThanOrEqual(u.available);
    expect(rep.utilisation.ICESTORM_LC.used).toBeGreaterThan(1000); // the link and mac16cmd, not an empty design
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/icebreaker: bitstream/);
  }, 900_000);

  it('bad input is refused before any tool runs: one line, exit 2, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwtwin-board-bad-'));
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    for (const [args, msg] of [
      [['--board', 'icestick'], /--board: expected one of icebreaker, ulx3s, arty-a7 \(got "icestick"\)/],
      [['--out', dir], /--out: .* exists and is not an empty directory/],
    ] as const) {
      const r = dwtwin('board', 'build', ...args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    }
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    expect(existsSync(join(repoRoot, 'build', 'icestick'))).toBe(false);
  });
});
