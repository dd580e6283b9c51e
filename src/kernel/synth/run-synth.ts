// Synthesis with yosys (every family) and, for iCE40, place-and-route with nextpnr-ice40: cell counts by resource,
// utilisation and the post-route Fmax. The core's Verilog comes from the kernel emitter; place-and-route runs on the
// core inside the pin wrapper (pin-wrapper.ts), because a core's ports outnumber the package's pins.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { runChild, type ChildResult } from '../../base/child-process.ts';
import type { VerilogOutput } from '../verilog/emit.ts';
import { requireTool, toolVersion } from '../backends/tools.ts';
import { classify, FAMILY_INFO, RESOURCES, type Family, type Resource } from './families.ts';

export interface SynthCounts {
  /** Primitive cells by resource class (other = everything unclassified, e.g. muxes, IO). */
  resources: Record<Resource | 'other', number>;
  /** Every primitive cell type and its count, sorted by name. */
  cells: Record<string, number>;
}

export interface PnrReport {
  device: string;
  package: string;
  /** nextpnr's utilisation: bel type -> used / available. */
  utilisation: Record<string, { used: number; available: number }>;
  fits: boolean;
  /** Why it does not fit, when it does not. */
  reason?: string;
  clockMhz: number;
  fmaxMhz: number;
  meetsClock: boolean;
  seconds: number;
}

const TIMEOUT_MS = 30 * 60_000; // a big design takes minutes; nothing waits forever

/**
 * Run a synthesis tool without blocking (a SIGTERM during a long place-and-route stops it at once: base/child-process
 * kills the tool's process group). A tool that cannot start or exceeds the timeout throws; an exit code is returned.
 */
export function runTool(tool: string, args: string[], cwd: string): Promise<ChildResult> {
  return runChild(requireTool(tool), args, { cwd, timeoutMs: TIMEOUT_MS, maxOutput: 256 << 20 });
}

