// CRC-32 (protocol.ts's CRC32) of a whole byte or word in one cycle: the bit-serial update is linear over GF(2),
// so every bit of the new register is the XOR of a fixed set of register and data bits. The sets are derived here
// from the polynomial by running the serial update on bit masks, so the RTL cannot drift from protocol.ts.
import { concat, type Signal } from '../../kernel/index.ts';
import { CRC32 } from '../protocol.ts';

/** For each new register bit: mask over [crc bits 0..31, data bits 32..32+W-1] (data fed LSB first). */
export function crcMasks(dataBits: number): bigint[] {
  // c[i] as a mask over the variables; variable i < 32 is crc bit i, 32 + j is data bit j.
  let c = Array.from({ length: 32 }, (_, i) => 1n << BigInt(i));
  for (let j = 0; j < dataBits; j++) {
    const fb = c[0]! ^ (1n << BigInt(32 + j));
    const shifted = [...c.slice(1), 0n];
    c = shifted.map((m, i) => (((CRC32.poly >>> i) & 1) === 1 ? m ^ fb : m));
  }
  return c;
}

/** The CRC register after feeding `data` (8 or 32 bits, least significant bit first) into register `crc`. */
export function crcNext(crc: Signal, data: Signal): Signal {
  const masks = crcMasks(data.width);
  const bits: Signal[] = [];
  for (let i = 31; i >= 0; i--) {
    const mask = masks[i]!;
    const terms: Signal[] = [];
    for (let v = 0; v < 32 + data.width; v++) {
      if (((mask >> BigInt(v)) & 1n) === 0n) continue;
      terms.push(v < 32 ? crc.bit(v) : data.bit(v - 32));
    }
    bits.push(terms.reduce((a, b) => a.xor(b)));
  }
  return concat(...bits);
}
