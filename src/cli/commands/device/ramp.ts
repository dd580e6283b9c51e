// `dwtwin device ramp --preset P`: generate (or load from cache) the notched synapse's ΔG tables, run the
// paper-000 ramp protocol (30 ramps of up then down pulses), and print nonlinearity, cycle-to-cycle variation,
// energy per update and pulses per ramp beside paper 000's Table I; JSON + SVG + the tables into --out.
// Shaped presets (trapezoid, straight, quantized-5) are handed to src/devices/shaped.
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { CheckFailed, InputError } from '../../../base/errors.ts';
import { readJsonFile, z } from '../../../base/json-input.ts';
import { progress } from '../../../base/progress.ts';
import { MAX_TABLE_VARIANTS } from '../../../accel/device-array.ts';
import { inputFile, outputDir, positiveInt, seed, text as textArg } from '../../args.ts';
import { shapedPresetNames, shapedRamp } from '../../../devices/shaped/index.ts';
import { synapsePresetNames, isSynapsePreset, presetWithOverrides, synapsePreset } from '../../../devices/synapse/presets.ts';
import { generateSynapse } from '../../../devices/synapse/generate.ts';
import { writeLutFile } from '../../../devices/synapse/lut-io.ts';
import { rampNonlinearity, tableMetrics, histogram } from '../../../devices/synapse/metrics.ts';
import { energyPerUpdate, writePathResistance } from '../../../devices/synapse/energy.ts';
import { buildWallModel, nearestNotch } from '../../../devices/synapse/wall-1d.ts';
import { devicesOf, rampConductance } from '../../../devices/synapse/device-sim.ts';
import { pulsesPerHalfRamp } from '../../../devices/synapse/ramps.ts';
import { fidelityChecks, formatChecks, writeHeatMaps, writeHistogram, writeRampPlot, writeReportJson } from '../../../devices/synapse/report.ts';

/** Paper 001's comparison table quotes 2.5 fJ per update for paper 000's scaled SOT device (27 uA, 0.5 ns). */
const PAPER_ENERGY_FJ = 2.5;

