// `dwtwin data info|download|prepare`: dataset facts, the official IDX download (for machines with internet), and
// building the binary caches of the embedded defaults.
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { writeFileAtomic } from '../../base/atomic-file.ts';
import { InputError } from '../../base/errors.ts';
import { datasetNames, downloadUrls, idxDataset, idxFileNames, loadDataset, type DatasetName } from '../../data/datasets.ts';
import { inputDir, oneOf, outputDir } from '../args.ts';

const info: CommandModule = {
  command: 'info',
  describe: 'Counts, class balance, source and split of a dataset (embedded, or --idx DIR)',
  builder: (y) => y.option('dataset', { type: 'string', default: 'fashion-mnist' }).option('idx', { type: 'string' }),
  handler: (argv) => {
    const name = oneOf('dataset', argv.dataset, datasetNames);
    const t0 = performance.now();
    const d = loadDataset(name, { idxDir: argv.idx === undefined ? undefined : inputDir('idx', argv.idx) });
    const ms = performance.now() - t0;
    const balance = (labels: Uint8Array) => {
      const c = new Array(10).fill(0);
      for (const l of labels) c[l]++;
      return c.join(' ');
    };
    process.stdout.write(`${d.name}: ${d.source}\n  split: ${d.split}\n  train ${d.train.n} (per class ${balance(d.train.labels)})\n  test ${d.test.n} (per class ${balance(d.test.labels)})\n  loaded in ${ms.toFixed(0)} ms\n`);
  },
};

const download: CommandModule = {
  command: 'download',
  describe: 'Download the official IDX files (needs internet), then check them with the IDX reader',
  builder: (y) => y.option('dataset', { type: 'string', demandOption: true }).option('out', { type: 'string', demandOption: true }),
  handler: async (argv) => {
    const name = oneOf('dataset', argv.dataset, datasetNames) as DatasetName;
    const out = outputDir('out', argv.out);
    for (const base of Object.values(idxFileNames)) {
      const url = `${downloadUrls[name]}${base}.gz`;
      process.stderr.write(`fetching ${url}\n`);
      let res: Response;
      try {
        res = await fetch(url);
      } catch (e) {
        throw new InputError(`download of ${url} failed (${(e as Error).message}); without internet, copy the files into --idx DIR by hand`);
      }
      if (!res.ok) throw new InputError(`download of ${url} failed: HTTP ${res.status}`);
      writeFileAtomic(join(out, `${base}.gz`), new Uint8Array(await res.arrayBuffer()));
    }
    const d = idxDataset(name, out);
    process.stdout.write(`${name}: ${d.train.n} train / ${d.test.n} test images in ${out}; use --idx ${out}\n`);
  },
};

const prepare: CommandModule = {
  command: 'prepare',
  describe: 'Build the binary caches of the embedded datasets (later loads take milliseconds)',
  handler: () => {
    for (const n of datasetNames) {
      const d = loadDataset(n);
      process.stdout.write(`${n}: ${d.train.n} train / ${d.test.n} test cached\n`);
    }
  },
};

export const dataCommand: CommandModule = {
  command: 'data <verb>',
  describe: 'Datasets: info, download of the official IDX files, cache preparation',
  builder: (y) => y.command([info, download, prepare]).demandCommand(1, 'Give a data verb; see dwtwin data --help.'),
  handler: () => {},
};
