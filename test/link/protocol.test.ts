// The protocol definition: CRC-32 check value, COBS round trips and canonical edges, frame verdicts, the
// one-cycle CRC network against the table CRC, and host/PROTOCOL.md up to date with the code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crcMasks } from '../../src/link/rtl/crc32-network.ts';
import { protocolDoc } from '../../src/link/protocol-doc.ts';
import { cobsDecode, cobsEncode, crc32, crc32Update, CRC32, decodeFrame, encodeFrame, LINK_STATUS } from '../../src/link/protocol.ts';
import { repoRoot } from '../support/requirements.ts';

describe('link protocol', () => {
  it('CRC-32 has the ISO-HDLC check value and residue', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const body = Buffer.from('dwtwin');
    const withCrc = Buffer.alloc(body.length + 4);
    body.copy(withCrc);
    withCrc.writeUInt32LE(crc32(body), body.length);
    expect(crc32Update(CRC32.init, withCrc)).toBe(CRC32.residue);
  });

  it('the RTL CRC network (bit masks) equals the table CRC for bytes and words', () => {
    const apply = (masks: bigint[], crc: number, data: number, bits: number) => {
      const v = BigInt(crc >>> 0) | (BigInt(data >>> 0) << 32n);
      let out = 0;
      masks.forEach((mk, i) => {
        let x = mk & v;
        let p = 0;
        while (x) {
          p ^= Number(x & 1n);
          x >>= 1n;
        }
        out |= p << i;
      });
      void bits;
      return out >>> 0;
    };
    const m8 = crcMasks(8);
    const m32 = crcMasks(32);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (crc, w) => {
        expect(apply(m8, crc, w & 0xff, 8)).toBe(crc32Update(crc, [w & 0xff]));
        expect(apply(m32, crc, w, 32)).toBe(crc32Update(crc, [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24]));
      }),
      { numRuns: 200 },
    );
  });

  it('COBS round-trips any bytes and never emits a zero', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (d) => {
        const e = cobsEncode(d);
        expect(e.includes(0)).toBe(false);
        expect(Array.from(cobsDecode(e)!)).toEqual(Array.from(d));
      }),
      { numRuns: 300 },
    );
    // Canonical edges: a full block at the end gets no trailing 0x01, a trailing zero does.
    const full = new Uint8Array(254).fill(7);
    expect(cobsEncode(full).length).toBe(255);
    expect(cobsEncode(Uint8Array.from([...full, 0]))).toEqual(Uint8Array.from([0xff, ...full, 0x01, 0x01]));
    expect(cobsEncode(Uint8Array.from([]))).toEqual(Uint8Array.from([1]));
  });

  it('frames decode, and damaged frames get the right verdict', () => {
    const f = encodeFrame(9, [0xf0000000, 0]);
    const enc = f.subarray(0, f.length - 1);
    expect(decodeFrame(enc)).toEqual({ ok: true, seq: 9, words: [0xf0000000, 0] });
    const bad = Uint8Array.from(enc);
    bad[4] ^= 1;
    expect(decodeFrame(bad)).toMatchObject({ ok: false, status: LINK_STATUS.BAD_CRC });
    expect(decodeFrame(Uint8Array.from([9, 1, 2]))).toMatchObject({ ok: false, status: LINK_STATUS.BAD_FRAME });
    const long = encodeFrame(3, new Array(20).fill(5));
    expect(decodeFrame(long.subarray(0, long.length - 1), 8)).toMatchObject({ ok: false, status: LINK_STATUS.TOO_LONG, seq: 3 });
  });

  it('host/PROTOCOL.md is generated from the definition (run `dwtwin protocol-doc` after changing it)', () => {
    expect(readFileSync(join(repoRoot, 'host', 'PROTOCOL.md'), 'utf8')).toBe(protocolDoc());
  });
});
