// A transport that damages bytes in both directions, for reliability tests and `dwtwin soak link`: each byte is,
// with probability `rate`, dropped, corrupted (xor with a random non-zero byte), duplicated, or preceded by an
// inserted random byte (one of the four, equally likely). Decisions come from the counter-based RNG keyed by
// (seed, direction, byte index), so a run is reproducible.
import { draw32, toUnit } from '../base/rng.ts';
import type { Transport } from './transport.ts';

export interface FaultCounts {
  dropped: number;
  corrupted: number;
  duplicated: number;
  inserted: number;
}

export function faultyTransport(inner: Transport, rate: number, seed: number): Transport & { faults: FaultCounts; setRate(r: number): void } {
  const faults: FaultCounts = { dropped: 0, corrupted: 0, duplicated: 0, inserted: 0 };
  const index = [0, 0];
  let current = rate;
  const damage = (dir: number, bytes: Uint8Array): Uint8Array => {
    if (current <= 0) return bytes;
    const out: number[] = [];
    for (const b of bytes) {
      const i = index[dir]!++;
      const d = draw32(seed, dir, i);
      if (toUnit(d) >= current) {
        out.push(b);
        continue;
      }
      const e = draw32(seed, dir + 2, i);
      switch (e & 3) {
        case 0:
          faults.dropped++;
          break;
        case 1:
          faults.corrupted++;
          out.push(b ^ (((e >>> 8) & 0xff) || 1));
          break;
        case 2:
          faults.duplicated++;
          out.push(b, b);
          break;
        default:
          faults.inserted++;
          out.push((e >>> 16) & 0xff, b);
      }
    }
    return Uint8Array.from(out);
  };
  return {
    name: `${inner.name}+faults(${rate})`,
    faults,
    setRate: (r) => {
      current = r;
    },
    write: (b) => inner.write(damage(0, b)),
    onData: (cb) => inner.onData((b) => cb(damage(1, b))),
    close: () => inner.close(),
  };
}
