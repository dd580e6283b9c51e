// The Verilator back-end itself: protocol constants generated from one TS object, a pipelined batch round trip,
// the synchronous CycleSim view agreeing with the TypeScript simulator poke for poke (zero state before reset
// included), and two concurrent builds of one design into an empty cache.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PROTOCOL } from '../../src/kernel/backends/harness-protocol.ts';
import { buildVerilator, harnessCpp, VerilatorProcess } from '../../src/kernel/backends/verilator.ts';
import { VerilatorSim } from '../../src/kernel/backends/verilator-sim.ts';
import { crossCheck, harnessSpec } from '../../src/kernel/cosim/lockstep.ts';
import { makeStimulus } from '../../src/kernel/cosim/stimulus.ts';
import { compileSim, elaborate, packedWords, type CycleSim } from '../../src/kernel/index.ts';
import { Rng } from '../../src/base/rng.ts';
import { ToolMissingError } from '../../src/base/errors.ts';
import { describeWith, repoRoot } from '../support/requirements.ts';
import { makeStepper, stepper } from './backend-design.ts';

const design = () => elaborate(stepper, {});

it('the C++ harness declares every protocol constant with the value from harness-protocol.ts', () => {
  const cpp = harnessCpp(harnessSpec(design()));
  for (const [k, v] of Object.entries(PROTOCOL)) expect(cpp).toContain(`static const uint32_t ${k} = ${v}u;`);
  // in: rst, a, b (2 words); out: acc_q (2), rd, sum (2)
  expect(cpp).toContain('static const uint32_t IN_WORDS = 4u;');
  expect(cpp).toContain('static const uint32_t OUT_WORDS = 5u;');
});

it('a missing iverilog is a ToolMissingError that says how to install it', async () => {
  const old = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const e = await crossCheck(design(), { cycles: 5, seed: 1, against: 'iverilog' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ToolMissingError);
    expect((e as Error).message).toBe('iverilog not found on PATH. Install it with `sudo apt-get install -y iverilog` (or run `bash .ci/setup.sh`).');
  } finally {
    process.env.PATH = old;
  }
});

/** Drive two CycleSims with the same random pokes; compare every output after every eval and tick. */
function lockstepViaCycleSim(x: CycleSim, y: CycleSim, steps: number, seed: number): { step: number; port: string; x: bigint; y: bigint } | undefined {
  const rng = new Rng(seed, 0);
  const compare = (step: number) => {
    for (const p of x.outputs) {
      const a = x.peek(p.name);
      const b = y.peek(p.name);
      if (a !== b) return { step, port: p.name, x: a, y: b };
    }
    return undefined;
  };
  x.eval();
  y.eval();
  const first = compare(-1);
  if (first) return first;
  for (let s = 0; s < steps; s++) {
    if (s === steps / 2) {
      x.reset();
      y.reset();
    }
    for (const p of x.inputs) {
      const v = p.name === 'rst' ? BigInt(rng.int(16) === 0) : (BigInt(rng.u32()) << 32n) | BigInt(rng.u32());
      x.poke(p.name, v);
      y.poke(p.name, v);
    }
    x.eval();
    y.eval();
    const e = compare(s);
    if (e) return e;
    x.tick();
    y.tick();
    const t = compare(s);
    if (t) return t;
  }
  return undefined;
}

