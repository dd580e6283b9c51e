// SIGTERM (cluster schedulers, kill, timeout) stops every long-running verb as Ctrl-C does: within a few seconds,
// exit 143, finished results kept byte for byte, no temporary files, no child process or worker left running.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWith, repoRoot } from '../support/requirements.ts';
import { alive, stopRun, type StoppedRun } from '../support/stop-run.ts';

const dwtwin = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });
const tmp = (tag: string) => mkdtempSync(join(tmpdir(), `dwtwin-signal-${tag}-`));

/** Every file under `dir`, recursively (relative paths), so that a stray temporary file anywhere shows. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

function expectStopped(r: StoppedRun, code: number): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.msToExit).toBeLessThan(5000);
  expect(r.stderr).toMatch(/dwtwin: SIG(TERM|INT): stopping, finished results are kept/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  // A killed compiler may take a moment to be reaped on a loaded machine: allow 3 s, then it must be gone.
  const until = Date.now() + 3000;
  while (r.children.some(alive) && Date.now() < until) sleepMs(50);
  for (const pid of r.children) expect(alive(pid), `child ${pid} outlived dwtwin by 3 s`).toBe(false);
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const train = ['train', '--synapse', 'ideal', '--epochs', '1', '--limit', '3000', '--test-limit', '500'];
let ref: string | undefined;
/** Seeds 1 and 2 run uninterrupted, once for all the cases. */
function reference(): string {
  if (ref) return ref;
  const dir = tmp('ref');
  expect(dwtwin(...train, '--seeds', '2', '--workers', '1', '--out', dir).status).toBe(0);
  return (ref = dir);
}

describe('SIGTERM stops a multi-seed training like Ctrl-C', () => {
  it.each([
    ['SIGTERM', 143, '1'],
    ['SIGTERM', 143, '2'],
    ['SIGINT', 130, '2'],
  ] as const)('%s (exit %i) with %s worker(s): within 5 s, finished seeds byte-identical, nothing partial', async (signal, code, workers) => {
    const ref = reference();
    const out = tmp('train');
    const r = await stopRun([...train, '--seeds', '4', '--workers', workers, '--out', out], { when: { file: join(out, 'seed-1.json') }, signal });
    expectStopped(r, code);
    const kept = files(out);
    // Seed 1 is done; with two workers seed 2 may have finished beside it. Nothing else: no summary, no temp file.
    expect(kept[0]).toBe('seed-1.json');
    expect(kept.every((f) => /^seed-[12]\.json$/.test(f)), kept.join(', ')).toBe(true);
    for (const f of kept) expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(ref, f), 'utf8'));
  });

  it('a sweep stopped by SIGTERM keeps its finished points (the same bytes as dwtwin train)', async () => {
    const out = tmp('sweep');
    const point = join(out, 'ideal-lr0.01', 'seed-1.json');
    const r = await stopRun(['sweep', 'lr', '--synapse', 'ideal', '--notches', '32', '--lr', '0.01,0.02,0.05', '--epochs', '1', '--limit', '3000', '--test-limit', '500', '--workers', '1', '--out', out], { when: { file: point }, signal: 'SIGTERM' });
    expectStopped(r, 143);
    expect(files(out)).toEqual(['ideal-lr0.01/seed-1.json']);
    const single = tmp('sweep-ref');
    expect(dwtwin(...train, '--lr', '0.01', '--out', single).status).toBe(0);
    expect(readFileSync(point, 'utf8')).toBe(readFileSync(join(single, 'seed-1.json'), 'utf8'));
  });

  it('device ramp stopped by SIGTERM while its ramps run in worker threads writes nothing and caches nothing', async () => {
    const dir = tmp('ramp');
    const out = join(dir, 'out');
    const cache = join(dir, 'cache');
    // Ten times the preset's ramps, so the generation is still running after two seconds on any machine.
    const params = join(dir, 'params.json');
    writeFileSync(params, JSON.stringify({ ramps: 300 }));
    const r = await stopRun(['device', 'ramp', '--preset', 'sot-300k', '--params', params, '--variants', '3', '--out', out], { when: { stderr: /ramps sot-300k: 0\/300/, settleMs: 1000 }, signal: 'SIGTERM', env: { DWTWIN_CACHE: cache } });
    expectStopped(r, 143);
    expect(files(dir)).toEqual(['params.json']);
  });
});

