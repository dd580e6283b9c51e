// The IDX format of the official MNIST / Fashion-MNIST files (plain or gzipped): a big-endian header (magic with
// the element type and rank, then one 32-bit size per dimension) followed by unsigned bytes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../base/errors.ts';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export function parseIdx(buf: Uint8Array, file: string, expectRank: number): IdxArray {
  if (buf.length < 4) throw new InputError(`${file}: truncated IDX file: ${buf.length} bytes, no header`);
  if (buf[0] !== 0 || buf[1] !== 0) throw new InputError(`${file}: not an IDX file (magic bytes ${buf[0]}, ${buf[1]}; expected 0, 0)`);
  if (buf[2] !== 0x08) throw new InputError(`${file}: IDX element type 0x${buf[2]!.toString(16)} is not unsigned byte (0x08)`);
  const rank = buf[3]!;
  if (rank !== expectRank) throw new InputError(`${file}: IDX rank ${rank}, expected ${expectRank} (${expectRank === 3 ? 'images' : 'labels'})`);
  const headerLen = 4 + 4 * rank;
  if (buf.length < headerLen) throw new InputError(`${file}: truncated IDX header (${buf.length} of ${headerLen} bytes)`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const n = dims.reduce((a, b) => a * b, 1);
  if (buf.length - headerLen < n) throw new InputError(`${file}: truncated IDX data: header promises ${dims.join(' x ')} = ${n} bytes, file has ${buf.length - headerLen}`);
  if (buf.length - headerLen > n) throw new InputError(`${file}: ${buf.length - headerLen - n} bytes after the ${dims.join(' x ')} data (corrupt file?)`);
  return { dims, data: buf.subarray(headerLen, headerLen + n) };
}

export function readIdxFile(path: string, expectRank: number): IdxArray {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new InputError(`${path}: cannot read IDX file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = gunzipSync(raw);
    } catch (e) {
      throw new InputError(`${path}: corrupt or truncated gzip data (${(e as Error).message})`);
    }
  }
  return parseIdx(raw, path, expectRank);
}

export interface LabelledImages {
  images: Uint8Array; // n x rows x cols
  labels: Uint8Array;
  n: number;
}

/** Find `<base>` or `<base>.gz` in dir. */
export function findIdx(dir: string, base: string): string {
  for (const name of [base, `${base}.gz`]) if (existsSync(join(dir, name))) return join(dir, name);
  throw new InputError(`${dir}: missing ${base} (or ${base}.gz); expected the official IDX files there`);
}

/** Read an images file and its labels file and check they agree. */
export function readIdxPair(imagesPath: string, labelsPath: string): LabelledImages & { rows: number; cols: number } {
  const img = readIdxFile(imagesPath, 3);
  const lab = readIdxFile(labelsPath, 1);
  const [n, rows, cols] = img.dims as [number, number, number];
  if (lab.dims[0] !== n) throw new InputError(`${labelsPath}: ${lab.dims[0]} labels for ${n} images in ${imagesPath}`);
  for (let i = 0; i < lab.data.length; i++) if (lab.data[i]! > 9) throw new InputError(`${labelsPath}: label ${lab.data[i]} at index ${i} is not a class 0..9`);
  return { images: img.data, labels: lab.data, n, rows, cols };
}

/** Encode an IDX file (used by tests and by the cache of downloaded data). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const v = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
