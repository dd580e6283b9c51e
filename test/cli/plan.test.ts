// Plans (train|sweep --plan FILE): the jobs are exact single-seed dwtwin commands that any runner can execute
// (here: the plan's shell lines, as GNU parallel would run them), `dwtwin report --plan` merges them into the
// same bytes as one local run, and a bad plan or a missing seed is one clear line with exit 2.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { valueLines } from '../../src/base/json-lines.ts';
import { arraySpec } from '../../src/cli/cluster/sbatch-scripts.ts';
import { repoRoot } from '../support/requirements.ts';

const dwtwin = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', env, timeout: 300_000 });
const tiny = ['--epochs', '1', '--limit', '200', '--test-limit', '200'];

interface PlanJson {
  jobs: { id: number; argv: string[]; outDir: string; produces: string[]; command: string }[];
  merge: { runs: { dir: string; seeds: number[] }[]; sweep?: { what: string; points: { synapse: string; value: string }[] } };
}

describe('train --plan', () => {
  it('writes one single-seed job per seed and trains nothing; run by the shell and merged, it equals the local run', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'dwtwin-plan-'));
    const out = join(tmp, 'planned');
    const r = dwtwin(['train', '--synapse', 'ideal', ...tiny, '--seeds', '2', '--out', out, '--plan', join(tmp, 'p.json')]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(false);
    const plan = JSON.parse(readFileSync(join(tmp, 'p.json'), 'utf8')) as PlanJson;
    expect(plan.jobs.map((j) => j.produces)).toEqual([[join(out, 'seed-1.json')], [join(out, 'seed-2.json')]]);
    for (const [i, j] of plan.jobs.entries()) {
      expect(j.argv[0]).toBe('train');
      const opt = (k: string) => j.argv[j.argv.indexOf(k) + 1];
      expect([opt('--seed'), opt('--seeds'), opt('--out'), opt('--synapse'), opt('--limit')]).toEqual([String(i + 1), '1', out, 'ideal', '200']);
    }
    expect(plan.merge).toEqual({ runs: [{ dir: out, seeds: [1, 2] }] });
    // Any runner: here the plan's own shell lines, one after the other.
    for (const j of plan.jobs) expect(spawnSync('sh', ['-c', j.command], { encoding: 'utf8', timeout: 300_000 }).status).toBe(0);
    const m = dwtwin(['report', '--plan', join(tmp, 'p.json')]);
    expect(m.status, m.stderr).toBe(0);
    const local = join(tmp, 'local');
    expect(dwtwin(['train', '--synapse', 'ideal', ...tiny, '--seeds', '2', '--out', local]).status).toBe(0);
    const files = readdirSync(local).sort();
    expect(readdirSync(out).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(local, f), 'utf8'));

    // A missing seed: report --plan names it and writes nothing.
    rmSync(join(out, 'seed-2.json'));
    rmSync(join(out, 'summary.json'));
    const miss = dwtwin(['report', '--plan', join(tmp, 'p.json')]);
    expect(miss.status).toBe(2);
    expect(miss.stderr).toMatch(/missing seed\(s\) 2\b/);
    expect(miss.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  }, 300_000);
});

