// Flatten an elaborated design for simulation: inline every instance, resolve wires to their drivers, and
// number the remaining nodes. Hierarchical names ("u0.acc") are kept for peeking and VCD.
import type { Design, ElabModule } from '../ir/elaborate.ts';
import { operandsOf, type CombKind, type Signal } from '../ir/signal.ts';

export type FlatKind =
  | { k: 'const'; value: bigint }
  | { k: 'input'; port: number }
  | { k: 'reg'; reset: bigint; next: number; enable: number; rst: number } // enable -1: always; rst: its module's reset
  | { k: 'memread'; mem: number; addr: number }
  | CombKind<number>;

export interface FlatNode {
  width: number;
  kind: FlatKind;
}

export interface FlatMemory {
  name: string;
  width: number;
  depth: number;
  init?: bigint[];
  write?: { addr: number; data: number; enable: number };
}

export interface FlatDesign {
  nodes: FlatNode[];
  memories: FlatMemory[];
  /** Top inputs in design order (rst first): node ids. */
  inputs: { name: string; width: number; node: number }[];
  outputs: { name: string; width: number; node: number }[];
  /** Every named signal (ports, registers, wires, .named()) by hierarchical name. */
  named: Map<string, number>;
  /** Instance scopes, for VCD: hierarchical instance path -> names declared in it. */
  scopes: Map<string, string[]>;
}

