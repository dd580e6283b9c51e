// The link top's RTL (TypeScript cycle simulation at its byte port) answers every byte stream with exactly the
// bytes of the link model: the self test, random command streams with garbage between frames, and a fault
// injected into the model is caught (the comparison can fail).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/link/attach.ts';
import { LinkCycleTarget } from '../../src/link/cycle-target.ts';
import { LinkModel } from '../../src/link/model.ts';
import { encodeFrame } from '../../src/link/protocol.ts';
import { selftestMac16 } from '../../src/host/script.ts';
import { header } from '../../src/semantics/command-port.ts';
import type { Mac16CmdParams } from '../../src/semantics/mac16-commands.ts';

const cfg = linkConfig('mac16cmd', undefined, { maxWords: 32, fifoDepth: 32 });
cfg.coreParams = { lanes: 4, dataWidth: 8, accWidth: 32, depth: 64 };
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('link RTL vs link model', () => {
  const cyc = new LinkCycleTarget(cfg);
  const model = new LinkModel(cfg);
  let seq = 1;
  const frame = (words: number[]) => Uint8Array.from([0, ...encodeFrame(seq++, words)]);

  it('answers the self test byte for byte', () => {
    // CYCLES answers the target's cycle count (timing, not compared; the model says 0).
    for (const st of selftestMac16(cfg.coreParams as Mac16CmdParams, cfg.link.maxWords).filter((s) => s.name !== 'CYCLES')) {
      const bytes = st.kind === 'command' ? frame(st.words) : st.bytes;
      expect(hex(cyc.exchange(bytes)), st.name).toBe(hex(model.receive(bytes)));
    }
  });

  it('answers random commands with garbage and retransmissions between them', () => {
    const word = fc.integer({ min: 0, max: 0xffffffff });
    const stepArb = fc.oneof(
      fc.record({ k: fc.constant('cmd' as const), op: fc.constantFrom(0x01, 0x02, 0x03, 0x07, 0xf0, 0xf1, 0xf2, 0xf3, 0xf9), args: fc.array(word, { maxLength: 12 }) }),
      fc.record({ k: fc.constant('garbage' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }),
      fc.record({ k: fc.constant('again' as const) }),
    );
    let last = frame([header(0xf0, 0)]);
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 8 }), (steps) => {
        for (const s of steps) {
          let bytes: Uint8Array;
          if (s.k === 'cmd') bytes = last = frame([header(s.op, s.args.length), ...s.args.map((a, i) => (i === 0 && s.op !== 0xf3 ? a & 0x8000003f : a))]);
          else if (s.k === 'garbage') bytes = Uint8Array.from([...s.bytes, 0]);
          else bytes = last;
          const g = cyc.exchange(bytes);
          const e = model.receive(bytes);
          if (hex(g) !== hex(e)) return false;
        }
        return true;
      }),
      { numRuns: 10, seed: 11 },
    );
  });

  it('a wrong model is caught (the comparison can fail)', () => {
    const bad = new LinkModel(cfg);
    const bytes = frame([header(0xf3, 1), 5]);
    const good = hex(new LinkCycleTarget(cfg).exchange(bytes));
    (bad as unknown as { identity: { maxWords: number } }).identity.maxWords = 99;
    const other = hex(bad.receive(Uint8Array.from([0, ...encodeFrame(2, [header(0xf0, 0)])])));
    expect(other).not.toBe(good);
  });
});