describe('sweep --plan', () => {
  it('one train job per point and seed, with the point\'s values; the merge carries the sweep overview', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'dwtwin-plan-'));
    const r = dwtwin(['sweep', 'lr', '--synapse', 'stt-300k,sot-300k', '--lr', '0.01,0.05', '--notches', '16', ...tiny, '--seeds', '2', '--seed', '7', '--out', join(tmp, 's'), '--plan', join(tmp, 'p.json')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/plan: 8 job\(s\)/);
    const plan = JSON.parse(readFileSync(join(tmp, 'p.json'), 'utf8')) as PlanJson;
    const opt = (argv: string[], k: string) => argv[argv.indexOf(k) + 1];
    expect(plan.jobs.map((j) => [opt(j.argv, '--synapse'), opt(j.argv, '--lr'), opt(j.argv, '--notches'), opt(j.argv, '--seed')])).toEqual([
      ['stt-300k', '0.01', '16', '7'], ['stt-300k', '0.01', '16', '8'], ['stt-300k', '0.05', '16', '7'], ['stt-300k', '0.05', '16', '8'],
      ['sot-300k', '0.01', '16', '7'], ['sot-300k', '0.01', '16', '8'], ['sot-300k', '0.05', '16', '7'], ['sot-300k', '0.05', '16', '8'],
    ]);
    expect(plan.jobs[0]!.outDir).toBe(join(tmp, 's', 'stt-300k-lr0.01'));
    expect(plan.merge.sweep?.points.map((p) => `${p.synapse}/${p.value}`)).toEqual(['stt-300k/0.01', 'stt-300k/0.05', 'sot-300k/0.01', 'sot-300k/0.05']);
    expect(plan.merge.runs.map((x) => x.seeds)).toEqual([[7, 8], [7, 8], [7, 8], [7, 8]]);
  });
});

describe('bad plans and missing tools', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dwtwin-plan-bad-'));
  const good = join(tmp, 'good.json');
  let text = '';
  beforeAll(() => {
    expect(dwtwin(['train', '--synapse', 'ideal', ...tiny, '--seeds', '2', '--out', join(tmp, 'o'), '--plan', good]).status).toBe(0);
    text = readFileSync(good, 'utf8');
  });
  const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it.each([
    ['argv not a list', (t: string) => t.replace('"argv": [', '"argv": "train", "x": ['), /field 'jobs\.0\.argv'/, () => lineOf('"argv"')],
    ['job ids out of order', (t: string) => t.replace('"id": 2', '"id": 5'), /field 'jobs\.1\.id': expected 2/, () => lineOf('"id": 2')],
    ['a relative output directory', (t: string) => t.replace(/"outDir": "[^"]+"/, '"outDir": "rel/dir"'), /field 'jobs\.0\.outDir': expected an absolute path/, () => lineOf('"outDir"')],
    ['a wrong format', (t: string) => t.replace('dwtwin-plan/1', 'dwtwin-plan/9'), /field 'format'/, () => 2],
    ['broken JSON', (t: string) => t.replace('"jobs": [', '"jobs": [,'), /not valid JSON/, () => lineOf('"jobs"')],
  ])('%s: the file, line and field named, exit 2 (report --plan and cluster submit)', (_name, corrupt, message, line) => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, corrupt(text));
    for (const args of [['report', '--plan', bad], ['cluster', 'submit', '--plan', bad]]) {
      const r = dwtwin(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(`${bad}:${line()}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('no sbatch on PATH: says what to install, exit 2, nothing written', () => {
    const r = dwtwin(['cluster', 'submit', '--plan', good, '--out', join(tmp, 'sub')], { ...process.env, PATH: join(tmp, 'empty-path') });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/sbatch not found on PATH.*apt-get install slurm-client/);
    expect(existsSync(join(tmp, 'sub'))).toBe(false);
  });

  it.each([
    [['--time', 'soon'], /--time: expected a SLURM time limit/],
    [['--mem', '4 GB'], /--mem: expected a memory size/],
    [['--cpus-per-task', '0'], /--cpus-per-task: expected a positive integer/],
    [['--resume', '/nonexistent'], /give --plan FILE .* or --resume DIR/],
  ])('cluster submit %j: exit 2 with the option named', (args, message) => {
    const r = dwtwin(['cluster', 'submit', '--plan', good, ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

it('locates every value of a JSON text by its field path', () => {
  const lines = valueLines('{\n  "a": [\n    1,\n    {"b": "x\\"y"}\n  ],\n  "c": {}\n}\n');
  expect(Object.fromEntries(lines)).toEqual({ '': 1, a: 2, 'a.0': 3, 'a.1': 4, 'a.1.b': 4, c: 6 });
});

it('writes array indices as sbatch ranges', () => {
  expect(arraySpec([9, 1, 2, 3, 7, 10], 2)).toBe('1-3,7,9-10%2');
  expect(arraySpec([4])).toBe('4');
});
