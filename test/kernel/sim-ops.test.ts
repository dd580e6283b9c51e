// Every operator of the TypeScript simulator at widths 1, 31, 32, 33, 63, 64 against a BigInt reference.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/base/rng.ts';
import { compileSim, concat, defineModule, elaborate, mux, type Signal } from '../../src/kernel/index.ts';

const WIDTHS = [1, 2, 31, 32, 33, 63, 64];
const U = (w: number, v: bigint) => BigInt.asUintN(w, v);
const S = (w: number, v: bigint) => BigInt.asIntN(w, v);

type Ref = (a: bigint, b: bigint, w: number) => bigint;
const binary: [string, (a: Signal, b: Signal) => Signal, Ref][] = [
  ['add', (a, b) => a.add(b), (a, b, w) => U(w, a + b)],
  ['sub', (a, b) => a.sub(b), (a, b, w) => U(w, a - b)],
  ['and', (a, b) => a.and(b), (a, b) => a & b],
  ['or', (a, b) => a.or(b), (a, b) => a | b],
  ['xor', (a, b) => a.xor(b), (a, b) => a ^ b],
  ['eq', (a, b) => a.eq(b), (a, b) => (a === b ? 1n : 0n)],
  ['ne', (a, b) => a.ne(b), (a, b) => (a !== b ? 1n : 0n)],
  ['ult', (a, b) => a.ult(b), (a, b) => (a < b ? 1n : 0n)],
  ['ule', (a, b) => a.ule(b), (a, b) => (a <= b ? 1n : 0n)],
  ['ugt', (a, b) => a.ugt(b), (a, b) => (a > b ? 1n : 0n)],
  ['uge', (a, b) => a.uge(b), (a, b) => (a >= b ? 1n : 0n)],
  ['slt', (a, b) => a.slt(b), (a, b, w) => (S(w, a) < S(w, b) ? 1n : 0n)],
  ['sle', (a, b) => a.sle(b), (a, b, w) => (S(w, a) <= S(w, b) ? 1n : 0n)],
  ['sgt', (a, b) => a.sgt(b), (a, b, w) => (S(w, a) > S(w, b) ? 1n : 0n)],
  ['sge', (a, b) => a.sge(b), (a, b, w) => (S(w, a) >= S(w, b) ? 1n : 0n)],
  ['mul', (a, b) => a.mul(b, a.width), (a, b, w) => U(w, a * b)],
  ['smul64', (a, b) => a.smul(b, 64), (a, b, w) => U(64, S(w, a) * S(w, b))],
  ['umul64', (a, b) => a.mul(b, 64), (a, b) => U(64, a * b)],
  ['shlv', (a, b) => a.shl(b.resize(7)), (a, b, w) => { const s = U(7, b); return s >= BigInt(w) ? 0n : U(w, a << s); }],
  ['shrv', (a, b) => a.shr(b.resize(7)), (a, b, w) => { const s = U(7, b); return s >= BigInt(w) ? 0n : a >> s; }],
  ['srav', (a, b) => a.sra(b.resize(7)), (a, b, w) => { const s = U(7, b); return U(w, S(w, a) >> (s >= BigInt(w) ? BigInt(w - 1) : s)); }],
  ['mux', (a, b) => b.bit(0).mux(a, b), (a, b) => ((b & 1n) === 1n ? a : b)],
];
const unary: [string, (a: Signal) => Signal, (a: bigint, w: number) => bigint][] = [
  ['not', (a) => a.not(), (a, w) => U(w, ~a)],
  ['neg', (a) => a.neg(), (a, w) => U(w, -a)],
  ['rand', (a) => a.reduceAnd(), (a, w) => (a === U(w, -1n) ? 1n : 0n)],
  ['ror', (a) => a.reduceOr(), (a) => (a !== 0n ? 1n : 0n)],
  ['rxor', (a) => a.reduceXor(), (a) => BigInt(a.toString(2).split('').filter((c) => c === '1').length & 1)],
  ['shl3', (a) => a.shl(3), (a, w) => U(w, a << 3n)],
  ['shr3', (a) => a.shr(3), (a) => a >> 3n],
  ['sra3', (a) => a.sra(3), (a, w) => U(w, S(w, a) >> BigInt(Math.min(3, w - 1)))],
  ['sext64', (a) => a.sext(64), (a, w) => U(64, S(w, a))],
  ['uext64', (a) => a.uext(64), (a) => a],
  ['slicetop', (a) => a.slice(a.width - 1, Math.floor(a.width / 2)), (a, w) => a >> BigInt(Math.floor(w / 2))],
  ['concat', (a) => concat(a.slice(0, 0), a.slice(a.width - 1, Math.max(0, a.width - 20))), (a, w) => ((a & 1n) << BigInt(Math.min(20, w))) | (a >> BigInt(Math.max(0, w - 20)))],
  ['mux4', (a) => mux(a.resize(2), [a, a.not(), a.shr(1), a.shl(1)]), (a, w) => [a, U(w, ~a), a >> 1n, U(w, a << 1n)][Number(a & 3n) % (w === 1 ? 2 : 4)]!],
];

function randomValue(r: Rng, w: number): bigint {
  // Mix of edge values and random bits.
  const edges = [0n, 1n, U(w, -1n), 1n << BigInt(w - 1), U(w, (1n << BigInt(w - 1)) - 1n)];
  if (r.int(3) === 0) return edges[r.int(edges.length)]!;
  return U(w, (BigInt(r.u32()) << 32n) | BigInt(r.u32()));
}

