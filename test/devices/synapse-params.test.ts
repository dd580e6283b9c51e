// Parameter validation: bad values become InputError naming the parameter; CLI bad input exits 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/base/errors.ts';
import { presetWithOverrides, synapsePreset, synapsePresetNames } from '../../src/devices/synapse/presets.ts';
import { parseSynapseParams } from '../../src/devices/synapse/params.ts';
import { repoRoot } from '../support/requirements.ts';

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('synapse parameters', () => {
  it('every preset is valid', () => {
    for (const n of synapsePresetNames) expect(() => parseSynapseParams(synapsePreset(n), n)).not.toThrow();
  });
  const cases: [string, unknown, RegExp][] = [
    ['negative width', { geometry: { width: -50e-9 } }, /geometry\.width/],
    ['notch pitch below the wall width', { geometry: { notchCount: 200 } }, /geometry\.notchCount.*wall width/],
    ['TMR <= 0', { mtj: { tmr: 0 } }, /mtj\.tmr/],
    ['unknown field', { material: { alfa: 0.1 } }, /material/],
    ['wrong type', { temperature: 'hot' }, /temperature/],
    ['non-integer notch count', { geometry: { notchCount: 3.5 } }, /geometry\.notchCount/],
    ['unknown mechanism', { drive: { mechanism: 'vcma' } }, /drive\.mechanism/],
    ['both rP and ra', { mtj: { ra: 1e-12 } }, /mtj\.rP/],
    ['too coarse dt', { model: { dt: 1e-10 } }, /model\.dt/],
    ['easy-plane magnet', { material: { kU: 1e5 } }, /material\.kU/],
  ];
  for (const [what, override, re] of cases) {
    it(`${what} -> InputError naming the parameter`, () => {
      const e = errorOf(() => presetWithOverrides('stt-300k', override, 'my.json'));
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toMatch(/my\.json/);
      expect(e.message).toMatch(re);
    });
  }
  it('unknown preset -> InputError listing the presets', () => {
    const e = errorOf(() => synapsePreset('nope'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/stt-300k/);
  });
});

describe('dwtwin device ramp/lut bad input', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });
  it('unknown preset exits 2, lists both synapse and shaped presets, no stack trace', () => {
    const r = run('device', 'ramp', '--preset', 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--preset: expected one of .*stt-300k.*sot-400k.*trapezoid/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('a params file with a bad field exits 2 naming file and field; nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwtwin-params-'));
    const f = join(dir, 'p.json');
    writeFileSync(f, JSON.stringify({ mtj: { tmr: -1 } }));
    const out = join(dir, 'out');
    const r = run('device', 'ramp', '--preset', 'stt-300k', '--params', f, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${f}: field 'mtj.tmr'`);
    expect(spawnSync('ls', [out]).status).not.toBe(0);
  });
  it('--out naming an existing file exits 2', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'dwtwin-out-')), 'file');
    writeFileSync(f, 'x');
    const r = run('device', 'ramp', '--preset', 'stt-0k', '--out', f);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out: .* is not a directory/);
  });
  it('bad --seed and --variants exit 2', () => {
    expect(run('device', 'ramp', '--preset', 'stt-300k', '--seed', '-1').status).toBe(2);
    expect(run('device', 'ramp', '--preset', 'stt-300k', '--variants', '0').status).toBe(2);
  });
  it('lut with a missing file exits 2 naming it', () => {
    const r = run('device', 'lut', '--from', '/nonexistent/dG_increasing0.txt.gz');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\/nonexistent\/dG_increasing0\.txt\.gz: cannot read/);
  });
});
