// The official CIFAR-10 binary version (cifar-10-batches-bin): data_batch_1..5.bin and test_batch.bin, each 10,000
// records of 1 label byte and 3,072 pixel bytes (the 1,024 red, then green, then blue values of a 32 x 32 image,
// row-major). We cannot download it on our machines; a user points --cifar at the directory. Images are returned
// channel-last (HWC), as the CNN's patches take them.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../base/errors.ts';

export const CIFAR = { side: 32, channels: 3, record: 3073, perBatch: 10000, trainFiles: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'], testFile: 'test_batch.bin' } as const;

export interface ImageSet {
  /** n images of side x side x channels bytes, HWC. */
  images: Uint8Array;
  labels: Uint8Array;
  n: number;
}

/** Parse one batch file (every record complete, labels 0-9), CHW -> HWC. */
export function readCifarBatch(path: string): ImageSet {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(`${path}: missing CIFAR-10 batch file (expected the official binary version, cifar-10-batches-bin)`);
  const buf = readFileSync(path);
  const px = CIFAR.side * CIFAR.side;
  if (buf.length === 0 || buf.length % CIFAR.record !== 0) throw new InputError(`${path}: truncated CIFAR-10 batch: ${buf.length} bytes is not a whole number of ${CIFAR.record}-byte records`);
  const n = buf.length / CIFAR.record;
  if (n !== CIFAR.perBatch) throw new InputError(`${path}: ${n} records, expected ${CIFAR.perBatch} (truncated batch?)`);
  const images = new Uint8Array(n * px * CIFAR.channels);
  const labels = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const o = r * CIFAR.record;
    const label = buf[o]!;
    if (label > 9) throw new InputError(`${path}: record ${r} has label ${label}, expected 0-9 (not a CIFAR-10 batch?)`);
    labels[r] = label;
    for (let c = 0; c < CIFAR.channels; c++) for (let p = 0; p < px; p++) images[(r * px + p) * CIFAR.channels + c] = buf[o + 1 + c * px + p]!;
  }
  return { images, labels, n };
}

function concat(sets: ImageSet[]): ImageSet {
  const n = sets.reduce((a, s) => a + s.n, 0);
  const images = new Uint8Array(sets.reduce((a, s) => a + s.images.length, 0));
  const labels = new Uint8Array(n);
  let io = 0;
  let lo = 0;
  for (const s of sets) {
    images.set(s.images, io);
    labels.set(s.labels, lo);
    io += s.images.length;
    lo += s.n;
  }
  return { images, labels, n };
}

/** The five training batches and the test batch of `dir`; every file is checked before any is parsed. */
export function readCifar10(dir: string): { train: ImageSet; test: ImageSet } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`--cifar: ${dir} is not a directory`);
  const files = [...CIFAR.trainFiles, CIFAR.testFile].map((f) => join(dir, f));
  for (const f of files) {
    if (!existsSync(f)) throw new InputError(`${f}: missing CIFAR-10 batch file (expected ${[...CIFAR.trainFiles, CIFAR.testFile].join(', ')})`);
    const size = statSync(f).size;
    if (size !== CIFAR.record * CIFAR.perBatch) throw new InputError(`${f}: truncated CIFAR-10 batch: ${size} bytes, expected ${CIFAR.record * CIFAR.perBatch}`);
  }
  return { train: concat(files.slice(0, 5).map(readCifarBatch)), test: readCifarBatch(files[5]!) };
}
