// `dwtwin device lut --from FILE [--from FILE2 ...]`: metrics and CDF heat maps of imported ΔG tables
// (CrossSim layout, plain or .gz). When the partner table (increasing <-> decreasing) sits beside a file it is
// used too, so nonlinearity (which needs both directions) can be computed.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../../base/errors.ts';
import { inputFile, intInRange, outputDir, seed } from '../../args.ts';

/** Replayed ramps need 2 pulses to fit a curve; 1000 is far beyond any table's range / step (20-35). */
const MIN_RAMP_PULSES = 2;
const MAX_RAMP_PULSES = 1000;
import { directionFromName, readLutFile } from '../../../devices/synapse/lut-io.ts';
import type { DeltaGTable } from '../../../devices/synapse/lut.ts';
import { fidelityChecks, formatChecks, lutMetrics, writeHeatMaps, writeReportJson } from '../../../devices/synapse/report.ts';

function partnerOf(file: string): string | undefined {
  const dir = directionFromName(file);
  if (!dir) return undefined;
  const other = dir === 'increasing' ? file.replace(/increasing/i, 'decreasing') : file.replace(/decreasing/i, 'increasing');
  return other !== file && existsSync(other) ? other : undefined;
}

/** Which paper row an imported table corresponds to, judged from its path (…STT…/300K/…). */
function paperKind(file: string): 'stt' | 'sot' | undefined {
  if (!/300\s*K/i.test(file)) return undefined;
  return /SOT/i.test(file) ? 'sot' : /STT/i.test(file) ? 'stt' : undefined;
}

export const lutCommand: CommandModule = {
  command: 'lut',
  describe: 'Metrics and CDF heat maps of imported ΔG lookup tables (CrossSim format)',
  builder: (y) =>
    y
      .option('from', { type: 'string', array: true, demandOption: true, describe: 'table file(s) (dG_increasingN.txt[.gz] / dG_decreasingN...)' })
      .option('out', { type: 'string', default: 'out/device/lut', describe: 'output directory' })
      .option('seed', { type: 'string', default: '1', describe: 'seed of the table-sampled ramps used for the nonlinearity fit' })
      .option('ramp-pulses', { type: 'string', describe: `pulses per replayed ramp for the nonlinearity fit (${MIN_RAMP_PULSES}..${MAX_RAMP_PULSES}; default ceil(range / mean step))` }),
  handler: async (argv) => {
    const a = argv as Record<string, unknown>;
    const rampPulses = a.rampPulses === undefined ? undefined : intInRange('ramp-pulses', a.rampPulses, MIN_RAMP_PULSES, MAX_RAMP_PULSES);
    const froms = (a.from as unknown[]).map((f) => inputFile('from', f));
    if (froms.length === 0) throw new InputError('--from: give at least one table file');
    const s = seed('seed', a.seed);
    const outDir = outputDir('out', a.out);
    let text = '';
    const reports: unknown[] = [];
    for (let i = 0; i < froms.length; i++) {
      const file = froms[i]!;
      const main = readLutFile(file);
      const partnerFile = partnerOf(file);
      const partner = partnerFile ? readLutFile(partnerFile) : undefined;
      const tables: { increasing?: DeltaGTable; decreasing?: DeltaGTable } = { [main.direction]: main };
      if (partner) tables[partner.direction] = partner;
      const m = lutMetrics(tables, s, rampPulses);
      const prefix = `${i}-${basename(file).replace(/\.txt(\.gz)?$/, '')}-`;
      const svgs = await writeHeatMaps(outDir, prefix, [main, ...(partner ? [partner] : [])]);
      text += `${file}${partnerFile ? ` + ${partnerFile}` : ''}\n`;
      text += `  ${main.gBins.length} G bins x ${main.cdf.length} CDF points; G ${(m.gMin * 1e6).toFixed(2)}..${(m.gMax * 1e6).toFixed(2)} uS\n`;
      const kind = paperKind(file);
      if (m.nonlinearityPlus !== undefined && m.nonlinearityMinus !== undefined) {
        if (kind) text += `  metric              dwtwin   paper 000 Table I (${kind.toUpperCase()} 300 K)\n` + formatChecks(fidelityChecks({ nonlinearityPlus: m.nonlinearityPlus, nonlinearityMinus: m.nonlinearityMinus, c2cPercent: m.c2cPercent }, kind));
        else text += `  nonlinearity +${m.nonlinearityPlus.toFixed(3)} / ${m.nonlinearityMinus.toFixed(3)}; cycle-to-cycle ${m.c2cPercent.toFixed(3)} %\n`;
        if (m.neurosimLabelPlus !== undefined) text += `  nonlinearity on NeuroSim's label scale +${m.neurosimLabelPlus.toFixed(3)} / ${m.neurosimLabelMinus!.toFixed(3)} (Table I quotes nu = P_max / A: REPRODUCTION.md, "Table I from the reference tables")\n`;
        text += `  mean step +${(m.meanStepIncreasing! * 1e6).toFixed(3)} / ${(m.meanStepDecreasing! * 1e6).toFixed(3)} uS; ${m.rampPulses} pulses per ramp\n`;
      } else {
        text += `  (no partner table beside it: nonlinearity needs both directions)\n  cycle-to-cycle ${m.c2cPercent.toFixed(3)} % of the G range\n`;
      }
      reports.push({ file, partner: partnerFile ?? null, metrics: m, plots: svgs });
    }
    const jsonFile = join(outDir, 'lut.json');
    writeReportJson(jsonFile, { seed: s, rampPulses: rampPulses ?? null, tables: reports });
    text += `wrote ${jsonFile} and heat maps in ${outDir}\n`;
    process.stdout.write(text);
  },
};
