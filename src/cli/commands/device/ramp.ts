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
import { fidelityChecks, formatChecks, writeHeatMaps, writeHistogram, writeRampPlot, writeReportJson, type FidelityCheck } from '../../../devices/synapse/report.ts';
import { MAX_SEEDS, SEED_PASS_SHARE, seedVerdict, seedsNeeded, summarizeSeeds } from '../../../devices/synapse/seed-summary.ts';
import type { SynapseParams } from '../../../devices/synapse/params.ts';
import { lineChart, writeSvg } from '../../../base/plot.ts';

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
      .option('seed', { type: 'string', default: '1', describe: 'random seed (with --seeds: the first of N consecutive seeds)' })
      .option('seeds', { type: 'string', describe: `Table I over N consecutive seeds (1..${MAX_SEEDS}; 300 K presets): each metric's median, range and seeds within target; fails unless ${SEED_PASS_SHARE * 100} % of the seeds meet every target` })
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
    if (a.seeds !== undefined) {
      const n = positiveInt('seeds', a.seeds, MAX_SEEDS);
      if (params.temperature !== 300) throw new InputError(`--seeds: preset ${preset} has no Table I target (paper 000 Table I is at 300 K); use it with ${synapsePresetNames.filter((p) => synapsePreset(p).temperature === 300).join(' or ')}`);
      await rampSeeds(preset, params, { first: s, n, variants, outDir, judged: a.params === undefined });
      return;
    }

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
    text += `  nonlinearity on NeuroSim's label scale +${m.neurosimLabelPlus.toFixed(3)} / ${m.neurosimLabelMinus.toFixed(3)}\n`;
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

/** `--seeds N`: Table I for seeds first..first+N-1 (tables from the cache where present), summary and verdict. */
async function rampSeeds(preset: string, params: SynapseParams, o: { first: number; n: number; variants: number; outDir: string; judged: boolean }): Promise<void> {
  const kind = params.drive.mechanism;
  const seeds = Array.from({ length: o.n }, (_, i) => o.first + i);
  const bar = progress(`seeds ${preset}`, o.n);
  const perSeed: FidelityCheck[][] = [];
  const rows: { seed: number; cached: boolean; dir: string; metrics: ReturnType<typeof tableMetrics>; checks: FidelityCheck[] }[] = [];
  for (const sd of seeds) {
    const gen = await generateSynapse(params, { seed: sd, variants: o.variants });
    const m = tableMetrics(gen.pairs[0]!, sd);
    const checks = fidelityChecks(m, kind);
    perSeed.push(checks);
    rows.push({ seed: sd, cached: gen.cached, dir: gen.dir, metrics: m, checks });
    bar.tick(1);
  }
  bar.done();
  const summary = summarizeSeeds(perSeed);
  const verdict = seedVerdict(summary);
  const need = seedsNeeded(o.n);
  let text = `dwtwin device ramp --preset ${preset} --seeds ${o.n} --seed ${o.first} (seeds ${seeds[0]}..${seeds[seeds.length - 1]}; ${params.ramps} ramps each)\n`;
  text += `  seed  ${summary.map((m) => m.name.padStart(18)).join('')}\n`;
  for (const r of rows) text += `  ${String(r.seed).padStart(4)}  ${r.checks.map((c) => `${c.ours.toFixed(3)} ${c.pass ? 'ok  ' : 'MISS'}`.padStart(18)).join('')}\n`;
  text += `  metric              median     range            paper   target          seeds within\n`;
  for (const m of summary) text += `  ${m.name.padEnd(18)} ${m.median.toFixed(3).padStart(7)}   ${m.min.toFixed(3).padStart(7)}..${m.max.toFixed(3).padEnd(7)}  ${String(m.paper).padStart(6)}   ${m.target.padEnd(14)}  ${m.within}/${m.seeds}${m.within >= need ? '' : `  (need ${need})`}\n`;
  text += `  verdict: ${verdict.pass ? `PASS (at least ${need} of ${o.n} seeds within every target)` : `FAIL (${verdict.failed.map((m) => `${m.name} ${m.within}/${m.seeds}`).join(', ')}; need ${need})`}\n`;
  const jsonFile = join(o.outDir, 'seeds.json');
  writeReportJson(jsonFile, { preset, firstSeed: o.first, seeds: o.n, passShare: SEED_PASS_SHARE, needed: need, summary, verdict: { pass: verdict.pass, failed: verdict.failed.map((m) => m.name) }, perSeed: rows.map((r) => ({ seed: r.seed, metrics: r.metrics, checks: r.checks })) });
  const svg = join(o.outDir, 'seeds.svg');
  await writeSvg(
    svg,
    lineChart({
      title: `${preset}: Table I metrics per seed (dashed: paper 000; shaded: target)`,
      xLabel: 'seed',
      yLabel: 'nonlinearity / cycle-to-cycle %',
      integerX: true,
      series: summary.map((m) => ({ name: m.name, x: seeds, y: m.values })),
      references: summary.map((m) => ({ name: m.name, y: m.paper })),
      bands: summary.map((m) => ({ series: m.name, lo: m.lo, hi: m.hi })),
    }),
  );
  text += `  wrote ${jsonFile} and ${svg}\n`;
  process.stdout.write(text);
  if (o.judged && !verdict.pass) throw new CheckFailed(`Table I over ${o.n} seeds: ${verdict.failed.map((m) => `${m.name} within target on ${m.within}/${m.seeds} seeds`).join('; ')} (need ${need})`);
}
