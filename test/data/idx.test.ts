// IDX reading: every error path names the file and what was expected.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx, readIdxFile, readIdxPair } from '../../src/data/idx.ts';
import { idxDataset, loadDataset } from '../../src/data/datasets.ts';

const dir = mkdtempSync(join(tmpdir(), 'dwtwin-idx-'));
const imgs = (n: number) => encodeIdx([n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => i % 251));
const labs = (n: number) => encodeIdx([n], Uint8Array.from({ length: n }, (_, i) => i % 10));

describe('IDX files', () => {
  it('reads plain and gzipped files', () => {
    writeFileSync(join(dir, 'a.idx'), imgs(3));
    writeFileSync(join(dir, 'a.idx.gz'), gzipSync(imgs(3)));
    expect(readIdxFile(join(dir, 'a.idx'), 3).dims).toEqual([3, 28, 28]);
    expect(readIdxFile(join(dir, 'a.idx.gz'), 3).data).toEqual(readIdxFile(join(dir, 'a.idx'), 3).data);
  });
  it('reports truncation, bad magic, wrong rank, missing files, corrupt gzip', () => {
    const full = imgs(2);
    writeFileSync(join(dir, 't.idx'), full.subarray(0, full.length - 10));
    expect(() => readIdxFile(join(dir, 't.idx'), 3)).toThrow(/t\.idx: truncated IDX data: header promises 2 x 28 x 28 = 1568 bytes, file has 1558/);
    writeFileSync(join(dir, 'm.idx'), Uint8Array.from([1, 2, 8, 3, 0, 0]));
    expect(() => readIdxFile(join(dir, 'm.idx'), 3)).toThrow(/m\.idx: not an IDX file/);
    writeFileSync(join(dir, 'r.idx'), labs(4));
    expect(() => readIdxFile(join(dir, 'r.idx'), 3)).toThrow(/r\.idx: IDX rank 1, expected 3 \(images\)/);
    expect(() => readIdxFile(join(dir, 'none.idx'), 3)).toThrow(/none\.idx: cannot read IDX file \(ENOENT\)/);
    writeFileSync(join(dir, 'c.idx.gz'), gzipSync(full).subarray(0, 40));
    expect(() => readIdxFile(join(dir, 'c.idx.gz'), 3)).toThrow(/c\.idx\.gz: corrupt or truncated gzip data/);
  });
  it('reports a label/image count mismatch', () => {
    writeFileSync(join(dir, 'i5'), imgs(5));
    writeFileSync(join(dir, 'l4'), labs(4));
    expect(() => readIdxPair(join(dir, 'i5'), join(dir, 'l4'))).toThrow(/l4: 4 labels for 5 images/);
  });
  it('reads an official-layout directory and names a missing file', () => {
    const d = mkdtempSync(join(tmpdir(), 'dwtwin-idxdir-'));
    writeFileSync(join(d, 'train-images-idx3-ubyte.gz'), gzipSync(imgs(20)));
    writeFileSync(join(d, 'train-labels-idx1-ubyte.gz'), gzipSync(labs(20)));
    writeFileSync(join(d, 't10k-images-idx3-ubyte'), imgs(10));
    expect(() => idxDataset('mnist', d)).toThrow(/missing t10k-labels-idx1-ubyte \(or t10k-labels-idx1-ubyte\.gz\)/);
    writeFileSync(join(d, 't10k-labels-idx1-ubyte'), labs(10));
    const ds = idxDataset('mnist', d);
    expect([ds.train.n, ds.test.n]).toEqual([20, 10]);
  });
  it('an unknown dataset is an input error', () => {
    expect(() => loadDataset('cifar')).toThrow(/--dataset: unknown dataset "cifar" \(known: mnist, fashion-mnist\)/);
  });
});

describe('embedded datasets', () => {
  it('fashion-mnist: no empty images, no duplicates, 1000 test images per class, classes interleaved', () => {
    const d = loadDataset('fashion-mnist');
    expect(d.test.n).toBe(10000);
    expect(d.train.n + d.test.n).toBeLessThanOrEqual(70000);
    expect(d.train.n).toBeGreaterThan(59900);
    const counts = new Array(10).fill(0);
    for (const l of d.test.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000));
    const seen = new Set<string>();
    for (let i = 0; i < d.train.n; i += 7) seen.add(Buffer.from(d.train.images.subarray(i * 784, (i + 1) * 784)).toString('base64'));
    expect(seen.size).toBe(Math.ceil(d.train.n / 7));
    // A prefix (--limit) holds every class.
    expect(new Set(d.train.labels.subarray(0, 100)).size).toBe(10);
  });
  it('mnist: 8000 / 2000 stratified split, deterministic', () => {
    const a = loadDataset('mnist');
    expect([a.train.n, a.test.n]).toEqual([8000, 2000]);
    const b = loadDataset('mnist');
    expect(Buffer.from(b.test.images).equals(Buffer.from(a.test.images))).toBe(true);
  });
});
