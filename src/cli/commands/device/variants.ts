// `dwtwin device variants (--synapse P [--variants N] | --tables DIR) [--keep-only range|offset|grid [--notches N]]
// [--linearize] [--out DIR]`: each device variant's conductance window beside table 0's, and, with --keep-only, a
// CrossSim-layout table set whose variants keep only their range, only their offset, or only a grid of notches of
// their own (table 0 shifted by a fraction of a notch); --linearize also removes the tables' nonlinearity. Train on
// the set with `dwtwin train --tables OUT` to see which property of the devices changes a result.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { resolveTables, type TableSource } from '../../../accel/table-source.ts';
import { writeDirAtomic, writeFileAtomic, writeJsonAtomic } from '../../../base/atomic-file.ts';
import { InputError } from '../../../base/errors.ts';
import { scatterChart, writeSvg } from '../../../base/plot.ts';
import { writeLutFile } from '../../../devices/synapse/lut-io.ts';
import { synapsePresetNames } from '../../../devices/synapse/presets.ts';
import { keepOnly, linearized, notchGrids, variantGeometry, variationComponents } from '../../../devices/synapse/variants.ts';
import { MAX_TABLE_VARIANTS, NOTCH_RANGE } from '../../../accel/device-array.ts';
import { inputDir, intInRange, oneOf, outputDir, positiveInt, seed } from '../../args.ts';

const keepChoices = [...variationComponents, 'grid'] as const;

export const variantsCommand: CommandModule = {
  command: 'variants',
  describe: 'Device-to-device variation of a table set: each variant\'s range and G_min vs table 0; --keep-only derives a set with one component',
  builder: (y) =>
    y
      .option('synapse', { type: 'string', describe: `preset (dwtwin tables): ${synapsePresetNames.join(', ')}` })
      .option('tables', { type: 'string', describe: 'CrossSim table directory instead of a preset' })
      .option('variants', { type: 'string', default: '20', describe: 'variants to use (a directory gives at most the pairs it holds)' })
      .option('seed', { type: 'string', default: '1', describe: 'table seed of a preset' })
      .option('keep-only', { type: 'string', describe: `derive a table set keeping one component: ${keepChoices.join(' | ')} (grid: table 0 shifted by v/V of a notch, needs --notches)` })
      .option('linearize', { type: 'boolean', describe: "derive a table set without nonlinearity (each quantile's ΔG averaged over the conductance bins); combines with --keep-only" })
      .option('notches', { type: 'string', describe: 'with --keep-only grid: the notch count whose pitch the shifts divide' })
      .option('out', { type: 'string', default: 'out/device/variants', describe: 'output directory (with --keep-only / --linearize: a new or empty directory for the tables)' }),
  handler: async (argv) => {
    const a = argv as Record<string, unknown>;
    if ((a.synapse === undefined) === (a.tables === undefined)) throw new InputError('--synapse / --tables: give exactly one table source');
    const variants = positiveInt('variants', a.variants, MAX_TABLE_VARIANTS);
    const src: TableSource =
      a.tables !== undefined
        ? { kind: 'dir', dir: inputDir('tables', a.tables), variants }
        : { kind: 'preset', preset: oneOf('synapse', a.synapse, synapsePresetNames), seed: seed('seed', a.seed), variants };
    const keep = a['keep-only'] === undefined ? undefined : oneOf('keep-only', a['keep-only'], keepChoices);
    if ((keep === 'grid') !== (a.notches !== undefined)) throw new InputError(keep === 'grid' ? '--notches: --keep-only grid needs the notch count (2..256)' : '--notches: only with --keep-only grid');
    const notches = keep === 'grid' ? intInRange('notches', a.notches, NOTCH_RANGE.min, NOTCH_RANGE.max, 'a notch count') : 0;
    const linearize = a.linearize === true;
    const derive = keep !== undefined || linearize;
    const outDir = outputDir('out', a.out);
    if (existsSync(outDir)) {
      if (derive && readdirSync(outDir).length > 0) throw new InputError(`--out: ${outDir} is not empty (${keep ? '--keep-only' : '--linearize'} writes a complete table set into a new or empty directory)`);
    }
    const pairs = await resolveTables(src);
    if (keep && pairs.length < 2) throw new InputError(`--keep-only: needs at least 2 variants (the source gives ${pairs.length})`);
    const geometry = variantGeometry(pairs);
    const label = src.kind === 'dir' ? src.dir : `${src.preset} (seed ${src.seed})`;
    let text = `device variants of ${label}: ${pairs.length}\n  variant direction      G_min (uS)  range (uS)  range / table 0  G_min / table 0\n`;
    for (const g of geometry) {
      text += `  ${String(g.index).padStart(7)} ${g.direction.padEnd(10)} ${(g.gMin * 1e6).toFixed(4).padStart(15)} ${((g.gMax - g.gMin) * 1e6).toFixed(4).padStart(11)} ${g.rangeRatio.toFixed(4).padStart(16)} ${g.gMinRatio.toFixed(4).padStart(16)}\n`;
    }
    const ratios = geometry.map((g) => g.rangeRatio);
    const mins = geometry.map((g) => g.gMinRatio);
    text += `  range / table 0: ${Math.min(...ratios).toFixed(3)}..${Math.max(...ratios).toFixed(3)}; G_min / table 0: ${Math.min(...mins).toFixed(3)}..${Math.max(...mins).toFixed(3)}\n`;
    const summary = { source: label, variants: pairs.length, keepOnly: keep ?? null, ...(keep === 'grid' ? { notches } : {}), linearized: linearize, geometry };
    const windows = (g: typeof geometry) =>
      scatterChart({
        title: `Conductance window of each device variant: ${label}`,
        xLabel: 'G_min (uS)',
        yLabel: 'G_max (uS)',
        series: (['increasing', 'decreasing'] as const).map((d) => {
          const v = g.filter((x) => x.direction === d);
          return { name: d, x: v.map((x) => x.gMin * 1e6), y: v.map((x) => x.gMax * 1e6) };
        }),
      });
    if (derive) {
      // The whole set appears at once, or not at all.
      const kept = keep === undefined ? pairs : keep === 'grid' ? notchGrids(pairs, notches) : keepOnly(pairs, keep);
      const derived = linearize ? linearized(kept) : kept;
      const derivedGeometry = variantGeometry(derived);
      await writeDirAtomic(outDir, async (tmp) => {
        derived.forEach((p, i) => {
          writeLutFile(join(tmp, `dG_increasing${i}.txt`), p.increasing);
          writeLutFile(join(tmp, `dG_decreasing${i}.txt`), p.decreasing);
        });
        writeJsonAtomic(join(tmp, 'variants.json'), { ...summary, derivedGeometry });
        await writeSvg(join(tmp, 'variants.svg'), windows(derivedGeometry));
      });
      const what = keep === undefined ? 'each variant' : { range: "only each variant's range (G_min of table 0)", offset: "only each variant's G_min (range of table 0)", grid: `only table 0 shifted by v/${pairs.length} of a notch at ${notches} notches` }[keep];
      text += `wrote ${pairs.length} table pair${pairs.length === 1 ? '' : 's'} keeping ${what}${linearize ? ', linearized' : ''} to ${outDir}: train on them with --tables ${outDir}\n`;
    } else {
      writeJsonAtomic(join(outDir, 'variants.json'), summary);
      await writeSvg(join(outDir, 'variants.svg'), windows(geometry));
      writeFileAtomic(join(outDir, 'report.txt'), text);
      text += `wrote ${join(outDir, 'variants.json')}, variants.svg, report.txt\n`;
    }
    process.stdout.write(text);
  },
};
