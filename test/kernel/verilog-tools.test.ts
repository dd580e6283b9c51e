// The emitted Verilog is deterministic and clean under verilator --lint-only -Wall, iverilog -g2005 and yosys.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { elaborateCore } from '../../src/cores/registry.ts';
import { fuzzBundle } from '../../src/kernel/fuzz/random-design.ts';
import { elaborate, emitVerilog, type VerilogOutput } from '../../src/kernel/index.ts';
import { describeWith, repoRoot } from '../support/requirements.ts';

function writeAll(v: VerilogOutput): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'dwtwin-v-'));
  for (const f of v.files) writeFileSync(join(dir, f.name), f.text);
  return { dir, files: v.files.map((f) => join(dir, f.name)) };
}

const designs = () => [elaborateCore('mac16').design, elaborate(fuzzBundle(11, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), {})];

it('emission is deterministic and keeps user names', () => {
  const a = emitVerilog(elaborateCore('mac16').design);
  const b = emitVerilog(elaborateCore('mac16').design);
  expect(a).toEqual(b);
  const text = a.files[0]!.text;
  for (const n of ['module mac16', 'input wire [7:0] wr_data', 'reg [31:0] acc0', 'reg [7:0] w0 [0:255]', 'output wire [31:0] acc_15']) expect(text).toContain(n);
  expect(text).not.toMatch(/\d{4}-\d\d-\d\d/); // no timestamps
});

describeWith(['verilator'], 'verilator --lint-only -Wall', () => {
  it('is clean for mac16 and a bundle of random designs (every construct)', () => {
    for (const d of designs()) {
      const v = emitVerilog(d);
      const { files } = writeAll(v);
      const r = spawnSync('verilator', ['--lint-only', '-Wall', '--top-module', v.top, ...files], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
  });
});

describeWith(['iverilog'], 'iverilog -g2005', () => {
  it('accepts the emitted Verilog', () => {
    for (const d of designs()) {
      const { dir, files } = writeAll(emitVerilog(d));
      const r = spawnSync('iverilog', ['-g2005', '-o', join(dir, 'a.out'), ...files], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
  });
});

describeWith(['yosys'], 'yosys synth_ice40 via dwtwin rtl', () => {
  it('synthesises mac16 with block RAMs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwtwin-rtl-'));
    const r = spawnSync(process.execPath, ['src/cli/dwtwin.mjs', 'rtl', '--core', 'mac16', '--out', dir], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const list = readFileSync(join(dir, 'files.f'), 'utf8').trim().split('\n');
    expect(list).toEqual(['mac16.v']);
    const statFile = join(dir, 'stat.json');
    const y = spawnSync('yosys', ['-q', '-p', `read_verilog ${list.map((f) => join(dir, f)).join(' ')}; synth_ice40 -top mac16; flatten; tee -q -o ${statFile} stat -json`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(y.status).toBe(0);
    const cells = (JSON.parse(readFileSync(statFile, 'utf8')) as { design: { num_cells_by_type: Record<string, number> } }).design.num_cells_by_type;
    const lint = spawnSync('verilator', ['--lint-only', '-Wall', join(dir, 'mac16.v')], { encoding: 'utf8' });
    expect(lint.status).toBe(0);
    // 16 lane memories of 256 x 8 bits are inferred as iCE40 block RAMs, not flip-flops.
    expect(cells.SB_RAM40_4K).toBe(16);
  });
});
