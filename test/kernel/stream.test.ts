// The streaming driver (sim/stream.ts) over the TypeScript simulation and over the Verilator harness: a small
// word-echo core with a busy period answers the same words in the same number of cycles on both; a response that
// never completes stops at the cycle limit and says so.
import { expect, it } from 'vitest';
import { buildVerilator, VerilatorProcess } from '../../src/kernel/backends/verilator.ts';
import { VerilatorSim } from '../../src/kernel/backends/verilator-sim.ts';
import { harnessSpec } from '../../src/kernel/cosim/lockstep.ts';
import { compileSim, defineModule, elaborate } from '../../src/kernel/index.ts';
import type { StreamPorts } from '../../src/kernel/sim/stream.ts';
import { describeWith } from '../support/requirements.ts';

const ports: StreamPorts = { inValid: 'in_valid', inReady: 'in_ready', inData: 'in_data', outValid: 'out_valid', outReady: 'out_ready', outData: 'out_data', lengthMask: 0xffffff };

// Echoes each word after `busy` idle cycles.
const echo = defineModule('echo', (m, p: { busy: number }) => {
  const inValid = m.input('in_valid', 1);
  const inData = m.input('in_data', 32);
  const outReady = m.input('out_ready', 1);
  const full = m.reg('full', 1);
  const wait = m.reg('busy_left', 8);
  const data = m.reg('data', 32);
  const take = inValid.and(full.not());
  const give = full.and(wait.eq(0)).and(outReady);
  full.next(take.mux(1, give.mux(0, full)));
  wait.next(take.mux(p.busy, wait.eq(0).mux(wait, wait.sub(1))));
  data.next(take.mux(inData, data));
  m.output('in_ready', full.not());
  m.output('out_valid', full.and(wait.eq(0)));
  m.output('out_data', data);
});

const design = () => elaborate(echo, { busy: 3 });
const words = new Uint32Array([0x01000002, 5, 6, 0x02000000, 0x03000001, 9]);

it('the TypeScript driver collects whole responses and counts cycles', () => {
  const sim = compileSim(design(), { stream: ports });
  sim.reset();
  const r = sim.stream(words, 3, 1000);
  expect(Array.from(r.words)).toEqual(Array.from(words));
  expect(r.complete).toBe(true);
  expect(r.fed).toBe(words.length);
  expect(r.cycles).toBe(words.length * 5); // accept, 3 busy, give: 5 cycles per word
  const cut = sim.stream(new Uint32Array([0x01000005, 1]), 1, 50); // promises 5 words, sends 1
  expect(cut.complete).toBe(false);
  expect(cut.cycles).toBe(50);
});

describeWith(['verilator'], 'streaming through the Verilator harness', () => {
  it('answers the same words in the same cycles as the TypeScript driver (sync and async hosts)', async () => {
    const d = design();
    const ts = compileSim(d, { stream: ports });
    ts.reset();
    const build = buildVerilator({ ...harnessSpec(d), stream: ports });
    const vs = new VerilatorSim(build);
    try {
      vs.reset();
      const a = ts.stream(words, 3, 1000);
      const b = vs.stream(words, 3, 1000);
      expect(b).toEqual(a);
      const cutTs = ts.stream(new Uint32Array([0x01000005, 1]), 1, 40);
      expect(vs.stream(new Uint32Array([0x01000005, 1]), 1, 40)).toEqual(cutTs);
    } finally {
      vs.close();
    }
    const proc = new VerilatorProcess(build);
    try {
      const ts2 = compileSim(d, { stream: ports });
      expect(await proc.stream(words, 3, 1000)).toEqual(ts2.stream(words, 3, 1000));
    } finally {
      await proc.close();
    }
  }, 120_000);
});
