// Elaboration: run module definitions with their parameters, memoised per (definition, params), check each
// module (drivers, combinational loops), and collect the hierarchy. The result is what every back-end consumes.
import { createHash } from 'node:crypto';
import { InputError } from '../../base/errors.ts';
import { stableJson } from '../../base/stable-json.ts';
import { ModuleBuilder, type ChildInterface, type ModuleDef, type Params } from './module.ts';
import { operandsOf, type Signal } from './signal.ts';

export interface PortInfo {
  name: string;
  width: number;
  signed?: boolean;
}

export interface ElabModule extends ChildInterface {
  readonly def: ModuleDef<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly params: Params;
  readonly builder: ModuleBuilder;
  /** For each output, the inputs it depends on combinationally (for loop checks across the hierarchy). */
  readonly combDeps: Map<string, Set<string>>;
  /** Verilog module name (unique within the design). */
  verilogName: string;
}

export interface Design {
  readonly top: ElabModule;
  /** Every distinct module, children before parents. */
  readonly modules: readonly ElabModule[];
  /** Top-level ports; inputs start with rst (clk is implicit). */
  readonly inputs: readonly PortInfo[];
  readonly outputs: readonly PortInfo[];
}

/** The combinational fan-in of a node within its module (wires through their drivers, instances through combDeps). */
export function combFanIn(b: ModuleBuilder, s: Signal): Signal[] {
  const k = s.kind;
  if (k.k === 'wire') {
    const d = b.wires.get(s)?.driver;
    return d ? [d] : [];
  }
  if (k.k === 'instout') {
    const inst = b.instances[k.inst]!;
    const deps = (inst.child as ElabModule).combDeps.get(k.port) ?? new Set();
    return [...deps].map((p) => inst.inputs.get(p)).filter((x): x is Signal => !!x);
  }
  return operandsOf<Signal>(s.kind);
}

function checkModule(b: ModuleBuilder): Map<string, Set<string>> {
  for (const o of b.outputs) if (!o.driver) throw new InputError(`module '${b.name}': output '${o.name}' is never driven (declared at ${o.loc})`);
  for (const [w, info] of b.wires) if (!info.driver) throw new InputError(`module '${b.name}': wire '${w.name}' is never driven (declared at ${w.loc})`);
  for (const [r, info] of b.regs) if (!info.next) throw new InputError(`module '${b.name}': register '${r.name}' has no next value (declared at ${r.loc})`);

  // Combinational loop detection: iterative DFS with colours; report the cycle as a path of signal names.
  const state = new Uint8Array(b.nodes.length); // 0 new, 1 on stack, 2 done
  const inputsOf = new Map<number, Set<string>>(); // node id -> inputs reached combinationally
  const visit = (root: Signal): Set<string> => {
    const stack: { s: Signal; fan: Signal[]; i: number }[] = [];
    const push = (s: Signal) => {
      state[s.id] = 1;
      stack.push({ s, fan: combFanIn(b, s), i: 0 });
    };
    if (state[root.id] === 2) return inputsOf.get(root.id)!;
    push(root);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.i < top.fan.length) {
        const n = top.fan[top.i++]!;
        if (state[n.id] === 1) {
          const from = stack.findIndex((f) => f.s === n);
          const path = stack.slice(from).map((f) => f.s.describe());
          throw new InputError(`module '${b.name}': combinational loop: ${path.join(' -> ')} -> ${n.describe()}`);
        }
        if (state[n.id] === 0) push(n);
      } else {
        const set = new Set<string>();
        if (top.s.kind.k === 'input') set.add(top.s.kind.name);
        for (const n of top.fan) for (const x of inputsOf.get(n.id)!) set.add(x);
        inputsOf.set(top.s.id, set);
        state[top.s.id] = 2;
        stack.pop();
      }
    }
    return inputsOf.get(root.id)!;
  };
  for (const s of b.nodes) visit(s);
  const deps = new Map<string, Set<string>>();
  for (const o of b.outputs) deps.set(o.name, inputsOf.get(o.driver!.id)!);
  return deps;
}

/** Elaborate `def` with `params` as the top of a design. Throws InputError for malformed descriptions. */
export function elaborate<P extends Params>(def: ModuleDef<P>, params: P): Design {
  const memo = new Map<ModuleDef<any>, Map<string, ElabModule>>(); // eslint-disable-line @typescript-eslint/no-explicit-any
  const order: ElabModule[] = [];
  const active: string[] = [];
  const ctx = {
    child(d: ModuleDef<any>, p: Params): ElabModule { // eslint-disable-line @typescript-eslint/no-explicit-any
      const key = stableJson(p);
      let byParams = memo.get(d);
      if (!byParams) memo.set(d, (byParams = new Map()));
      const hit = byParams.get(key);
      if (hit) return hit;
      const tag = `${d.name}${key}`;
      if (active.includes(tag)) throw new InputError(`module '${d.name}' instantiates itself (recursive hierarchy: ${[...active, tag].join(' -> ')})`);
      active.push(tag);
      const b = new ModuleBuilder(d.name, ctx);
      d.build(b, p);
      const combDeps = checkModule(b);
      active.pop();
      const em: ElabModule = {
        key,
        defName: d.name,
        def: d,
        params: p,
        builder: b,
        combDeps,
        inputs: b.inputs.map((x) => ({ name: x.name, width: x.width, signed: x.signed })),
        outputs: b.outputs.map((x) => ({ name: x.name, width: x.width, signed: x.signed })),
        verilogName: d.name,
      };
      byParams.set(key, em);
      order.push(em);
      return em;
    },
  };
  const top = ctx.child(def, params);
  assignVerilogNames(order);
  return {
    top,
    modules: order,
    inputs: [{ name: 'rst', width: 1 }, ...top.inputs],
    outputs: top.outputs,
  };
}

/** A definition elaborated with one parameter set keeps its name; several sets get a short stable hash suffix. */
function assignVerilogNames(mods: ElabModule[]): void {
  const byName = new Map<string, ElabModule[]>();
  for (const m of mods) byName.set(m.defName, [...(byName.get(m.defName) ?? []), m]);
  for (const [name, group] of byName) {
    const defs = new Set(group.map((g) => g.def));
    if (defs.size > 1) throw new InputError(`two different module definitions are both named '${name}' (defined at ${[...defs].map((d) => d.loc).join(' and ')})`);
    if (group.length === 1) continue;
    for (const m of group) m.verilogName = `${name}_${createHash('sha256').update(m.key).digest('hex').slice(0, 8)}`;
  }
}