async function run(tool: string, args: string[], cwd: string, what: string): Promise<string> {
  const r = await runTool(tool, args, cwd);
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${(r.stderr + r.stdout).slice(-4000)}`);
  return r.stdout + r.stderr;
}

const statSchema = z.object({
  design: z.object({ num_cells_by_type: z.record(z.string(), z.number()).default({}) }),
});

/** yosys synthesis of `verilog` for `family`; with `netlist`, also writes the JSON netlist for nextpnr there. */
export async function synthesize(verilog: VerilogOutput, family: Family, work: string, netlist?: string): Promise<SynthCounts> {
  for (const f of verilog.files) writeFileSync(join(work, f.name), f.text);
  const statFile = `stat-${verilog.top}.json`;
  // yosys 0.23 writes invalid JSON for `stat -json` on a hierarchical design: flatten first.
  const script = [
    `read_verilog ${verilog.files.map((f) => f.name).join(' ')}`,
    `${FAMILY_INFO[family].synth} -top ${verilog.top}${netlist ? ` -json ${netlist}` : ''}`,
    'flatten',
    `tee -q -o ${statFile} stat -json`,
  ].join('; ');
  await run('yosys', ['-q', '-p', script], work, `yosys ${FAMILY_INFO[family].synth} of ${verilog.top}`);
  const stat = statSchema.parse(JSON.parse(readFileSync(join(work, statFile), 'utf8')));
  const resources = Object.fromEntries([...RESOURCES, 'other'].map((r) => [r, 0])) as SynthCounts['resources'];
  const cells: Record<string, number> = {};
  for (const [type, n] of Object.entries(stat.design.num_cells_by_type).sort(([a], [b]) => (a < b ? -1 : 1))) {
    cells[type] = n;
    resources[classify(family, type)] += n;
  }
  return { resources, cells };
}

const reportSchema = z.object({
  utilization: z.record(z.string(), z.object({ used: z.number(), available: z.number() })),
  fmax: z.record(z.string(), z.object({ achieved: z.number(), constraint: z.number() })).default({}),
});

/** nextpnr-ice40 place-and-route of a yosys JSON netlist (pins unconstrained: the placer chooses). */
export async function placeAndRoute(netlist: string, work: string, clockMhz: number, seed = 1): Promise<PnrReport> {
  const pnr = FAMILY_INFO.ice40.pnr!;
  const t0 = performance.now();
  const args = [`--${pnr.device}`, '--package', pnr.package, '--json', netlist, '--pcf-allow-unconstrained', '--freq', String(clockMhz), '--timing-allow-fail', '--seed', String(seed), '--report', 'report.json', '-q'];
  const r = await runTool('nextpnr-ice40', args, work);
  const log = r.stderr + r.stdout;
  const noRoom = /ERROR: (Unable to place cell .*|.*no BELs remaining.*|Design uses more .*)/.exec(log);
  if (r.status !== 0 && noRoom) {
    return { device: pnr.device, package: pnr.package, utilisation: {}, fits: false, reason: noRoom[1]!.trim(), clockMhz, fmaxMhz: 0, meetsClock: false, seconds: (performance.now() - t0) / 1000 };
  }
  if (r.status !== 0) throw new Error(`nextpnr-ice40 failed (exit ${r.status}):\n${log.slice(-4000)}`);
  const rep = reportSchema.parse(JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')));
  const used = Object.entries(rep.utilization).filter(([, u]) => u.used > 0);
  const fmaxes = Object.values(rep.fmax).map((f) => f.achieved);
  const fmaxMhz = fmaxes.length ? Math.min(...fmaxes) : Infinity; // no clocked logic: no constraint
  return {
    device: pnr.device,
    package: pnr.package,
    utilisation: Object.fromEntries(used),
    fits: used.every(([, u]) => u.used <= u.available),
    clockMhz,
    fmaxMhz,
    meetsClock: fmaxMhz >= clockMhz,
    seconds: (performance.now() - t0) / 1000,
  };
}

export interface SynthReport {
  top: string;
  family: Family;
  yosys: string;
  counts: SynthCounts;
  pnr?: PnrReport & { wrapper: string; wrapperCounts: SynthCounts };
}

/**
 * Synthesize `core`; for iCE40 also place and route `wrapped` (the core inside the pin wrapper). Work files go to a
 * temporary directory that is removed afterwards (`keep`: a directory to keep them in instead).
 */
export async function synthReport(core: VerilogOutput, family: Family, opts: { wrapped?: VerilogOutput; clockMhz?: number; keep?: string } = {}): Promise<SynthReport> {
  const work = opts.keep ?? mkdtempSync(join(tmpdir(), 'dwtwin-synth-'));
  try {
    const counts = await synthesize(core, family, work);
    const report: SynthReport = { top: core.top, family, yosys: toolVersion('yosys'), counts };
    if (family === 'ice40' && opts.wrapped) {
      const wrapperCounts = await synthesize(opts.wrapped, family, work, 'netlist.json');
      const pnr = FAMILY_INFO.ice40.pnr!;
      // A design that needs more of a resource than the device has cannot be placed: say so without trying.
      const over = Object.entries(pnr.capacity).filter(([k, cap]) => wrapperCounts.resources[k as Resource] > cap!);
      const placed: PnrReport = over.length
        ? { device: pnr.device, package: pnr.package, utilisation: {}, fits: false, reason: over.map(([k, cap]) => `${k} ${wrapperCounts.resources[k as Resource]} > ${cap}`).join(', '), clockMhz: opts.clockMhz ?? 12, fmaxMhz: 0, meetsClock: false, seconds: 0 }
        : await placeAndRoute('netlist.json', work, opts.clockMhz ?? 12);
      report.pnr = { ...placed, wrapper: opts.wrapped.top, wrapperCounts };
    }
    return report;
  } finally {
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
}

/** The report as a Markdown table (what the CLI prints and the README quotes). */
export function synthTable(r: SynthReport): string {
  const lines = [`${r.top} on ${r.family} (${r.yosys})`, '', '| resource | cells |', '|---|---|'];
  for (const [k, v] of Object.entries(r.counts.resources)) lines.push(`| ${k} | ${v} |`);
  if (r.pnr) {
    const p = r.pnr;
    lines.push('', `place-and-route: iCE40 ${p.device.toUpperCase()} ${p.package}, core inside ${p.wrapper} (pins shifted serially)`, '', '| bel | used | available | % |', '|---|---|---|---|');
    for (const [k, u] of Object.entries(p.utilisation)) lines.push(`| ${k} | ${u.used} | ${u.available} | ${((100 * u.used) / u.available).toFixed(1)} |`);
    if (p.reason) lines.push('', `fits: NO (${p.reason})`);
    else lines.push('', `fits: ${p.fits ? 'yes' : 'NO'}; Fmax ${Number.isFinite(p.fmaxMhz) ? p.fmaxMhz.toFixed(2) : '-'} MHz against ${p.clockMhz} MHz: ${p.meetsClock ? 'met' : 'NOT met'}`);
  }
  return lines.join('\n');
}
