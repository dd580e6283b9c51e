// CrossSim's ΔG table text format, plain or gzipped (see ../shared/data/crosssim-dwmtj-luts/README.md):
//   line 1: header sentence; line 2: G bins (comma separated); line 3: CDF points; then (blank lines allowed)
//   one row of ΔG per CDF point, one column per G bin.
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InputError } from '../../base/errors.ts';
import { writeFileAtomic } from '../../base/atomic-file.ts';
import type { DeltaGTable, PulseDirection } from './lut.ts';

function parseRow(text: string, file: string, line: number, expectCount?: number): Float64Array {
  const parts = text.split(',');
  if (expectCount !== undefined && parts.length !== expectCount) {
    throw new InputError(`${file}:${line}: expected ${expectCount} comma-separated numbers, found ${parts.length}`);
  }
  const out = new Float64Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i]!.trim();
    const v = Number(s);
    if (s === '' || !Number.isFinite(v)) throw new InputError(`${file}:${line}: column ${i + 1}: expected a finite number, found ${JSON.stringify(s.slice(0, 30))}`);
    out[i] = v;
  }
  return out;
}

/** Guess the pulse direction from a CrossSim file name (dG_increasing3.txt -> increasing). */
export function directionFromName(path: string): PulseDirection | undefined {
  if (/increasing/i.test(path)) return 'increasing';
  if (/decreasing/i.test(path)) return 'decreasing';
  return undefined;
}

export function parseLutText(text: string, file: string, direction: PulseDirection): DeltaGTable {
  const lines = text.split(/\r?\n/);
  const content: { line: number; text: string }[] = [];
  for (let i = 1; i < lines.length; i++) if (lines[i]!.trim() !== '') content.push({ line: i + 1, text: lines[i]! });
  if (content.length < 3) throw new InputError(`${file}: truncated table: expected a header line, a G-bin line, a CDF line and ΔG rows; found ${content.length + 1} non-empty lines`);
  const gBins = parseRow(content[0]!.text, file, content[0]!.line);
  const cdf = parseRow(content[1]!.text, file, content[1]!.line);
  const nb = gBins.length;
  const nq = cdf.length;
  if (nb < 2) throw new InputError(`${file}:${content[0]!.line}: expected at least 2 G bins, found ${nb}`);
  if (nq < 2) throw new InputError(`${file}:${content[1]!.line}: expected at least 2 CDF points, found ${nq}`);
  for (let j = 1; j < nb; j++) if (!(gBins[j]! > gBins[j - 1]!)) throw new InputError(`${file}:${content[0]!.line}: G bins must be strictly increasing (column ${j + 1})`);
  for (let k = 1; k < nq; k++) if (!(cdf[k]! >= cdf[k - 1]!)) throw new InputError(`${file}:${content[1]!.line}: CDF points must be non-decreasing (column ${k + 1})`);
  if (Math.abs(cdf[0]!) > 1e-9 || Math.abs(cdf[nq - 1]! - 1) > 1e-9) throw new InputError(`${file}:${content[1]!.line}: CDF points must run from 0 to 1`);
  const rows = content.slice(2);
  if (rows.length !== nq) {
    const last = rows.length ? rows[rows.length - 1]!.line : content[1]!.line;
    throw new InputError(`${file}:${last}: expected ${nq} ΔG rows (one per CDF point), found ${rows.length}${rows.length < nq ? ' (truncated file?)' : ''}`);
  }
  const dG = new Float64Array(nq * nb);
  rows.forEach((r, k) => dG.set(parseRow(r.text, file, r.line, nb), k * nb));
  return { direction, gBins, cdf, dG, header: lines[0]!.trim() };
}

/** Read a table file (gzipped if it ends in .gz or starts with the gzip magic). */
export function readLutFile(path: string, direction?: PulseDirection): DeltaGTable {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new InputError(`${path}: cannot read table file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let text: string;
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      text = gunzipSync(raw).toString('utf8');
    } catch (e) {
      throw new InputError(`${path}: corrupt or truncated gzip data (${(e as Error).message})`);
    }
  } else {
    text = raw.toString('utf8');
  }
  const dir = direction ?? directionFromName(path);
  if (!dir) throw new InputError(`${path}: cannot tell the pulse direction: the name must contain 'increasing' or 'decreasing'`);
  return parseLutText(text, path, dir);
}

export function formatLutText(t: DeltaGTable): string {
  const nb = t.gBins.length;
  const fmt = (v: number) => v.toExponential(8);
  const out: string[] = [t.header || '1st Row = Gbins, 2nd Row = CDF Points, 3rd row onward =  dG matrix (rows= CDF, columns = Gbins)'];
  out.push(Array.from(t.gBins, fmt).join(','));
  out.push(Array.from(t.cdf, (v) => v.toFixed(6)).join(','));
  out.push('');
  for (let k = 0; k < t.cdf.length; k++) out.push(Array.from(t.dG.subarray(k * nb, (k + 1) * nb), fmt).join(','));
  return out.join('\n') + '\n';
}

/** Write a table atomically; gzipped when the path ends in .gz (deterministic bytes: no gzip timestamp). */
export function writeLutFile(path: string, t: DeltaGTable): void {
  const text = formatLutText(t);
  writeFileAtomic(path, path.endsWith('.gz') ? gzipSync(Buffer.from(text, 'utf8'), { level: 9 }) : text);
}