describeWith(['verilator'], 'Verilator back-end', () => {
  it('batches: split or whole, pipelined, the answers are the same', async () => {
    const d = design();
    const build = buildVerilator(harnessSpec(d));
    const stim = makeStimulus(d.inputs, 9, 0, 300);
    const inW = packedWords(d.inputs);
    const outW = packedWords(d.outputs);
    const p1 = new VerilatorProcess(build);
    const whole = await p1.runBatch(300, stim);
    await p1.close();
    const p2 = new VerilatorProcess(build);
    // Three requests in flight before the first answer is read.
    const parts = await Promise.all([p2.runBatch(100, stim.subarray(0, 100 * inW)), p2.runBatch(1, stim.subarray(100 * inW, 101 * inW)), p2.runBatch(199, stim.subarray(101 * inW))]);
    await p2.close();
    const joined = new Uint32Array(300 * outW);
    joined.set(parts[0]!, 0);
    joined.set(parts[1]!, 100 * outW);
    joined.set(parts[2]!, 101 * outW);
    expect(joined).toEqual(whole);
    // And it is the TypeScript simulation's answer.
    const ts = new Uint32Array(300 * outW);
    compileSim(d).runBatch(300, stim, ts);
    expect(whole).toEqual(ts);
  });

  it('the CycleSim view over Verilator agrees with the TypeScript simulator on every peek, from zero state', () => {
    const d = design();
    const v = new VerilatorSim(buildVerilator(harnessSpec(d)));
    try {
      const ts = compileSim(d);
      // Before any reset the register is 0 in both (its reset value is 5).
      v.eval();
      ts.eval();
      expect(v.peek('acc_q')).toBe(0n);
      expect(ts.peek('acc_q')).toBe(0n);
      for (const s of [v, ts]) {
        s.reset();
        expect(s.peek('acc_q')).toBe(5n);
        // 40-bit values survive the two-word packing.
        s.poke('b', (1n << 40n) - 3n);
        s.tick();
        expect(s.peek('acc_q')).toBe(2n);
      }
      expect(lockstepViaCycleSim(ts, v, 200, 4)).toBeUndefined();
    } finally {
      v.close();
    }
  });

  it('the CycleSim comparison catches an injected fault at the right step and port', () => {
    // The fault is on the TypeScript side (acc - b for acc + b), so the correct, cached Verilator build serves.
    const broken = compileSim(elaborate(makeStepper(true), {}));
    const v = new VerilatorSim(buildVerilator(harnessSpec(design())));
    try {
      const div = lockstepViaCycleSim(broken, v, 50, 4);
      expect(div?.port).toBe('acc_q');
      // The accumulator first differs after the first edge that adds a non-zero b: step 0's tick.
      expect(div?.step).toBe(0);
      expect(div?.y).not.toBe(div?.x);
    } finally {
      v.close();
    }
  });

  it('a trace build writes Verilator\'s waveform of the cross-checked run (one time step per half cycle)', async () => {
    const vcd = join(mkdtempSync(join(tmpdir(), 'dwtwin-vcd-')), 'verilator.vcd');
    const res = await crossCheck(design(), { cycles: 40, seed: 2, verilatorVcd: vcd });
    expect(res.mismatches).toBe(0);
    const text = readFileSync(vcd, 'utf8');
    expect(text).toMatch(/\$var wire\s+40 \S+ acc_q \[39:0\] \$end/);
    const times = text.split('\n').filter((l) => /^#\d+$/.test(l)).map((l) => Number(l.slice(1)));
    expect(times[0]).toBe(0);
    expect(Math.max(...times)).toBe(79);
  });

  it('two concurrent builds of one design into an empty cache both yield a working harness', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'dwtwin-cache-'));
    const run = () =>
      new Promise<{ cached: boolean; binary: string }>((resolve, reject) => {
        const c = spawn(process.execPath, ['--import', 'tsx', 'test/kernel/backend-build-fixture.ts'], { cwd: repoRoot, env: { ...process.env, DWTWIN_CACHE: cache } });
        let out = '';
        let err = '';
        c.stdout.on('data', (b: Buffer) => (out += b.toString()));
        c.stderr.on('data', (b: Buffer) => (err += b.toString()));
        c.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { cached: boolean; binary: string }) : reject(new Error(err))));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.binary).toBe(b.binary);
    // No half-built temporary directory is left beside the installed build.
    expect(readdirSync(join(cache, 'verilator'))).toHaveLength(1);
    // A third build is a cache hit, and the installed harness runs.
    const third = await run();
    expect(third.cached).toBe(true);
    const d = design();
    const p = new VerilatorProcess({ dir: join(third.binary, '..'), binary: third.binary, cached: true, spec: harnessSpec(d) });
    const stim = makeStimulus(d.inputs, 1, 0, 10);
    const got = await p.runBatch(10, stim);
    await p.close();
    const ts = new Uint32Array(10 * packedWords(d.outputs));
    compileSim(d).runBatch(10, stim, ts);
    expect(got).toEqual(ts);
  });
});
