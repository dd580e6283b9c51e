// Describing hardware: a module definition is a function of its parameters that builds ports, wires, registers,
// memories, instances and expressions through a ModuleBuilder. One clock `clk`, one synchronous active-high reset
// `rst` (both implicit). Example:
//
//   const counter = defineModule('counter', (m, p: { width: number }) => {
//     const en = m.input('en', 1);
//     const count = m.reg('count', p.width, { reset: 0, enable: en });
//     count.next(count.add(1));
//     m.output('value', count);
//   });
//   const design = elaborate(counter, { width: 8 });
import { InputError } from '../../base/errors.ts';
import { userLocation } from './location.ts';
import { nameProblem } from './names.ts';
import { MAX_WIDTH, Signal, type NodeKind, type Operand } from './signal.ts';

export type Params = Record<string, unknown>;

export interface ModuleDef<P extends Params = Params> {
  readonly name: string;
  readonly build: (m: ModuleBuilder, p: P) => void;
  readonly loc: string;
}

export function defineModule<P extends Params>(name: string, build: (m: ModuleBuilder, p: P) => void): ModuleDef<P> {
  const problem = nameProblem(name);
  if (problem) throw new InputError(`module name '${name}' ${problem} (at ${userLocation()})`);
  return { name, build, loc: userLocation() };
}

export interface PortDecl {
  name: string;
  width: number;
  signed: boolean;
  node: Signal;
}

export interface RegInfo {
  node: Signal;
  reset: bigint;
  enable?: Signal;
  next?: Signal;
  nextLoc?: string;
}

export interface MemWrite {
  addr: Signal;
  data: Signal;
  enable: Signal;
}

export interface MemInfo {
  name: string;
  width: number;
  depth: number;
  addrWidth: number;
  init?: bigint[];
  reads: { addr: Signal; node: Signal }[];
  writes: MemWrite[];
  loc: string;
}

/** What a parent needs to know about an elaborated child module (filled in by elaborate.ts). */
export interface ChildInterface {
  readonly key: string;
  readonly defName: string;
  readonly inputs: readonly { name: string; width: number }[];
  readonly outputs: readonly { name: string; width: number }[];
}

/** Elaborates child definitions for instances (elaborate.ts implements it; memoised per (definition, params)). */
export interface ElabContext {
  child(def: ModuleDef<any>, params: Params): ChildInterface; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface InstanceInfo {
  name: string;
  child: ChildInterface;
  inputs: Map<string, Signal>;
  outputs: Map<string, Signal>; // instout nodes created on demand
  loc: string;
}

export class Register extends Signal {
  /** Set the value the register takes at the next rising edge (once). */
  next(d: Operand): this {
    this.module.setRegNext(this, d);
    return this;
  }
}

export class Wire extends Signal {
  /** Drive the wire (exactly once). */
  assign(d: Operand): this {
    this.module.assignWire(this, d);
    return this;
  }
}

export class OutputPort {
  constructor(private readonly m: ModuleBuilder, readonly name: string, readonly width: number) {}
  assign(d: Operand): void {
    this.m.assignOutput(this.name, d);
  }
}

export class Memory {
  constructor(private readonly m: ModuleBuilder, readonly index: number, readonly info: MemInfo) {}
  /** Synchronous read: data for `addr` appears the cycle after (read-before-write when the same address is written). */
  read(addr: Signal): Signal {
    return this.m.memRead(this, addr);
  }
  /** Synchronous write at the rising edge when `enable` is 1. */
  write(addr: Signal, data: Signal, enable: Signal): void {
    this.m.memWrite(this, addr, data, enable);
  }
}

export class Instance {
  constructor(private readonly m: ModuleBuilder, readonly index: number, readonly info: InstanceInfo) {}
  /** The instance's output port `name` as a signal of the parent. */
  out(name: string): Signal {
    return this.m.instanceOutput(this, name);
  }
}

export class ModuleBuilder {
  readonly nodes: Signal[] = [];
  readonly inputs: PortDecl[] = [];
  readonly outputs: { name: string; width: number; signed: boolean; driver?: Signal; loc: string }[] = [];
  readonly wires = new Map<Signal, { driver?: Signal; loc?: string }>();
  readonly regs = new Map<Signal, RegInfo>();
  readonly mems: MemInfo[] = [];
  readonly instances: InstanceInfo[] = [];
  readonly names = new Map<string, string>(); // name -> what it names (for duplicate detection)
  private readonly consts = new Map<string, Signal>();
  readonly rst: Signal;

  constructor(readonly name: string, private readonly ctx: ElabContext) {
    this.rst = this.addNode(1, { k: 'input', name: 'rst' });
    this.rst.name = 'rst';
  }

  fail(what: string): never {
    throw new InputError(`module '${this.name}': ${what} (at ${userLocation()})`);
  }

  addNode(width: number, kind: NodeKind): Signal {
    const s = new Signal(this, this.nodes.length, width, kind, userLocation());
    this.nodes.push(s);
    return s;
  }