export function flatten(design: Design): FlatDesign {
  const nodes: FlatNode[] = [];
  const memories: FlatMemory[] = [];
  const named = new Map<string, number>();
  const scopes = new Map<string, string[]>();
  const consts = new Map<string, number>();
  const add = (width: number, kind: FlatKind): number => {
    nodes.push({ width, kind });
    return nodes.length - 1;
  };
  const constNode = (width: number, value: bigint): number => {
    const key = `${width}:${value}`;
    let id = consts.get(key);
    if (id === undefined) consts.set(key, (id = add(width, { k: 'const', value })));
    return id;
  };

  const inputs = design.inputs.map((p, i) => ({ name: p.name, width: p.width, node: add(p.width, { k: 'input', port: i }) }));

  const inline = (em: ElabModule, path: string, portIds: Map<string, number>): Map<string, number> => {
    const b = em.builder;
    const map = new Int32Array(b.nodes.length).fill(-1);
    const instOuts = new Map<number, Map<string, number>>();
    const pending: (() => void)[] = [];
    const prefix = path ? path + '.' : '';
    const memBase = memories.length;
    for (const m of b.mems) memories.push({ name: prefix + m.name, width: m.width, depth: m.depth, init: m.init });
    const scopeNames: string[] = [];
    scopes.set(path, scopeNames);

    const resolve = (root: Signal): number => {
      // Iterative post-order so deep expression chains do not overflow the JS stack.
      const stack: Signal[] = [root];
      while (stack.length) {
        const s = stack[stack.length - 1]!;
        if (map[s.id]! >= 0) {
          stack.pop();
          continue;
        }
        const k = s.kind;
        const deps: Signal[] = k.k === 'wire' ? [b.wires.get(s)!.driver!] : operandsOf<Signal>(k);
        const missing = deps.filter((d) => map[d.id]! < 0);
        if (missing.length) {
          stack.push(...missing);
          continue;
        }
        stack.pop();
        const r = (x: Signal) => map[x.id]!;
        let id: number;
        switch (k.k) {
          case 'const':
            id = constNode(s.width, k.value);
            break;
          case 'input':
            id = portIds.get(k.name)!;
            break;
          case 'wire':
            id = r(deps[0]!);
            break;
          case 'reg': {
            const info = b.regs.get(s)!;
            const node = { k: 'reg' as const, reset: info.reset, next: -1, enable: -1, rst: portIds.get('rst')! };
            id = add(s.width, node);
            pending.push(() => {
              node.next = resolve(info.next!);
              node.enable = info.enable ? resolve(info.enable) : -1;
            });
            break;
          }
          case 'memread': {
            const rd = b.mems[k.mem]!.reads[k.port]!;
            const node = { k: 'memread' as const, mem: memBase + k.mem, addr: -1 };
            id = add(s.width, node);
            pending.push(() => {
              node.addr = resolve(rd.addr);
            });
            break;
          }
          case 'instout': {
            let outs = instOuts.get(k.inst);
            if (!outs) {
              const inst = b.instances[k.inst]!;
              const ids = new Map<string, number>();
              ids.set('rst', portIds.get('rst')!);
              for (const [pn, sig] of inst.inputs) ids.set(pn, resolve(sig));
              outs = inline(inst.child as ElabModule, prefix + inst.name, ids);
              instOuts.set(k.inst, outs);
            }
            id = outs.get(k.port)!;
            break;
          }
          case 'bin':
            id = add(s.width, { k: 'bin', op: k.op, a: r(k.a), b: r(k.b) });
            break;
          case 'mul':
            id = add(s.width, { k: 'mul', signed: k.signed, a: r(k.a), b: r(k.b) });
            break;
          case 'cmp':
            id = add(1, { k: 'cmp', op: k.op, a: r(k.a), b: r(k.b) });
            break;
          case 'not':
            id = add(s.width, { k: 'not', a: r(k.a) });
            break;
          case 'neg':
            id = add(s.width, { k: 'neg', a: r(k.a) });
            break;
          case 'shiftc':
            id = add(s.width, { k: 'shiftc', op: k.op, a: r(k.a), amount: k.amount });
            break;
          case 'shiftv':
            id = add(s.width, { k: 'shiftv', op: k.op, a: r(k.a), amount: r(k.amount) });
            break;
          case 'reduce':
            id = add(1, { k: 'reduce', op: k.op, a: r(k.a) });
            break;
          case 'mux':
            id = add(s.width, { k: 'mux', sel: r(k.sel), cases: k.cases.map(r) });
            break;
          case 'concat':
            id = add(s.width, { k: 'concat', parts: k.parts.map(r) });
            break;
          case 'slice':
            id = add(s.width, { k: 'slice', a: r(k.a), hi: k.hi, lo: k.lo });
            break;
          case 'ext':
            id = add(s.width, { k: 'ext', signed: k.signed, a: r(k.a) });
            break;
        }
        map[s.id] = id;
      }
      return map[root.id]!;
    };

    // Everything the module does: outputs, registers, memory ports, instances, named signals.
    const outs = new Map<string, number>();
    for (const o of b.outputs) outs.set(o.name, resolve(o.driver!));
    for (const s of b.nodes) {
      if (s.kind.k === 'instout' || s.kind.k === 'reg' || s.kind.k === 'memread' || s.name) resolve(s);
    }
    b.instances.forEach((inst, i) => {
      if (!instOuts.has(i)) {
        const ids = new Map<string, number>();
        ids.set('rst', portIds.get('rst')!);
        for (const [pn, sig] of inst.inputs) ids.set(pn, resolve(sig));
        instOuts.set(i, inline(inst.child as ElabModule, prefix + inst.name, ids));
      }
    });
    b.mems.forEach((m, i) => {
      const w = m.writes[0];
      if (w) memories[memBase + i]!.write = { addr: resolve(w.addr), data: resolve(w.data), enable: resolve(w.enable) };
      for (const rd of m.reads) resolve(rd.node);
    });
    while (pending.length) pending.shift()!();
    for (const s of b.nodes) {
      if (s.name && (s.name !== 'rst' || !path)) {
        named.set(prefix + s.name, map[s.id]!);
        scopeNames.push(s.name);
      }
    }
    for (const o of b.outputs) {
      if (!named.has(prefix + o.name)) {
        named.set(prefix + o.name, outs.get(o.name)!);
        scopeNames.push(o.name);
      }
    }
    return outs;
  };

  const portIds = new Map(inputs.map((p) => [p.name, p.node]));
  const outs = inline(design.top, '', portIds);
  const outputs = design.outputs.map((o) => ({ name: o.name, width: o.width, node: outs.get(o.name)! }));
  return { nodes, memories, inputs, outputs, named, scopes };
}
