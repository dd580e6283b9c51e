// The lockstep cross-check: agreement on real designs, and an injected difference caught at the right cycle and
// port with both values.
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { elaborateCore } from '../../src/cores/registry.ts';
import { crossCheck, describeResult } from '../../src/kernel/cosim/lockstep.ts';
import { makeStimulus } from '../../src/kernel/cosim/stimulus.ts';
import { buildVerilator } from '../../src/kernel/backends/verilator.ts';
import { harnessSpec } from '../../src/kernel/cosim/lockstep.ts';
import { defineModule, elaborate, type VerilogOutput } from '../../src/kernel/index.ts';
import { describeWith, repoRoot } from '../support/requirements.ts';

// y = a + b combinationally, z = a registered: the injected fault (+ becomes -) shows at the first cycle where b != 0.
const adder = defineModule('adder', (m) => {
  const a = m.input('a', 16);
  const b = m.input('b', 16);
  const r = m.reg('r', 16).next(a);
  m.output('z', r);
  m.output('y', a.add(b));
});
const plusToMinus = (v: VerilogOutput): VerilogOutput => ({ ...v, files: v.files.map((f) => ({ ...f, text: f.text.replace('a + b', 'a - b') })) });

describeWith(['verilator'], 'cross-check against Verilator', () => {
  it('mac16 is bit-exact for 100,000 cycles', async () => {
    const res = await crossCheck(elaborateCore('mac16').design, { cycles: 100_000, seed: 7 });
    expect(describeResult(res)).toBe('bit-exact: 100000 cycles, 0 mismatches');
  });

  it('catches a wrong operator at the right cycle and port', async () => {
    const design = elaborate(adder, {});
    const res = await crossCheck(design, { cycles: 500, seed: 3, transformVerilog: plusToMinus });
    // Where must the first divergence be? At the first cycle whose b input is non-zero (a+b == a-b iff b == 0 mod 2^15... or b == 0x8000).
    const stim = makeStimulus(design.inputs, 3, 0, 500);
    let expectedCycle = -1;
    for (let c = 0; c < 500; c++) {
      const b = stim[c * 3 + 2]!;
      if (b !== 0 && b !== 0x8000) {
        expectedCycle = c;
        break;
      }
    }
    expect(res.first?.cycle).toBe(expectedCycle);
    expect(res.first?.port).toBe('y');
    const a = BigInt(stim[expectedCycle * 3 + 1]!);
    const b = BigInt(stim[expectedCycle * 3 + 2]!);
    expect(res.first?.expected).toBe(BigInt.asUintN(16, a + b));
    expect(res.first?.got).toBe(BigInt.asUintN(16, a - b));
    expect(res.byPort.has('z')).toBe(false);
    expect(describeResult(res)).toMatch(/^MISMATCH at cycle \d+, port y: expected 0x[0-9a-f]+ \(TypeScript\) got 0x[0-9a-f]+ \(Verilator\)/);
  });

  it('catches a fault on the TypeScript side too', async () => {
    const design = elaborate(adder, {});
    const { compileSim } = await import('../../src/kernel/index.ts');
    const broken = compileSim(elaborate(defineModule('adder', (m) => {
      const a = m.input('a', 16);
      const b = m.input('b', 16);
      m.output('z', m.reg('r', 16).next(a));
      m.output('y', a.xor(b)); // wrong operator in the TypeScript path
    }), {}));
    const res = await crossCheck(design, { cycles: 200, seed: 5, tsSim: broken });
    expect(res.mismatches).toBeGreaterThan(0);
    expect(res.first?.port).toBe('y');
  });

  it('signed comparisons survive Verilator 5.006\'s constant folding (fuzz seed 18, designs 3429, 5076, 7138)', async () => {
    // c folds to 0 through a slice of a zero-extended value; `$signed(c ? x : 0) >= $signed(0)` then comes out 0.
    const shape = defineModule('signed_cmp_fold', (m) => {
      const a = m.input('a', 1);
      const x = m.input('x', 2);
      const c = a.uext(47).bit(21);
      for (const w of [1, 2]) {
        const s = c.mux(w === 1 ? a : x, m.const(0, w));
        const z = m.const(0, w);
        m.output(`ge${w}`, s.sge(z));
        m.output(`le${w}`, z.sle(s));
        m.output(`gt${w}`, s.sgt(z));
        m.output(`lt${w}`, z.slt(s));
      }
    });
    const design = elaborate(shape, {});
    expect(describeResult(await crossCheck(design, { cycles: 64, seed: 1 }))).toBe('bit-exact: 64 cycles, 0 mismatches');
    // The same comparisons written with $signed (the emitter's form before the fix) are what Verilator gets wrong.
    const withSigned = (v: VerilogOutput): VerilogOutput => ({ ...v, files: v.files.map((f) => ({ ...f, text: f.text.replace(/\((\S+) \^ \S+\) (>=|<=|>|<) \((\S+) \^ \S+\)/g, '$signed($1) $2 $signed($3)') })) });
    const res = await crossCheck(design, { cycles: 64, seed: 1, transformVerilog: withSigned });
    expect(res.mismatches).toBeGreaterThan(0);
    expect([...res.byPort.keys()].some((p) => p.startsWith('ge'))).toBe(true);
  });

  it('an unchanged design is not rebuilt (cache keyed by the Verilog)', () => {
    const spec = harnessSpec(elaborate(adder, {}));
    buildVerilator(spec);
    expect(buildVerilator(spec).cached).toBe(true);
  });

  it('dwtwin cosim reports a replay command and exits 1 on mismatch, 0 when bit-exact', () => {
    const ok = spawnSync(process.execPath, ['src/cli/dwtwin.mjs', 'cosim', '--core', 'mac16', '--cycles', '20000', '--seed', '7'], { cwd: repoRoot, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim().split('\n').pop()).toMatch(/^bit-exact: 20000 cycles, 0 mismatches \(mac16, seed 7, against verilator, [\d.]+ s, \d+ cycles\/s\)$/);
  });

  it('registers read before any reset are zero in both simulators', async () => {
    const design = elaborate(adder, {});
    const res = await crossCheck(design, { cycles: 50, seed: 1, resetLog2: 0 });
    expect(res.mismatches).toBe(0);
  });
});

describeWith(['iverilog', 'vvp'], 'cross-check against Icarus Verilog', () => {
  it('agrees with the TypeScript simulation on mac16', async () => {
    const res = await crossCheck(elaborateCore('mac16').design, { cycles: 3000, seed: 2, against: 'iverilog' });
    expect(describeResult(res)).toBe('bit-exact: 3000 cycles, 0 mismatches');
  });
  it('catches the injected fault', async () => {
    const res = await crossCheck(elaborate(adder, {}), { cycles: 100, seed: 3, against: 'iverilog', transformVerilog: plusToMinus });
    expect(res.first?.port).toBe('y');
  });
});

it('a missing Verilator is a clear message, exit code 2', () => {
  const r = spawnSync(process.execPath, ['src/cli/dwtwin.mjs', 'cosim', '--core', 'mac16', '--cycles', '10', '--seed', '1'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, PATH: '/nonexistent' },
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/verilator not found on PATH\. Install it with `sudo apt-get install -y verilator`/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
