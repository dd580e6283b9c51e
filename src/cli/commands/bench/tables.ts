// `dwtwin bench tables [--preset sot-300k] [--workers N]`: wall-clock time to generate one ΔG table pair
// (no cache) with 1 worker and with N workers (default: 1 and 2). A benchmark, not a test.
import type { CommandModule } from 'yargs';
import { InputError } from '../../../base/errors.ts';
import { positiveInt, seed } from '../../args.ts';
import { MAX_WORKERS } from '../../../base/workers.ts';
import { generateSynapse } from '../../../devices/synapse/generate.ts';
import { isSynapsePreset, synapsePreset, synapsePresetNames } from '../../../devices/synapse/presets.ts';

export const tablesBench: CommandModule = {
  command: 'tables',
  describe: 'Time ΔG table-pair generation (1D wall model) for 1 and N worker threads',
  builder: (y) =>
    y
      .option('preset', { type: 'string', default: 'sot-300k', describe: `synapse preset (${synapsePresetNames.join(', ')})` })
      .option('workers', { type: 'string', default: '2', describe: 'worker count to compare with 1' })
      .option('seed', { type: 'string', default: '1', describe: 'random seed' }),
  handler: async (argv) => {
    const a = argv as Record<string, unknown>;
    const preset = String(a.preset);
    if (!isSynapsePreset(preset)) throw new InputError(`--preset: expected one of ${synapsePresetNames.join(', ')} (got ${JSON.stringify(preset)})`);
    const workers = positiveInt('workers', a.workers, MAX_WORKERS);
    const s = seed('seed', a.seed);
    const p = synapsePreset(preset);
    const counts = workers === 1 ? [1] : [1, workers];
    let text = `dwtwin bench tables --preset ${preset}: ${p.ramps} ramps, one table pair, no cache\n`;
    for (const w of counts) {
      const t0 = performance.now();
      await generateSynapse(p, { seed: s, workers: w, noCache: true });
      const sec = (performance.now() - t0) / 1000;
      text += `  workers ${w}: ${sec.toFixed(2)} s, ${(p.ramps / sec).toFixed(1)} ramps/s\n`;
    }
    process.stdout.write(text);
  },
};