describeWith(['verilator'], 'SIGTERM stops the kernel verbs and their Verilator processes', () => {
  it('fuzz: during a Verilator build, the build tree is killed and its temporary directory removed', async () => {
    const cache = tmp('fuzz-cache');
    const r = await stopRun(['fuzz', '--designs', '30', '--cycles', '100', '--seed', '11'], { when: { stderr: /verilator: building fuzz_top/, settleMs: 1000 }, signal: 'SIGTERM', env: { DWTWIN_CACHE: cache } });
    expectStopped(r, 143);
    expect(r.children.length).toBeGreaterThan(0); // the compiler was running
    expect(files(cache)).toEqual([]);
  });

  it('device neuron --level verilator: during the core\'s first Verilator build, the build stops and caches nothing', async () => {
    const cache = tmp('neuron-cache');
    const r = await stopRun(['device', 'neuron', '--level', 'verilator', '--trials', '23', '--seed', '1', '--out', join(cache, 'out')], { when: { stderr: /verilator: building neuron_array/, settleMs: 1000 }, signal: 'SIGTERM', env: { DWTWIN_CACHE: cache } });
    expectStopped(r, 143);
    expect(r.children.length).toBeGreaterThan(0); // the compiler was running
    expect(files(cache)).toEqual([]);
  });

  // The MLP's tile levels build 785 x 300 tiles (minutes): a signal during that build stops it. The device tables
  // and the data come from the project's cache (linked in), so that the build, not their generation, is what runs.
  const tileCache = (tag: string) => {
    const cache = tmp(tag);
    for (const sub of ['tables', 'data']) {
      const shared = join(repoRoot, '.cache', sub);
      mkdirSync(shared, { recursive: true });
      symlinkSync(shared, join(cache, sub));
    }
    return cache;
  };
  it.each([
    ['verilator', /verilator: building tile/],
    ['serial:verilator', /verilator: building the pty target/],
  ] as const)('train --task mlp --level %s: during the tile\'s first Verilator build, the build stops and caches nothing', async (level, building) => {
    const cache = tileCache('tile-cache');
    const r = await stopRun(['train', '--task', 'mlp', '--level', level, '--limit', '10', '--test-limit', '10', '--epochs', '1', '--out', join(cache, 'out')], { when: { stderr: building, settleMs: 1000 }, signal: 'SIGTERM', env: { DWTWIN_CACHE: cache } });
    expectStopped(r, 143);
    expect(r.children.length).toBeGreaterThan(0); // the compiler was running
    expect(files(cache)).toEqual([]);
  });

  it('cosim: a long lockstep run stops at once and its harness process ends with it', async () => {
    // Wait for cycles to have run, not for the first progress line: that one comes before the (cached) build is
    // loaded and the harness started, and on a loaded machine 200 ms after it the harness may not exist yet.
    const r = await stopRun(['cosim', '--core', 'mac16', '--cycles', '100000000', '--seed', '3'], { when: { stderr: /cosim: [1-9]\d*\/100000000/, settleMs: 200 }, signal: 'SIGTERM' });
    expectStopped(r, 143);
    expect(r.children.length).toBeGreaterThan(0); // the harness was running
  });
});

describeWith(['yosys', 'nextpnr-ice40'], 'SIGTERM stops synthesis and its tools', () => {
  it('synth: during yosys, the tool tree is killed and nothing is written', async () => {
    const dir = tmp('synth');
    const out = join(dir, 'out');
    const r = await stopRun(['synth', '--core', 'tile', '--family', 'ice40', '--out', out], { when: { stderr: /synth: tile for ice40/, settleMs: 1500 }, signal: 'SIGTERM' });
    expectStopped(r, 143);
    expect(r.children.length).toBeGreaterThan(0); // yosys was running
    expect(files(dir)).toEqual([]);
  });
});
