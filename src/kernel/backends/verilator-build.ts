// Building a C++ harness around emitted Verilog with Verilator, into the project cache: one plan, one install, for
// every harness (the kernel's cycle harness, the link's pty target). The cache entry is keyed by a hash of the
// Verilator version, the flags, the harness C++ and every Verilog file; a build goes into a private temporary
// directory that is renamed into place when it is whole, so concurrent builds and interrupted ones cannot leave
// a broken entry.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../../base/cache-dir.ts';
import { runChild } from '../../base/child-process.ts';
import { onExit } from '../../base/interrupt.ts';
import { makeDir } from '../../base/make-dir.ts';
import type { VerilogOutput } from '../verilog/emit.ts';
import { requireTool, toolVersion } from './tools.ts';

/** What to build: the design, the harness around it, and the names of its cache entry and files. */
export interface HarnessSources {
  verilog: VerilogOutput;
  cpp: string;
  /** File name of the harness C++ in the build directory. */
  cppName: string;
  /** File name of the binary. */
  binaryName: string;
  /** Prefix of the cache entry's name (the design's top module follows it). */
  entryPrefix?: string;
  /** What the progress line calls it. */
  label: string;
}

export interface HarnessBuildOptions {
  /** The C++ at -O2 instead of Verilator's default: slower to build, faster to run (benchmarks, long tasks). */
  optimize?: boolean;
  /** Build with --trace. */
  trace?: boolean;
  /** Called with a line of progress ("building ...", "cache hit ..."). */
  log?: (line: string) => void;
}

export interface HarnessBuild {
  dir: string;
  binary: string;
  cached: boolean;
}

interface BuildPlan {
  dir: string;
  binary: string;
  /** Private temporary build directory (renamed to `dir` when done). */
  tmp: string;
  verilator: string;
  args: string[];
}

/** The cache entry of a harness, or the plan to build it (sources written into the temporary directory). */
function planBuild(src: HarnessSources, opts: HarnessBuildOptions): HarnessBuild | BuildPlan {
  const verilator = requireTool('verilator');
  const { verilog } = src;
  const flags = ['--cc', '--exe', '--build', '-j', '2', '-O3', '--x-assign', '0', '--x-initial', '0', '-Wno-fatal', '--top-module', verilog.top];
  if (opts.optimize) flags.push('-MAKEFLAGS', 'OPT_FAST=-O2');
  if (opts.trace) flags.push('--trace');
  const h = createHash('sha256').update(toolVersion('verilator')).update(JSON.stringify(flags)).update(src.cpp);
  for (const f of verilog.files) h.update(f.name).update('\0').update(f.text);
  const dir = cacheDir('verilator', `${src.entryPrefix ?? ''}${verilog.top}-${h.digest('hex').slice(0, 24)}`);
  const binary = join(dir, src.binaryName);
  if (existsSync(binary)) {
    opts.log?.(`verilator: cache hit ${dir}`);
    return { dir, binary, cached: true };
  }
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  makeDir(tmp);
  for (const f of verilog.files) writeFileSync(join(tmp, f.name), f.text);
  writeFileSync(join(tmp, src.cppName), src.cpp);
  opts.log?.(`verilator: building ${src.label}`);
  const args = [...flags, '-Mdir', join(tmp, 'obj'), '-o', join(tmp, src.binaryName), ...verilog.files.map((f) => join(tmp, f.name)), join(tmp, src.cppName)];
  return { dir, binary, tmp, verilator, args };
}

/** Install a finished build into the cache (or use another process's identical build that won the race). */
function finishBuild(plan: BuildPlan, src: HarnessSources, status: number | null, output: string): HarnessBuild {
  if (status !== 0) throw new Error(`verilator build of ${src.label} failed (exit ${status}):\n${output.slice(-4000)}`);
  rmSync(join(plan.tmp, 'obj'), { recursive: true, force: true });
  try {
    renameSync(plan.tmp, plan.dir);
  } catch {
    if (!existsSync(plan.binary)) throw new Error(`verilator: could not install ${src.label} into ${plan.dir}`);
  }
  return { dir: plan.dir, binary: plan.binary, cached: false };
}

/** Build (or take from the cache) a harness. Blocks: tests and benchmarks; see buildHarnessAsync. */
export function buildHarness(src: HarnessSources, opts: HarnessBuildOptions = {}): HarnessBuild {
  const plan = planBuild(src, opts);
  if (!('tmp' in plan)) return plan;
  try {
    const r = spawnSync(plan.verilator, plan.args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    return finishBuild(plan, src, r.status, r.stderr || r.stdout);
  } finally {
    rmSync(plan.tmp, { recursive: true, force: true });
  }
}

/**
 * The same build without blocking the event loop, so a signal during a long build (a fuzz bundle or a large tile
 * takes minutes) stops it at once: the compiler's process group is killed and the temporary directory removed.
 */
export async function buildHarnessAsync(src: HarnessSources, opts: HarnessBuildOptions = {}): Promise<HarnessBuild> {
  const plan = planBuild(src, opts);
  if (!('tmp' in plan)) return plan;
  const offExit = onExit(() => rmSync(plan.tmp, { recursive: true, force: true }));
  try {
    const r = await runChild(plan.verilator, plan.args);
    return finishBuild(plan, src, r.status, r.stderr || r.stdout);
  } finally {
    offExit();
    rmSync(plan.tmp, { recursive: true, force: true });
  }
}
