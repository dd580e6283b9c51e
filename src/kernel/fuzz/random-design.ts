// Random well-formed designs for differential testing (in the manner of Hardcaml's random circuit generator and
// PyMTL3's closed-loop tests): every operator, signed and unsigned, widths including 1, 31, 32, 33, 63 and 64,
// registers with reset values and enables, memories with initial contents, muxes, concatenations, slices, shifts
// and a level of hierarchy. A design is a pure function of (seed, index): `--seed` reproduces it exactly.
import { Rng } from '../../base/rng.ts';
import { defineModule, ModuleBuilder, type ModuleDef } from '../ir/module.ts';
import { concat, mux } from '../ir/ops.ts';
import type { Signal } from '../ir/signal.ts';

const WIDTHS = [1, 1, 2, 3, 5, 8, 13, 16, 31, 32, 33, 47, 63, 64];

function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[r.int(xs.length)]!;
}

function randomValue(r: Rng, w: number): bigint {
  const v = (BigInt(r.u32()) << 32n) | BigInt(r.u32());
  return BigInt.asUintN(w, v);
}

/** `s` made exactly `w` bits wide: a random slice when wider, zero- or sign-extended when narrower. */
function fit(r: Rng, s: Signal, w: number): Signal {
  if (s.width === w) return s;
  if (s.width > w) {
    const lo = r.int(s.width - w + 1);
    return s.slice(lo + w - 1, lo);
  }
  return r.int(2) ? s.sext(w) : s.uext(w);
}

function buildBody(m: ModuleBuilder, r: Rng, depth: number, name: string): void {
  const pool: Signal[] = [];
  const nIn = 1 + r.int(4);
  for (let i = 0; i < nIn; i++) pool.push(m.input(`in${i}`, pick(r, WIDTHS)));
  // Mostly recent signals (deep expression chains), sometimes any signal (wide fan-out).
  const any = () => (r.int(3) === 0 ? pool[r.int(pool.length)]! : pool[pool.length - 1 - r.int(Math.min(8, pool.length))]!);

  // State: registers (their next value is chosen at the end, so it can depend on everything, including themselves).
  const regs = Array.from({ length: r.int(4) }, (_, i) => {
    const w = pick(r, WIDTHS);
    const en = r.int(2) ? any().bit(0) : undefined;
    const reg = m.reg(`r${i}`, w, { reset: randomValue(r, w), enable: en });
    pool.push(reg);
    return reg;
  });

  const mems: { mem: ReturnType<ModuleBuilder['memory']>; width: number; addrW: number }[] = [];
  if (r.int(3) === 0) {
    const width = pick(r, WIDTHS);
    const addrW = 1 + r.int(5);
    const init = Array.from({ length: r.int(1 << addrW) }, () => randomValue(r, width));
    const mem = m.memory('mem', { width, depth: 1 << addrW, init });
    mems.push({ mem, width, addrW });
    pool.push(mem.read(fit(r, any(), addrW)));
  }

  if (depth === 0 && r.int(3) === 0) {
    const child = randomModule(r.u32(), depth + 1, `${name}c`);
    const inputs: Record<string, Signal> = {};
    for (const p of ports(child).inputs) inputs[p.name] = fit(r, any(), p.width);
    const inst = m.instance('u0', child, {}, inputs);
    for (const o of ports(child).outputs) pool.push(inst.out(o));
  }

  const nOps = 8 + r.int(28);
  for (let i = 0; i < nOps; i++) {
    const a = any();
    const w = a.width;
    let s: Signal;
    switch (r.int(17)) {
      case 0:
        s = a.add(fit(r, any(), w));
        break;
      case 1:
        s = a.sub(fit(r, any(), w));
        break;
      case 2:
        s = pick(r, ['and', 'or', 'xor'] as const) === 'and' ? a.and(fit(r, any(), w)) : r.int(2) ? a.or(fit(r, any(), w)) : a.xor(fit(r, any(), w));
        break;
      case 3:
        s = r.int(2) ? a.not() : a.neg();
        break;
      case 4:
        s = a.mul(any(), pick(r, WIDTHS), { signed: r.int(2) === 1 });
        break;
      case 5: {
        const b = fit(r, any(), w);
        s = [a.eq(b), a.ne(b), a.ult(b), a.ule(b), a.ugt(b), a.uge(b), a.slt(b), a.sle(b), a.sgt(b), a.sge(b)][r.int(10)]!;
        break;
      }
      case 6:
        s = [a.shl(r.int(w + 2)), a.shr(r.int(w + 2)), a.sra(r.int(w + 2))][r.int(3)]!;
        break;
      case 7: {
        const amt = fit(r, any(), 1 + r.int(7));
        s = [a.shl(amt), a.shr(amt), a.sra(amt)][r.int(3)]!;
        break;
      }
      case 8:
        s = [a.reduceAnd(), a.reduceOr(), a.reduceXor()][r.int(3)]!;
        break;
      case 9:
        s = any().bit(0).mux(a, fit(r, any(), w));
        break;
      case 10: {
        const n = 2 + r.int(4);
        const sel = fit(r, any(), n <= 2 ? 1 : n <= 4 ? 2 : 3);
        s = mux(sel, Array.from({ length: n }, () => fit(r, any(), w)));
        break;
      }
      case 11: {
        const b = any();
        s = a.width + b.width <= 64 ? concat(a, b) : a;
        break;
      }
      case 12: {
        const lo = r.int(w);
        s = a.slice(lo + r.int(w - lo), lo);
        break;
      }
      case 13:
        s = fit(r, a, pick(r, WIDTHS));
        break;
      case 14:
        s = a.add(m.const(randomValue(r, w), w));
        break;
      case 15: {
        const wide = Math.min(64, w + r.int(64 - w + 1));
        s = r.int(2) ? a.sext(wide) : a.uext(wide);
        break;
      }
      default:
        s = a.xor(fit(r, any(), w)).named(`n${i}`);
        break;
    }
    pool.push(s);
  }
  for (const reg of regs) reg.next(fit(r, any(), reg.width));
  for (const { mem, width, addrW } of mems) {
    if (r.int(4)) mem.write(fit(r, any(), addrW), fit(r, any(), width), any().bit(0));
  }
  const nOut = 1 + r.int(4);
  for (let i = 0; i < nOut; i++) m.output(`out${i}`, pool[pool.length - 1 - r.int(Math.min(pool.length, 6))]!);
}

