// Lockstep cross-check (Hardcaml's Cyclesim.combine, batched): the same stimulus goes into the TypeScript
// simulation and a Verilog simulator; every output is compared every cycle; the first divergence is reported
// with its cycle, port and both values. Streams in batches so long runs need little memory.
import type { Design, PortInfo } from '../ir/elaborate.ts';
import { compileSim, type TsSim } from '../sim/compile.ts';
import { packedWords, unpackPort, wordsOf } from '../sim/cyclesim.ts';
import { emitVerilog, type VerilogOutput } from '../verilog/emit.ts';
import { runIverilog } from '../backends/iverilog.ts';
import { buildVerilatorAsync, VerilatorProcess, type HarnessSpec } from '../backends/verilator.ts';
import { makeStimulus, type StimulusOptions } from './stimulus.ts';
import { StreamDriver, type StreamStimulus } from './stream-stimulus.ts';

export type Against = 'verilator' | 'iverilog';

export interface Mismatch {
  cycle: number;
  port: string;
  expected: bigint; // TypeScript simulation
  got: bigint; // Verilog simulator
}

export interface CrossCheckResult {
  cycles: number;
  /** Output values compared (cycles x ports) that differed. */
  mismatches: number;
  first?: Mismatch;
  /** Per-port mismatch counts (only ports that mismatched). */
  byPort: Map<string, number>;
  against: Against;
  verilatorCached?: boolean;
  /** With a stream stimulus: words the stream delivered into the core. */
  wordsSent?: number;
}

export interface CrossCheckOptions extends StimulusOptions {
  cycles: number;
  seed: number;
  against?: Against;
  /** Cycles per batch (default 4096). */
  batch?: number;
  /** Rewrite the emitted Verilog before building (fault-injection tests). */
  transformVerilog?: (v: VerilogOutput) => VerilogOutput;
  /** Hook to corrupt the TypeScript side (fault-injection tests). */
  tsSim?: TsSim;
  /** Against Verilator: also build with --trace and write Verilator's waveform of the run here (debugging). */
  verilatorVcd?: string;
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
  /** Closed-loop word-stream stimulus (command-port cores) instead of open random inputs. */
  stream?: StreamStimulus;
}

/** Compare packed outputs of one batch starting at cycle `start`; updates `res`. */
function compareBatch(outputs: readonly PortInfo[], start: number, n: number, ts: Uint32Array, hw: Uint32Array, res: CrossCheckResult): void {
  const outW = packedWords(outputs);
  for (let c = 0; c < n; c++) {
    const base = c * outW;
    let differs = false;
    for (let i = 0; i < outW; i++) if (ts[base + i] !== hw[base + i]) differs = true;
    if (!differs) continue;
    let off = base;
    for (const p of outputs) {
      const e = unpackPort(ts, off, p.width);
      const g = unpackPort(hw, off, p.width);
      off += wordsOf(p.width);
      if (e === g) continue;
      res.mismatches++;
      res.byPort.set(p.name, (res.byPort.get(p.name) ?? 0) + 1);
      res.first ??= { cycle: start + c, port: p.name, expected: e, got: g };
    }
  }
}

export function harnessSpec(design: Design, verilog: VerilogOutput = emitVerilog(design)): HarnessSpec {
  return { verilog, inputs: design.inputs, outputs: design.outputs };
}

/**
 * Icarus Verilog runs the whole stimulus from one $readmemh file (no streaming), so its length is bounded by memory:
 * at most this many stimulus words (cycles x packed input words).
 */
export const IVERILOG_MAX_STIMULUS_WORDS = 2 ** 24;

export async function crossCheck(design: Design, opts: CrossCheckOptions): Promise<CrossCheckResult> {
  const against = opts.against ?? 'verilator';
  let verilog = emitVerilog(design);
  if (opts.transformVerilog) verilog = opts.transformVerilog(verilog);
  const spec = harnessSpec(design, verilog);
  const ts = opts.tsSim ?? compileSim(design);
  const res: CrossCheckResult = { cycles: opts.cycles, mismatches: 0, byPort: new Map(), against };
  const outW = packedWords(design.outputs);
  const batch = opts.batch ?? 4096;

  const driver = opts.stream ? new StreamDriver(design.inputs, design.outputs, opts.stream, opts.seed) : undefined;
  // One batch of stimulus and the TypeScript side's outputs (a stream stimulus needs the outputs to build it).
  const tsBatch = (start: number, n: number): { stim: Uint32Array; out: Uint32Array } => {
    if (driver) return driver.runBatch(ts, start, n);
    const stim = makeStimulus(design.inputs, opts.seed, start, n, opts);
    const out = new Uint32Array(n * outW);
    ts.runBatch(n, stim, out);
    return { stim, out };
  };

  if (against === 'iverilog') {
    const { stim, out: tsOut } = tsBatch(0, opts.cycles);
    const hw = await runIverilog(spec, opts.cycles, stim);
    compareBatch(design.outputs, 0, opts.cycles, tsOut, hw, res);
    opts.onProgress?.(opts.cycles, opts.cycles);
    if (driver) res.wordsSent = driver.sent;
    return res;
  }

  const build = await buildVerilatorAsync(spec, { log: opts.log, trace: opts.verilatorVcd !== undefined });
  res.verilatorCached = build.cached;
  const proc = new VerilatorProcess(build, { vcd: opts.verilatorVcd });
  try {
    // Pipelined: the next batch is sent to Verilator while the TypeScript side computes the current one.
    // (A stream stimulus computes the TypeScript side while building the batch, so only Verilator overlaps.)
    let pending: { start: number; n: number; reply: Promise<Uint32Array>; tsOut: Uint32Array } | undefined;
    const finish = async (p: NonNullable<typeof pending>) => {
      compareBatch(design.outputs, p.start, p.n, p.tsOut, await p.reply, res);
      opts.onProgress?.(p.start + p.n, opts.cycles);
    };
    for (let start = 0; start < opts.cycles; start += batch) {
      const n = Math.min(batch, opts.cycles - start);
      const { stim, out: tsOut } = tsBatch(start, n);
      const next = { start, n, tsOut, reply: proc.runBatch(n, stim) };
      if (pending) await finish(pending);
      pending = next;
    }
    if (pending) await finish(pending);
  } finally {
    await proc.close();
  }
  if (driver) res.wordsSent = driver.sent;
  return res;
}

export function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

/** The one-line verdict the CLI prints. */
export function describeResult(res: CrossCheckResult, what = 'cycles'): string {
  if (res.mismatches === 0) return `bit-exact: ${res.cycles} ${what}, 0 mismatches`;
  const f = res.first!;
  const sim = res.against === 'verilator' ? 'Verilator' : 'Icarus Verilog';
  return `MISMATCH at cycle ${f.cycle}, port ${f.port}: expected ${hex(f.expected)} (TypeScript) got ${hex(f.got)} (${sim}); ${res.mismatches} mismatching values`;
}
