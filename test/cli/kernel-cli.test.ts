import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/requirements.ts';

const dwtwin = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });

describe('kernel verbs: bad input exits 2 with a clear message', () => {
  it.each([
    [['sim', '--core', 'nope', '--cycles', '10'], /--core: unknown core "nope"/],
    [['sim', '--core', 'mac16', '--cycles', '-5'], /--cycles: expected a positive integer/],
    [['cosim', '--core', 'mac16', '--cycles', '10', '--seed', '1', '--against', 'modelsim'], /--against: expected one of verilator, iverilog/],
    [['fuzz', '--designs', '0'], /--designs: expected a positive integer/],
    [['rtl', '--core', 'mac16'], /Missing required argument: out/],
  ])('%j', (args, msg) => {
    const r = dwtwin(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bad --params file names the file and field and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwtwin-params-'));
    const p = join(dir, 'p.json');
    writeFileSync(p, JSON.stringify({ lanes: 0, typo: 1 }));
    const out = join(dir, 'out');
    const r = dwtwin('rtl', '--core', 'mac16', '--params', p, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/p\.json: field 'lanes'/);
    expect(readdirSync(dir)).toEqual(['p.json']);
  });

  it('--params changes the design', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwtwin-params-'));
    const p = join(dir, 'p.json');
    writeFileSync(p, JSON.stringify({ lanes: 4, accWidth: 40 }));
    const r = dwtwin('sim', '--core', 'mac16', '--params', p, '--cycles', '100');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/sim mac16: 100 cycles/);
  });
});