const portCache = new WeakMap<ModuleDef<any>, { inputs: { name: string; width: number }[]; outputs: string[]; widths: Map<string, number> }>(); // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Ports of a random module, found by building it once in a scratch builder (the generator is deterministic, so the
 * real elaboration builds the same ports). Only leaf modules and bundle members are probed this way.
 */
function ports(def: ModuleDef<any>) { // eslint-disable-line @typescript-eslint/no-explicit-any
  let p = portCache.get(def);
  if (!p) {
    const probeCtx = {
      child: (d: ModuleDef<any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        const cp = ports(d);
        return { key: '', defName: d.name, inputs: cp.inputs, outputs: cp.outputs.map((name) => ({ name, width: cp.widths.get(name)! })) };
      },
    };
    const b = new ModuleBuilder(def.name, probeCtx);
    def.build(b, {});
    p = { inputs: b.inputs.map((x) => ({ name: x.name, width: x.width })), outputs: b.outputs.map((o) => o.name), widths: new Map(b.outputs.map((o) => [o.name, o.width])) };
    portCache.set(def, p);
  }
  return p;
}

/** A random module definition, fully determined by (seed, depth, name). */
export function randomModule(seed: number, depth: number, name: string): ModuleDef {
  return defineModule(name, (m) => buildBody(m, new Rng(seed, depth), depth, name));
}

/** Design `index` of a fuzz campaign seeded with `seed`. */
export function fuzzDesign(seed: number, index: number): ModuleDef {
  return randomModule((seed * 0x9e3779b1 + index) >>> 0, 0, `fz${index}`);
}

/**
 * Many random designs side by side in one top module (ports prefixed d<k>_), so a single Verilator build checks
 * them all. Returns the top definition and the design index of every output port.
 */
export function fuzzBundle(seed: number, indices: readonly number[]): ModuleDef {
  return defineModule('fuzz_top', (m) => {
    for (const k of indices) {
      const def = fuzzDesign(seed, k);
      const p = ports(def);
      const inputs: Record<string, Signal> = {};
      for (const i of p.inputs) inputs[i.name] = m.input(`d${k}_${i.name}`, i.width);
      const inst = m.instance(`d${k}`, def, {}, inputs);
      for (const o of p.outputs) m.output(`d${k}_${o}`, inst.out(o));
    }
  });
}

/** Design index of a bundle port name (d17_out0 -> 17). */
export function designOfPort(port: string): number {
  return Number(/^d(\d+)_/.exec(port)?.[1] ?? -1);
}