  private claim(name: string, what: string): void {
    const problem = nameProblem(name);
    if (problem) this.fail(`${what} name '${name}' ${problem}`);
    const prev = this.names.get(name);
    if (prev) this.fail(`${what} name '${name}' is already used by ${prev}`);
    this.names.set(name, `${what} '${name}'`);
  }

  private checkWidth(width: number, what: string): void {
    if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) this.fail(`${what}: width must be an integer in 1..${MAX_WIDTH}, got ${width}`);
  }

  /** A constant of `width` bits (two's complement for negative values; must fit). */
  const(value: number | bigint, width: number): Signal {
    this.checkWidth(width, 'constant');
    let v: bigint;
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) this.fail(`constant ${value} is not an integer`);
      v = BigInt(value);
    } else v = value;
    const min = -(1n << BigInt(width - 1));
    const max = (1n << BigInt(width)) - 1n;
    if (v < min || v > max) this.fail(`constant ${v} does not fit in ${width} bits`);
    v = BigInt.asUintN(width, v);
    const key = `${width}:${v}`;
    let s = this.consts.get(key);
    if (!s) {
      s = this.addNode(width, { k: 'const', value: v });
      this.consts.set(key, s);
    }
    return s;
  }

  /** Make an operand a signal of `width` (numbers become constants). */
  coerce(x: Operand, width: number, what: string): Signal {
    if (x instanceof Signal) {
      if (x.module !== this) this.fail(`${what}: signal '${x.describe()}' belongs to module '${x.module.name}'`);
      return x;
    }
    return this.const(x, width);
  }

  input(name: string, width: number, opts: { signed?: boolean } = {}): Signal {
    this.checkWidth(width, `input '${name}'`);
    this.claim(name, 'input');
    const s = this.addNode(width, { k: 'input', name });
    s.name = name;
    this.inputs.push({ name, width, signed: opts.signed ?? false, node: s });
    return s;
  }

  /** An output driven by `driver` now, or declared with a width and assigned later through the returned port. */
  output(name: string, driverOrWidth: Signal | number, opts: { signed?: boolean } = {}): OutputPort {
    this.claim(name, 'output');
    const width = typeof driverOrWidth === 'number' ? driverOrWidth : driverOrWidth.width;
    this.checkWidth(width, `output '${name}'`);
    this.outputs.push({ name, width, signed: opts.signed ?? false, loc: userLocation() });
    const port = new OutputPort(this, name, width);
    if (typeof driverOrWidth !== 'number') port.assign(driverOrWidth);
    return port;
  }

  assignOutput(name: string, d: Operand): void {
    const o = this.outputs.find((x) => x.name === name)!;
    if (o.driver) this.fail(`output '${name}' has two drivers (first assigned at ${o.loc})`);
    const s = this.coerce(d, o.width, `output '${name}'`);
    if (s.width !== o.width) this.fail(`output '${name}': width mismatch: port is ${o.width} bits, driver is ${s.width} bits`);
    o.driver = s;
    o.loc = userLocation();
  }

  wire(name: string, width: number): Wire {
    this.checkWidth(width, `wire '${name}'`);
    this.claim(name, 'wire');
    const w = new Wire(this, this.nodes.length, width, { k: 'wire', name }, userLocation());
    w.name = name;
    this.nodes.push(w);
    this.wires.set(w, {});
    return w;
  }

  assignWire(w: Wire, d: Operand): void {
    const info = this.wires.get(w)!;
    if (info.driver) this.fail(`wire '${w.name}' has two drivers (first assigned at ${info.loc})`);
    const s = this.coerce(d, w.width, `wire '${w.name}'`);
    if (s.width !== w.width) this.fail(`wire '${w.name}': width mismatch: wire is ${w.width} bits, driver is ${s.width} bits`);
    info.driver = s;
    info.loc = userLocation();
  }

  reg(name: string, width: number, opts: { reset?: number | bigint; enable?: Signal } = {}): Register {
    this.checkWidth(width, `register '${name}'`);
    this.claim(name, 'register');
    const resetSig = this.const(opts.reset ?? 0, width); // validates the reset value fits
    const reset = (resetSig.kind as { value: bigint }).value;
    const r = new Register(this, this.nodes.length, width, { k: 'reg', name, reset }, userLocation());
    r.name = name;
    this.nodes.push(r);
    if (opts.enable && opts.enable.width !== 1) this.fail(`register '${name}': enable must be 1 bit, got ${opts.enable.width}`);
    this.regs.set(r, { node: r, reset, enable: opts.enable });
    return r;
  }

  setRegNext(r: Register, d: Operand): void {
    const info = this.regs.get(r)!;
    if (info.next) this.fail(`register '${r.name}' has two drivers (next already set at ${info.nextLoc})`);
    const s = this.coerce(d, r.width, `register '${r.name}'`);
    if (s.width !== r.width) this.fail(`register '${r.name}': width mismatch: register is ${r.width} bits, next value is ${s.width} bits`);
    info.next = s;
    info.nextLoc = userLocation();
  }

  /** A memory of `depth` words (a power of two) of `width` bits; optional initial contents. */
  memory(name: string, opts: { width: number; depth: number; init?: ArrayLike<number | bigint> }): Memory {
    this.checkWidth(opts.width, `memory '${name}'`);
    this.claim(name, 'memory');
    const { depth } = opts;
    if (!Number.isInteger(depth) || depth < 2 || (depth & (depth - 1)) !== 0 || depth > 1 << 20) {
      this.fail(`memory '${name}': depth must be a power of two in 2..2^20, got ${depth}`);
    }
    let init: bigint[] | undefined;
    if (opts.init) {
      if (opts.init.length > depth) this.fail(`memory '${name}': ${opts.init.length} initial words for depth ${depth}`);
      init = Array.from(opts.init, (v, i) => {
        const b = BigInt(v);
        if (b < -(1n << BigInt(opts.width - 1)) || b >= 1n << BigInt(opts.width)) this.fail(`memory '${name}': initial word ${i} (${b}) does not fit in ${opts.width} bits`);
        return BigInt.asUintN(opts.width, b);
      });
    }
    const info: MemInfo = { name, width: opts.width, depth, addrWidth: Math.log2(depth), init, reads: [], writes: [], loc: userLocation() };
    this.mems.push(info);
    return new Memory(this, this.mems.length - 1, info);
  }

  memRead(mem: Memory, addr: Signal): Signal {
    const info = mem.info;
    const a = this.coerce(addr, info.addrWidth, `memory '${info.name}' read address`);
    if (a.width !== info.addrWidth) this.fail(`memory '${info.name}' read address: width mismatch: expected ${info.addrWidth} bits, got ${a.width}`);
    const node = this.addNode(info.width, { k: 'memread', mem: mem.index, port: info.reads.length });
    info.reads.push({ addr: a, node });
    return node;
  }

  memWrite(mem: Memory, addr: Signal, data: Signal, enable: Signal): void {
    const info = mem.info;
    if (info.writes.length > 0) this.fail(`memory '${info.name}' has two write ports (one is supported, for block-RAM inference)`);
    if (addr.width !== info.addrWidth) this.fail(`memory '${info.name}' write address: width mismatch: expected ${info.addrWidth} bits, got ${addr.width}`);
    if (data.width !== info.width) this.fail(`memory '${info.name}' write data: width mismatch: expected ${info.width} bits, got ${data.width}`);
    if (enable.width !== 1) this.fail(`memory '${info.name}' write enable must be 1 bit, got ${enable.width}`);
    for (const s of [addr, data, enable]) this.coerce(s, s.width, `memory '${info.name}' write`);
    info.writes.push({ addr, data, enable });
  }

  /** An instance of another module definition, with its inputs connected to signals of this module (and optionally its rst). */
  instance<P extends Params>(name: string, def: ModuleDef<P>, params: P, inputs: Record<string, Signal>): Instance {
    this.claim(name, 'instance');
    const child = this.ctx.child(def, params);
    const conn = new Map<string, Signal>();
    for (const [k, v] of Object.entries(inputs)) {
      // 'rst' may be given to reset the child from a signal of this module (default: this module's rst).
      const port = k === 'rst' ? { name: 'rst', width: 1 } : child.inputs.find((p) => p.name === k);
      if (!port) this.fail(`instance '${name}' of '${def.name}': no input port '${k}' (inputs: ${child.inputs.map((p) => p.name).join(', ') || 'none'})`);
      const s = this.coerce(v, port.width, `instance '${name}' input '${k}'`);
      if (s.width !== port.width) this.fail(`instance '${name}' input '${k}': width mismatch: port is ${port.width} bits, signal is ${s.width} bits`);
      conn.set(k, s);
    }
    for (const p of child.inputs) if (!conn.has(p.name)) this.fail(`instance '${name}' of '${def.name}': input '${p.name}' is not connected`);
    const info: InstanceInfo = { name, child, inputs: conn, outputs: new Map(), loc: userLocation() };
    this.instances.push(info);
    return new Instance(this, this.instances.length - 1, info);
  }

  instanceOutput(inst: Instance, port: string): Signal {
    let s = inst.info.outputs.get(port);
    if (!s) {
      const p = inst.info.child.outputs.find((o) => o.name === port);
      if (!p) this.fail(`instance '${inst.info.name}' of '${inst.info.child.defName}': no output port '${port}' (outputs: ${inst.info.child.outputs.map((o) => o.name).join(', ')})`);
      s = this.addNode(p.width, { k: 'instout', inst: inst.index, port });
      inst.info.outputs.set(port, s);
    }
    return s;
  }

  nameSignal(s: Signal, name: string): void {
    if (s.name === name) return;
    if (s.name) this.fail(`signal already named '${s.name}', cannot rename to '${name}'`);
    // Constants are shared between all uses, so a name on one would leak onto the others.
    if (s.kind.k === 'const') this.fail(`cannot name a constant ('${name}'): name the expression that uses it`);
    if (s.kind.k === 'input' || s.kind.k === 'reg' || s.kind.k === 'wire') this.fail(`'${s.name}' already has a name`);
    this.claim(name, 'signal');
    s.name = name;
  }
}