export const rampCommand: CommandModule = {
  command: 'ramp',
  describe: 'Synapse ramps and ΔG tables (paper 000 notched DW-MTJ; shaped presets of papers 001/002)',
  builder: (y) =>
    y
      .option('preset', { type: 'string', demandOption: true, describe: `synapse preset: ${[...synapsePresetNames, ...shapedPresetNames].join(', ')}` })
      .option('params', { type: 'string', describe: 'JSON file of parameter overrides (same structure as the preset; see params.json in the output)' })
      .option('out', { type: 'string', describe: 'output directory (default out/device/<preset>)' })
      .option('seed', { type: 'string', default: '1', describe: 'random seed' })
      .option('variants', { type: 'string', default: '1', describe: 'device-to-device perturbed tables to generate' }),
  handler: async (argv) => {
    const a = argv as Record<string, unknown>;
    const preset = textArg('preset', a.preset);
    const s = seed('seed', a.seed);
    if (!shapedPresetNames.includes(preset) && !isSynapsePreset(preset)) throw new InputError(`--preset: expected one of ${[...synapsePresetNames, ...shapedPresetNames].join(', ')} (got ${JSON.stringify(preset)})`);
    if (shapedPresetNames.includes(preset) && a.params !== undefined) throw new InputError(`--params: not supported for shaped preset ${preset}`);
    // Training assigns each device one of at most 256 variants (a one-byte index, src/accel/device-array.ts).
    const variants = positiveInt('variants', a.variants, MAX_TABLE_VARIANTS);
    const overrides = a.params === undefined ? undefined : inputFile('params', a.params);
    const outDir = outputDir('out', a.out ?? join('out', 'device', preset));
    if (shapedPresetNames.includes(preset)) {
      const r = await shapedRamp(preset, { seed: s, outDir });
      process.stdout.write(r.text);
      return;
    }
    if (!isSynapsePreset(preset)) throw new InputError(`--preset: ${preset} is not a synapse preset`); // checked above
    const params = overrides === undefined ? synapsePreset(preset) : presetWithOverrides(preset, readJsonFile(overrides, z.unknown()), overrides);

    const bar = progress(`ramps ${preset}`, params.ramps);
    let last = 0;
    const gen = await generateSynapse(params, { seed: s, variants, onProgress: (d) => (bar.tick(d - last), (last = d)) });
    bar.done();

    const pair = gen.pairs[0]!;
    const m = tableMetrics(pair, s);
    // Ramp data of device 0: conductance per pulse, raw-ramp nonlinearity, notch hops, pulses to the top.
    const dev = devicesOf(params, s, 1)[0]!;
    const gRamps = rampConductance(gen.ramps, dev);
    const n = pulsesPerHalfRamp(params);
    let rp = 0;
    let rm = 0;
    for (const g of gRamps) {
      const nl = rampNonlinearity(g.subarray(0, n + 1), g.subarray(n));
      rp += nl.plus;
      rm += nl.minus;
    }
    const M = buildWallModel(params);
    const hops: number[] = [];
    const toTop: number[] = [];
    const top = params.geometry.notchCount - 1;
    // Distribution of end notches for each start notch, per pulse direction ("from:to" -> count).
    const transitions = { up: new Map<string, number>(), down: new Map<string, number>() };
    for (const q of gen.ramps) {
      let reached = -1;
      for (let i = 1; i < q.length; i++) {
        const from = nearestNotch(M, q[i - 1]!);
        const to = nearestNotch(M, q[i]!);
        const tm = i <= n ? transitions.up : transitions.down;
        tm.set(`${from}:${to}`, (tm.get(`${from}:${to}`) ?? 0) + 1);
        const h = to - from;
        hops.push(i <= n ? h : -h);
        if (i <= n && reached < 0 && nearestNotch(M, q[i]!) === top) reached = i;
      }
      if (reached > 0) toTop.push(reached);
    }
    const energy = energyPerUpdate(params);
    const kind = params.drive.mechanism;
    const judged = a.params === undefined && params.temperature === 300;
    const checks = fidelityChecks(m, kind);

    let text = `dwtwin device ramp --preset ${preset} (seed ${s}; ${params.ramps} ramps x ${n} up + ${n} down pulses; ${gen.cached ? 'tables from cache' : 'tables generated'}: ${gen.dir})\n`;
    text += `  G range ${(m.gMin * 1e6).toFixed(2)}..${(m.gMax * 1e6).toFixed(2)} uS; mean step +${(m.meanStepIncreasing * 1e6).toFixed(3)} / ${(m.meanStepDecreasing * 1e6).toFixed(3)} uS\n`;
    text += `  metric              dwtwin   paper 000 Table I (300 K)\n`;
    text += params.temperature === 300 ? formatChecks(checks) : checks.map((c) => `  ${c.name.padEnd(18)} ${c.ours.toFixed(3).padStart(8)}   (paper values are for 300 K: ${c.paper})\n`).join('');
    text += `  nonlinearity from the raw ramps: +${(rp / gRamps.length).toFixed(3)} / ${(rm / gRamps.length).toFixed(3)}\n`;
    const paperEnergy = kind === 'sot' ? `paper: ${PAPER_ENERGY_FJ} fJ (SOT device of paper 000, as quoted by paper 001)` : 'paper: no STT figure';
    text += `  energy per update   ${(energy * 1e15).toFixed(2)} fJ (I^2 R t, write path ${(writePathResistance(params) / 1e3).toFixed(2)} kOhm)   ${paperEnergy}\n`;
    text += `  pulses per full ramp (table-sampled) mean ${(m.pulsesPerFullRamp.reduce((x, y) => x + y, 0) / m.pulsesPerFullRamp.length).toFixed(1)}; 1D-model ramps reaching the top notch ${toTop.length}/${gen.ramps.length}${toTop.length ? `, mean ${(toTop.reduce((x, y) => x + y, 0) / toTop.length).toFixed(1)} pulses` : ''}   paper: 31 (one level per pulse)\n`;
    text += `  notch hops per pulse: ${histogram(hops).map((h) => `${h.value}:${h.count}`).join(' ')}\n`;

    const files: string[] = [];
    gen.pairs.forEach((p, v) => {
      for (const t of [p.increasing, p.decreasing]) {
        const f = join(outDir, `dG_${t.direction}${v}.txt.gz`);
        writeLutFile(f, t);
        files.push(f);
      }
    });
    files.push(...(await writeHeatMaps(outDir, '', [pair.increasing, pair.decreasing])));
    const rampSvg = join(outDir, 'ramps.svg');
    await writeRampPlot(rampSvg, `${preset}: ${gRamps.length} ramps (mean ± 2σ)`, gRamps);
    const histSvg = join(outDir, 'switching-count.svg');
    await writeHistogram(histSvg, `${preset}: pulses per full ramp (table-sampled)`, 'pulses', m.pulsesPerFullRamp);
    const hopSvg = join(outDir, 'notch-hops.svg');
    await writeHistogram(hopSvg, `${preset}: notch hops per pulse (1D model)`, 'notches moved', hops);
    files.push(rampSvg, histSvg, hopSvg);
    const paramsFile = join(outDir, 'params.json');
    writeReportJson(paramsFile, params);
    const json = {
      preset,
      seed: s,
      variants,
      metrics: m,
      rawRampNonlinearity: { plus: rp / gRamps.length, minus: rm / gRamps.length },
      energyPerUpdateJ: energy,
      paper: { energyPerUpdateFJ: kind === 'sot' ? PAPER_ENERGY_FJ : null, tableI: checks.map((c) => ({ name: c.name, paper: c.paper })) },
      fidelity: judged ? checks : null,
      notchHops: histogram(hops),
      notchTransitions: Object.fromEntries(
        (['up', 'down'] as const).map((d) => [
          d,
          [...transitions[d].entries()]
            .map(([k, count]) => {
              const [from, to] = k.split(':').map(Number);
              return { from: from!, to: to!, count };
            })
            .sort((x, y) => x.from - y.from || x.to - y.to),
        ]),
      ),
      pulsesToTopNotch: toTop,
      files: [...files, paramsFile],
    };
    const jsonFile = join(outDir, 'ramp.json');
    writeReportJson(jsonFile, json);
    text += `  wrote ${jsonFile}, ${files.length} tables/plots and ${paramsFile} in ${outDir}\n`;
    process.stdout.write(text);
    const failed = checks.filter((c) => !c.pass);
    if (judged && failed.length) throw new CheckFailed(`fidelity target missed: ${failed.map((c) => `${c.name} ${c.ours.toFixed(3)} (target ${c.target})`).join('; ')}`);
  },
};
