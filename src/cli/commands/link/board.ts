// `dwtwin board build --board icebreaker|ulx3s|arty-a7 [--out DIR]`: the link top (with its attached core) for a
// board. iCEBreaker: yosys (the synth runner of src/kernel/synth) -> nextpnr-ice40 with the board's pins
// (firmware/icebreaker) -> icepack: bitstream top.bin and a report (utilisation, Fmax against the 12 MHz clock).
// ULX3S (ECP5) and Arty A7 (Xilinx 7-series): synthesis-only reports (no open place-and-route for them here).
import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import { requireNewOrEmptyDir, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from '../../../base/atomic-file.ts';
import { CheckFailed } from '../../../base/errors.ts';
import { toolVersion } from '../../../kernel/backends/tools.ts';
import { emitVerilog } from '../../../kernel/index.ts';
import { runTool, synthesize } from '../../../kernel/synth/run-synth.ts';
import { elaborateLink } from '../../../link/cycle-target.ts';
import { linkIdentity } from '../../../link/attach.ts';
import { oneOf } from '../../args.ts';
import { configFrom, linkOptions } from './common.ts';

const BOARDS = {
  icebreaker: { family: 'ice40' as const, device: 'up5k', package: 'sg48', clockMhz: 12, firmware: 'icebreaker' },
  ulx3s: { family: 'ecp5' as const, device: 'LFE5U-85F', clockMhz: 25 },
  'arty-a7': { family: 'xc7' as const, device: 'XC7A35T', clockMhz: 100 },
};
const firmwareDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'firmware');

async function run(tool: string, args: string[], cwd: string): Promise<string> {
  const r = await runTool(tool, args, cwd);
  const noRoom = /ERROR: (Unable to place cell .*)/.exec(r.stderr + r.stdout);
  if (noRoom) throw new CheckFailed(`${tool}: the design does not fit: ${noRoom[1]}`);
  if (r.status !== 0) throw new Error(`${tool} failed (exit ${r.status ?? r.signal}): ${(r.stderr + r.stdout).slice(-3000)}`);
  return r.stdout + r.stderr;
}

export const boardCommand: CommandModule = {
  command: 'board <action>',
  describe: 'Build the link for a board (action: build): iCEBreaker bitstream + report, ECP5/Xilinx synthesis reports',
  builder: (y) =>
    linkOptions(y.positional('action', { type: 'string' }))
      .option('board', { type: 'string', default: 'icebreaker', describe: Object.keys(BOARDS).join(' | ') })
      .option('out', { type: 'string', describe: 'output directory (default build/BOARD)' }),
  handler: async (argv) => {
    oneOf('action', argv.action, ['build'] as const);
    const name = oneOf('board', argv.board, Object.keys(BOARDS) as (keyof typeof BOARDS)[]);
    const board = BOARDS[name];
    // The iCEBreaker's default configuration: 8 mac16 lanes (the UP5K has 8 DSP multipliers), firmware/icebreaker/link-params.json.
    const params = argv.params ?? (board.family === 'ice40' ? join(firmwareDir, 'icebreaker', 'link-params.json') : undefined);
    const cfg = configFrom({ ...(argv as Record<string, unknown>), params, clock: board.clockMhz * 1e6 });
    const out = resolve(String(argv.out ?? join('build', name)));
    // Checked before minutes of synthesis, not after: the output goes to a new or empty directory.
    requireNewOrEmptyDir(out, `--out: ${out}`);
    const v = emitVerilog(elaborateLink(cfg));
    const report: Record<string, unknown> = { board: name, ...board, core: cfg.core, coreParams: cfg.coreParams, link: cfg.link, identity: linkIdentity(cfg), yosys: toolVersion('yosys') };
    let lines: string[] = [];
    await writeDirAtomic(out, async (dir) => {
      await fill(dir);
      writeJsonAtomic(join(dir, 'report.json'), report);
      writeFileAtomic(join(dir, 'report.md'), lines.join('\n') + '\n');
    });
    async function fill(dir: string): Promise<void> {
      if (board.family !== 'ice40') {
        const counts = await synthesize(v, board.family, dir);
        report.synthesis = counts.resources;
        report.cells = counts.cells;
        lines = [`${name} (${board.device}, synthesis only): ${Object.entries(counts.resources).map(([k, n]) => `${k} ${n}`).join(', ')}`];
        return;
      }
      const fw = join(firmwareDir, (board as { firmware: string }).firmware);
      copyFileSync(join(fw, 'top.v'), join(dir, 'top.v'));
      copyFileSync(join(fw, 'icebreaker.pcf'), join(dir, 'icebreaker.pcf'));
      const top = { top: 'top', files: [...v.files, { name: 'top.v', text: readFileSync(join(fw, 'top.v'), 'utf8') }] };
      const counts = await synthesize(top, 'ice40', dir, 'top.json');
      report.synthesis = counts.resources;
      const b = board as (typeof BOARDS)['icebreaker'];
      await run('nextpnr-ice40', [`--${b.device}`, '--package', b.package, '--json', 'top.json', '--pcf', 'icebreaker.pcf', '--asc', 'top.asc', '--freq', String(b.clockMhz), '--report', 'nextpnr-report.json', '--seed', '1', '-q'], dir);
      await run('icepack', ['top.asc', 'top.bin'], dir);
      const rep = JSON.parse(readFileSync(join(dir, 'nextpnr-report.json'), 'utf8')) as { utilization: Record<string, { used: number; available: number }>; fmax: Record<string, { achieved: number }> };
      const util = Object.fromEntries(Object.entries(rep.utilization).filter(([, u]) => u.used > 0));
      const fmax = Math.min(...Object.values(rep.fmax).map((f) => f.achieved));
      report.utilisation = util;
      report.fmaxMhz = fmax;
      report.fits = Object.values(util).every((u) => u.used <= u.available);
      report.meetsClock = fmax >= b.clockMhz;
      lines = [
        `icebreaker: bitstream ${join(out, 'top.bin')}`,
        ...Object.entries(util).map(([k, u]) => `  ${k}: ${u.used} / ${u.available} (${((100 * u.used) / u.available).toFixed(1)} %)`),
        `  Fmax ${fmax.toFixed(1)} MHz against the ${b.clockMhz} MHz board clock: ${fmax >= b.clockMhz ? 'meets it' : 'FAILS'}`,
      ];
    }
    process.stdout.write(lines.join('\n') + '\n');
    if (report.fits === false || report.meetsClock === false) throw new CheckFailed(`${name}: the design does not fit or does not meet the clock (see ${join(out, 'report.json')})`);
  },
};
