// Bad parameters of the neuron-array and activation cores are refused by the schema naming file and field (exit 2,
// nothing written); `device neuron --level` prints pulses-to-fire beside the paper's numbers, identical on every level.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWith, repoRoot } from '../support/requirements.ts';

function dwtwin(...args: string[]) {
  return spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 900_000 });
}

const dir = mkdtempSync(join(tmpdir(), 'dwtwin-ncore-'));
const file = (name: string, v: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(v));
  return f;
};

describe('core parameters refused by the schema (exit 2, file and field named, nothing written)', () => {
  const cases: [string, string, unknown, RegExp][] = [
    ['neuron-array', 'pos.json', { posBits: 17 }, /pos\.json: field 'posBits': .*16/],
    ['neuron-array', 'seg.json', { posBits: 10, segBits: 11 }, /seg\.json: field 'segBits'/],
    ['neuron-array', 'lanes.json', { neurons: 4, lanes: 5 }, /lanes\.json: field 'lanes'/],
    ['activation', 'thr.json', { mtjs: 9, quantBits: 9 }, /thr\.json: field 'quantBits': threshold ROM address/],
  ];
  for (const [core, name, v, msg] of cases) {
    it(`${core} ${JSON.stringify(v)}`, () => {
      const out = join(dir, `out-${name}`);
      const r = dwtwin('rtl', '--core', core, '--params', file(name, v), '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    });
  }
  it('sigma out of range for an integer level', () => {
    const out = join(dir, 'out-sigma');
    const r = dwtwin('device', 'neuron', '--level', 'twin', '--params', file('sigma.json', { sigma: 0.95 }), '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/sigma\.json: field 'sigma'/);
    expect(existsSync(out)).toBe(false);
  });
});

describeWith(['verilator'], 'device neuron --level', () => {
  it('twin and verilator print the same pulses-to-fire for the same seed, within the paper tolerance', () => {
    const run = (level: string) => {
      const r = dwtwin('device', 'neuron', '--level', level, '--trials', '48', '--seed', '2', '--out', join(dir, `lv-${level}`));
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter((l) => l.includes('setting'));
    };
    const twin = run('twin');
    expect(twin.join('\n')).toMatch(/setting A: .* -> pulses to fire (1[1-3])\.\d\d .*PASS/);
    expect(twin.join('\n')).toMatch(/setting B: .* -> pulses to fire 3[3-7]\.\d\d .*PASS/);
    expect(run('verilator')).toEqual(twin);
  }, 900_000);
});
