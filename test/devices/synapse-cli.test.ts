// End-to-end: `dwtwin device ramp` writes JSON, SVGs and tables with identical bytes on a rerun (cache hit
// and fresh generation alike); `dwtwin device lut` reads a reference table with its partner.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWith, repoRoot, sharedDir } from '../support/requirements.ts';

const tmp = mkdtempSync(join(tmpdir(), 'dwtwin-ramp-cli-'));
const run = (env: Record<string, string>, ...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));

describe('dwtwin device ramp', () => {
  it('writes ramp.json, plots and tables; the same seed gives the same bytes from a fresh cache and from the cache', () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    const c = join(tmp, 'c');
    const r1 = run({ DWTWIN_CACHE: join(tmp, 'cache1') }, 'device', 'ramp', '--preset', 'stt-0k', '--out', a, '--variants', '2');
    expect(r1.status, r1.stderr).toBe(0);
    expect(r1.stdout).toMatch(/nonlinearity \+/);
    expect(r1.stdout).toMatch(/energy per update/);
    const r2 = run({ DWTWIN_CACHE: join(tmp, 'cache2') }, 'device', 'ramp', '--preset', 'stt-0k', '--out', b, '--variants', '2');
    const r3 = run({ DWTWIN_CACHE: join(tmp, 'cache1') }, 'device', 'ramp', '--preset', 'stt-0k', '--out', c, '--variants', '2');
    expect(r3.stdout).toMatch(/tables from cache/);
    const sa = snapshot(a);
    expect(Object.keys(sa)).toEqual(expect.arrayContaining(['ramp.json', 'ramps.svg', 'cdf-increasing.svg', 'cdf-decreasing.svg', 'switching-count.svg', 'dG_increasing0.txt.gz', 'dG_decreasing1.txt.gz', 'params.json']));
    // ramp.json names its output paths, which differ between runs: compare everything else byte for byte.
    const strip = (s: Record<string, string>) => ({ ...s, 'ramp.json': undefined });
    expect(strip(snapshot(b))).toEqual(strip(sa));
    expect(strip(snapshot(c))).toEqual(strip(sa));
    const ja = JSON.parse(readFileSync(join(a, 'ramp.json'), 'utf8'));
    const jb = JSON.parse(readFileSync(join(b, 'ramp.json'), 'utf8'));
    expect({ ...jb, files: null }).toEqual({ ...ja, files: null });
  });
});

describeWith(['shared'], 'dwtwin device lut on a reference table', () => {
  it('pairs increasing with decreasing and prints the metrics beside the paper', () => {
    const f = resolve(sharedDir, 'data', 'crosssim-dwmtj-luts', 'DWMTJ_STT', '300K', 'dG_increasing0.txt.gz');
    const out = join(tmp, 'lut');
    const r = run({}, 'device', 'lut', '--from', f, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dG_decreasing0\.txt\.gz/);
    expect(r.stdout).toMatch(/nonlinearity \+ +0\.0\d\d +paper +0\.07/);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['lut.json', '0-dG_increasing0-cdf-increasing.svg']));
  });
});

describeWith(['shared'], 'dwtwin device response on the reference tables', () => {
  it("shows Fig. 5e's mechanism: STT cannot move on a 0.1-notch request, SOT can, and its threshold is far lower", () => {
    const ref = resolve(sharedDir, 'data', 'crosssim-dwmtj-luts');
    const out = join(tmp, 'response');
    const r = run({}, 'device', 'response', '--synapse', '', '--tables', join(ref, 'DWMTJ_STT', '300K'), join(ref, 'DWMTJ_SOT', '300K'), '--notches', '32', '--requests', '0.1,1', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['delivered-vs-request.svg', 'report.txt', 'response.json']);
    type D = { direction: string; thresholdMedian: number; points: { request: number; drift: number }[] };
    const j = JSON.parse(readFileSync(join(out, 'response.json'), 'utf8')) as { sources: { directions: D[] }[] };
    const [stt, sot] = j.sources.map((s) => s.directions);
    for (let i = 0; i < 2; i++) {
      expect(stt![i]!.points[0]!.drift).toBe(0);
      expect(sot![i]!.points[0]!.drift).toBeGreaterThan(0.01);
      expect(stt![i]!.thresholdMedian).toBeGreaterThan(2 * sot![i]!.thresholdMedian);
      // a whole-notch request is delivered on average by both (within 20 %)
      for (const d of [stt![i]!, sot![i]!]) expect(Math.abs(d.points[1]!.drift - 1)).toBeLessThan(0.2);
    }
  });
});

describe('dwtwin device response: bad input', () => {
  it.each([
    [['--notches', '1'], /--notches: expected a notch count in 2\.\.256/],
    [['--requests', '0.1,x'], /--requests: expected positive numbers \(got "x"\)/],
    [['--synapse', 'stt-301k'], /--synapse: expected one of/],
    [['--synapse', '', '--tables', '/nonexistent/dir'], /--tables: \/nonexistent\/dir is not a directory/],
  ])('%j exits 2 and writes nothing', (args, msg) => {
    const out = mkdtempSync(join(tmpdir(), 'dwtwin-response-'));
    const r = run({}, 'device', 'response', ...args, '--out', join(out, 'x'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });
});
