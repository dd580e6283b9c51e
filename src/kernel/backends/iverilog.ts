// Icarus Verilog back-end: a generated testbench reads the packed stimulus with $readmemh, runs the lockstep
// cycle, and writes every output of every cycle; dwtwin parses that file. Slower than Verilator, but a second,
// independent Verilog front-end: it checks both the emitted syntax and the semantics.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from '../../base/child-process.ts';
import { onExit } from '../../base/interrupt.ts';
import { packedWords, wordsOf } from '../sim/cyclesim.ts';
import { requireTool } from './tools.ts';
import type { HarnessSpec } from './verilator.ts';

function testbench(spec: HarnessSpec, cycles: number, stimFile: string, outFile: string): string {
  const inW = packedWords(spec.inputs);
  const decl: string[] = [];
  const apply: string[] = [];
  let off = 0;
  for (const p of spec.inputs) {
    const o = off;
    off += wordsOf(p.width);
    decl.push(`reg [${p.width - 1}:0] ${p.name};`);
    const word = (k: number) => `_stim[_c * ${inW} + ${o + k}]`;
    apply.push(p.width > 32 ? `    ${p.name} = {${word(1)}[${p.width - 33}:0], ${word(0)}};` : `    ${p.name} = ${word(0)}[${p.width - 1}:0];`);
  }
  for (const p of spec.outputs) decl.push(`wire [${p.width - 1}:0] ${p.name};`);
  const conns = ['.clk(_clk)', ...spec.inputs.map((p) => `.${p.name}(${p.name})`), ...spec.outputs.map((p) => `.${p.name}(${p.name})`)];
  const fmt = spec.outputs.map(() => '%h').join(' ');
  const args = spec.outputs.map((p) => p.name).join(', ');
  return `\`timescale 1ns/1ps
module dwtwin_tb;
// Testbench names start with '_' so they cannot collide with the design's port names.
reg _clk;
${decl.join('\n')}
reg [31:0] _stim [0:${Math.max(1, cycles * inW) - 1}];
integer _c, _fd;
${spec.verilog.top} dut (${conns.join(', ')});
initial begin
  _clk = 0;
  $readmemh("${stimFile}", _stim);
  _fd = $fopen("${outFile}", "w");
  for (_c = 0; _c < ${cycles}; _c = _c + 1) begin
${apply.join('\n')}
    #1;
    ${spec.outputs.length ? `$fwrite(_fd, "${fmt}\\n", ${args});` : '$fwrite(_fd, "\\n");'}
    _clk = 1;
    #1;
    _clk = 0;
    #1;
  end
  $fclose(_fd);
  $finish;
end
endmodule
`;
}

/**
 * Run `cycles` cycles of packed stimulus through iverilog; resolves to packed outputs (an X or Z bit throws).
 * Asynchronous, so that a signal during a long vvp run stops it at once (src/base/child-process.ts).
 */
export async function runIverilog(spec: HarnessSpec, cycles: number, stim: Uint32Array): Promise<Uint32Array> {
  const iverilog = requireTool('iverilog');
  const vvp = requireTool('vvp');
  const dir = mkdtempSync(join(tmpdir(), 'dwtwin-iverilog-'));
  const offExit = onExit(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const inW = packedWords(spec.inputs);
    const lines: string[] = [];
    for (let i = 0; i < cycles * inW; i++) lines.push(stim[i]!.toString(16));
    writeFileSync(join(dir, 'stim.hex'), lines.join('\n') + '\n');
    for (const f of spec.verilog.files) writeFileSync(join(dir, f.name), f.text);
    writeFileSync(join(dir, 'tb.v'), testbench(spec, cycles, join(dir, 'stim.hex'), join(dir, 'out.txt')));
    const c = await runChild(iverilog, ['-g2005', '-o', join(dir, 'sim.vvp'), '-s', 'dwtwin_tb', join(dir, 'tb.v'), ...spec.verilog.files.map((f) => join(dir, f.name))]);
    if (c.status !== 0) throw new Error(`iverilog failed to compile ${spec.verilog.top}:\n${c.stderr || c.stdout}`);
    const r = await runChild(vvp, ['-n', join(dir, 'sim.vvp')]);
    if (r.status !== 0) throw new Error(`vvp failed:\n${r.stderr || r.stdout}`);
    const outW = packedWords(spec.outputs);
    const out = new Uint32Array(cycles * outW);
    const rows = readFileSync(join(dir, 'out.txt'), 'utf8').split('\n');
    for (let cyc = 0; cyc < cycles; cyc++) {
      const vals = (rows[cyc] ?? '').trim().split(/\s+/).filter(Boolean);
      let off = cyc * outW;
      spec.outputs.forEach((p, i) => {
        const t = vals[i] ?? '';
        if (!/^[0-9a-f]+$/i.test(t)) throw new Error(`iverilog: output '${p.name}' at cycle ${cyc} is '${t}' (unknown X/Z bits)`);
        const v = BigInt('0x' + t);
        out[off] = Number(v & 0xffffffffn);
        if (p.width > 32) out[off + 1] = Number(v >> 32n);
        off += wordsOf(p.width);
      });
    }
    return out;
  } finally {
    offExit();
    rmSync(dir, { recursive: true, force: true });
  }
}