describe('simulator operator semantics', () => {
  for (const w of WIDTHS) {
    it(`binary operators at width ${w}`, () => {
      const def = defineModule('binops', (m) => {
        const a = m.input('a', w);
        const b = m.input('b', w);
        for (const [name, f] of binary) m.output(`o_${name}`, f(a, b));
      });
      const sim = compileSim(elaborate(def, {}));
      const r = new Rng(w, 1);
      for (let t = 0; t < 300; t++) {
        const a = randomValue(r, w);
        const b = randomValue(r, w);
        sim.poke('a', a);
        sim.poke('b', b);
        sim.eval();
        for (const [name, , ref] of binary) expect([name, a, b, sim.peek(`o_${name}`)]).toEqual([name, a, b, ref(a, b, w)]);
      }
    });
    it(`unary operators at width ${w}`, () => {
      const ops = unary.filter(([name]) => !(w === 1 && (name === 'mux4' || name === 'concat')));
      const def = defineModule('unops', (m) => {
        const a = m.input('a', w);
        for (const [name, f] of ops) m.output(`o_${name}`, f(a));
      });
      const sim = compileSim(elaborate(def, {}));
      const r = new Rng(w, 2);
      for (let t = 0; t < 300; t++) {
        const a = randomValue(r, w);
        sim.poke('a', a);
        sim.eval();
        for (const [name, , ref] of ops) expect([name, a, sim.peek(`o_${name}`)]).toEqual([name, a, ref(a, w)]);
      }
    });
  }
});

describe('state', () => {
  it('registers: reset value, enable, zero before reset', () => {
    const def = defineModule('regs', (m) => {
      const en = m.input('en', 1);
      const r = m.reg('r', 33, { reset: 0x1_0000_0005n, enable: en });
      r.next(r.add(1));
      m.output('y', r);
    });
    const sim = compileSim(elaborate(def, {}));
    expect(sim.peek('y')).toBe(0n);
    sim.reset();
    expect(sim.peek('y')).toBe(0x1_0000_0005n);
    sim.tick();
    expect(sim.peek('y')).toBe(0x1_0000_0005n); // enable low
    sim.poke('en', 1);
    sim.tick();
    sim.tick();
    expect(sim.peek('y')).toBe(0x1_0000_0007n);
  });

  it('memories: synchronous read, read-before-write, initial contents, load and read-back', () => {
    const def = defineModule('memt', (m) => {
      const addr = m.input('addr', 3);
      const we = m.input('we', 1);
      const d = m.input('d', 40);
      const mem = m.memory('mem', { width: 40, depth: 8, init: [7n, 8n] });
      mem.write(addr, d, we);
      m.output('q', mem.read(addr));
    });
    const sim = compileSim(elaborate(def, {}));
    sim.poke('addr', 1);
    sim.eval();
    expect(sim.peek('q')).toBe(0n); // read data appears after the edge
    sim.tick();
    expect(sim.peek('q')).toBe(8n);
    sim.poke('we', 1);
    sim.poke('d', 0xff_0000_0001n);
    sim.tick(); // read-before-write: still the old word
    expect(sim.peek('q')).toBe(8n);
    sim.poke('we', 0);
    sim.tick();
    expect(sim.peek('q')).toBe(0xff_0000_0001n);
    expect(sim.memory('mem')[1]).toBe(0xff_0000_0001n);
    (sim.memory('mem') as BigUint64Array)[5] = 99n; // load
    sim.poke('addr', 5);
    sim.tick();
    expect(sim.peek('q')).toBe(99n);
  });

  it('hierarchy: instance outputs and hierarchical peeks', () => {
    const child = defineModule('acc', (m, p: { w: number }) => {
      const x = m.input('x', p.w);
      const s = m.reg('sum', p.w);
      s.next(s.add(x));
      m.output('y', s);
    });
    const top = defineModule('top2', (m) => {
      const x = m.input('x', 8);
      const a = m.instance('a0', child, { w: 8 }, { x });
      const b = m.instance('a1', child, { w: 8 }, { x: a.out('y') });
      m.output('y', b.out('y'));
    });
    const sim = compileSim(elaborate(top, {}));
    sim.reset();
    sim.poke('x', 1);
    for (let i = 0; i < 4; i++) sim.tick();
    expect(sim.peek('a0.sum')).toBe(4n);
    expect(sim.peek('y')).toBe(0n + 0n + 1n + 2n + 3n);
  });
});

describe('compiled code that V8 optimizes', () => {
  it('a mux of two wide sums, sliced, stays exact once TurboFan compiles it (Node 20 aborted on this shape)', () => {
    const W = 35;
    const def = defineModule('widemux', (m) => {
      const a = m.input('a', W);
      const b = m.input('b', W);
      const sel = m.input('sel', 1);
      m.output('y', sel.mux(a.add(b), a.sub(b)).slice(21, 20));
    });
    const sim = compileSim(elaborate(def, {}));
    const cycles = 200_000; // enough calls for V8 to optimize the generated functions
    const stim = new Uint32Array(cycles * 6); // rst, a (2 words), b (2 words), sel
    const r = new Rng(9, 1);
    for (let c = 0; c < cycles; c++) stim.set([0, r.u32(), r.u32() & 7, r.u32(), r.u32() & 7, r.u32() & 1], c * 6);
    const out = new Uint32Array(cycles);
    sim.runBatch(cycles, stim, out);
    const U = (v: bigint) => BigInt.asUintN(W, v);
    for (let c = 0; c < cycles; c += 997) {
      const w = (i: number) => BigInt(stim[c * 6 + i]!);
      const a = w(1) | (w(2) << 32n);
      const b = w(3) | (w(4) << 32n);
      expect([c, BigInt(out[c]!)]).toEqual([c, (U(w(5) ? a + b : a - b) >> 20n) & 3n]);
    }
  });
});
