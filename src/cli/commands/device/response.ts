// `dwtwin device response --synapse stt-300k,sot-300k [--tables DIR ...] --notches 32`: how notched devices answer
// requests smaller than a notch (drift, probabilities of a right / wrong move, depinning threshold), played through
// the training's own device step. Explains which devices can learn at a given learning rate (paper 000, Fig. 5e).
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { defaultRequests, subNotchResponse, type DirectionResponse } from '../../../accel/sub-notch-response.ts';
import { resolveTables, type TableSource } from '../../../accel/table-source.ts';
import { writeFileAtomic, writeJsonAtomic } from '../../../base/atomic-file.ts';
import { InputError } from '../../../base/errors.ts';
import { lineChart, writeSvg } from '../../../base/plot.ts';
import { synapsePresetNames } from '../../../devices/synapse/presets.ts';
import { NOTCH_RANGE } from '../../../accel/device-array.ts';
import { inputDir, intInRange, list, oneOf, outputDir } from '../../args.ts';

export const responseCommand: CommandModule = {
  command: 'response',
  describe: 'Sub-notch response of notched synapses: drift, right/wrong moves and depinning threshold per request size',
  builder: (y) =>
    y
      .option('synapse', { type: 'string', default: 'stt-300k,sot-300k', describe: 'comma-separated presets (dwtwin tables), or "" for none' })
      .option('tables', { type: 'string', array: true, describe: 'CrossSim table directories (table 0 of each is used)' })
      .option('notches', { type: 'number', default: 32 })
      .option('requests', { type: 'string', default: defaultRequests.join(','), describe: 'request sizes in notches' })
      .option('out', { type: 'string', default: 'out/device/response', describe: 'output directory' }),
  handler: async (argv) => {
    const notches = intInRange('notches', argv.notches, NOTCH_RANGE.min, NOTCH_RANGE.max, 'a notch count');
    const requests = list(argv.requests).map((r) => {
      const v = Number(r);
      if (!(v > 0) || !Number.isFinite(v)) throw new InputError(`--requests: expected positive numbers (got ${JSON.stringify(r)})`);
      return v;
    });
    if (!requests.length) throw new InputError('--requests: expected a comma-separated list of positive numbers');
    const sources: { name: string; src: TableSource }[] = [
      ...list(argv.synapse).map((p) => ({ name: oneOf('synapse', p, synapsePresetNames), src: { kind: 'preset', preset: p, seed: 1, variants: 1 } as TableSource })),
      ...((argv.tables as unknown[] | undefined) ?? []).map((d) => ({ name: String(d), src: { kind: 'dir', dir: inputDir('tables', d), variants: 1 } as TableSource })),
    ];
    if (!sources.length) throw new InputError('--synapse / --tables: give at least one table source');
    const outDir = outputDir('out', argv.out);
    const results: { source: string; directions: DirectionResponse[] }[] = [];
    let text = `sub-notch response, ${notches} notches (request and moves in notches; ideal drift = request)\n`;
    for (const s of sources) {
      const [pair] = await resolveTables(s.src);
      const directions = subNotchResponse(pair!, notches, requests);
      results.push({ source: s.name, directions });
      for (const d of directions) {
        text += `${s.name} ${d.direction}: depinning threshold median ${d.thresholdMedian.toFixed(3)}, min ${d.thresholdMin.toFixed(3)}\n`;
        text += '  request  drift    std   P(right) P(wrong)\n';
        for (const p of d.points) text += `  ${p.request.toFixed(3).padStart(7)} ${p.drift.toFixed(4).padStart(7)} ${p.std.toFixed(3).padStart(6)} ${p.pRight.toFixed(4).padStart(8)} ${p.pWrong.toFixed(4).padStart(8)}\n`;
      }
    }
    writeJsonAtomic(join(outDir, 'response.json'), { notches, requests, sources: results });
    await writeSvg(
      join(outDir, 'delivered-vs-request.svg'),
      lineChart({
        title: `Share of a request a ${notches}-notch device delivers on average (ideal 1)`,
        xLabel: 'request (notches)',
        yLabel: 'drift / request',
        xScale: 'log',
        series: results.flatMap((r) => r.directions.map((d) => ({ name: `${r.source} ${d.direction}`, x: d.points.map((p) => p.request), y: d.points.map((p) => p.drift / p.request) }))),
      }),
    );
    writeFileAtomic(join(outDir, 'report.txt'), text);
    process.stdout.write(text + `wrote ${join(outDir, 'response.json')}, delivered-vs-request.svg, report.txt\n`);
  },
};
