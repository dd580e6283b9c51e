// Compile a flattened design to straight-line JavaScript: levelised combinational logic, then two-phase register
// and memory updates. Values are represented as expr.ts says (numbers up to 32 bits, BigInt above); there is no
// per-node interpretation at run time.
//
// Why the code is cut into functions of at most CHUNK_NODES nodes: V8 never optimizes a function of more than
// 60 KB of bytecode (--max-optimized-bytecode-size), and TurboFan's time grows faster than linearly with a
// function's size. The tile core's 1,313 combinational nodes in one function ran interpreted (0.04 M cycles/s);
// with the limit lifted, TurboFan took 25-40 s to optimize it. Values live in one Int32Array (numbers) and one
// array (BigInt) of slots; inside a function, each node is a local const, and only what another function, the
// clock edge, an output or a named signal needs is stored into its slot.
// Set DWTWIN_DUMP_SIM=DIR (or opts.dumpCode) to write the generated code for debugging.
import { writeFileSync } from 'node:fs';
import { makeDir } from '../../base/make-dir.ts';
import { join } from 'node:path';
import type { Design } from '../ir/elaborate.ts';
import { operandsOf } from '../ir/signal.ts';
import { type CycleSim, packedWords, wordsOf } from './cyclesim.ts';
import { big, bigPhi, expr, hex, litN, maskN } from './expr.ts';
import { flatten, type FlatDesign, type FlatNode } from './flatten.ts';
import type { StreamPorts, StreamResult } from './stream.ts';

/** Statements per generated function (see the header); small enough for TurboFan, large enough that calls are rare. */
const CHUNK_NODES = 300;

interface Gen {
  order: number[]; // comb nodes in evaluation order
  regs: number[];
  memreads: number[];
}

function schedule(fd: FlatDesign): Gen {
  const { nodes } = fd;
  const isComb = (n: FlatNode) => !['const', 'input', 'reg', 'memread'].includes(n.kind.k);
  const roots: number[] = [...fd.outputs.map((o) => o.node), ...fd.named.values()];
  const regs: number[] = [];
  const memreads: number[] = [];
  nodes.forEach((n, i) => {
    if (n.kind.k === 'reg') {
      regs.push(i);
      roots.push(n.kind.next, n.kind.rst);
      if (n.kind.enable >= 0) roots.push(n.kind.enable);
    } else if (n.kind.k === 'memread') {
      memreads.push(i);
      roots.push(n.kind.addr);
    }
  });
  for (const m of fd.memories) if (m.write) roots.push(m.write.addr, m.write.data, m.write.enable);
  const seen = new Uint8Array(nodes.length);
  const order: number[] = [];
  for (const root of roots) {
    const stack: [number, boolean][] = [[root, false]];
    while (stack.length) {
      const [id, expanded] = stack.pop()!;
      if (expanded) {
        order.push(id);
        continue;
      }
      if (seen[id]) continue;
      seen[id] = 1;
      const n = nodes[id]!;
      if (!isComb(n)) continue;
      stack.push([id, true]);
      for (const d of operandsOf<number>(n.kind)) if (!seen[d]) stack.push([d, false]);
    }
  }
  return { order, regs, memreads };
}

/** Where every value lives: slot indices into S (numbers) or B (BigInt); -1 for constants and function-local nodes. */
interface Layout {
  slot: Int32Array;
  /** Slots S[0..stateN) and B[0..stateB) hold the state (registers, memory read data), in that order. */
  stateN: number;
  stateB: number;
  sizeN: number;
  sizeB: number;
}

function layout(fd: FlatDesign, gen: Gen, chunkOf: Int32Array): Layout {
  const { nodes } = fd;
  const slot = new Int32Array(nodes.length).fill(-1);
  let sizeN = 0;
  let sizeB = 0;
  const give = (id: number) => {
    if (slot[id]! < 0 && nodes[id]!.kind.k !== 'const') slot[id] = big(nodes[id]!.width) ? sizeB++ : sizeN++;
  };
  for (const id of [...gen.regs, ...gen.memreads]) give(id);
  const stateN = sizeN;
  const stateB = sizeB;
  for (const p of fd.inputs) give(p.node);
  // Comb nodes escape their function when another function, the edge, an output or a name needs them.
  for (const id of gen.order) for (const d of operandsOf<number>(nodes[id]!.kind)) if (chunkOf[d]! >= 0 && chunkOf[d] !== chunkOf[id]) give(d);
  for (const id of gen.regs) {
    const k = nodes[id]!.kind as { next: number; enable: number; rst: number };
    give(k.next);
    give(k.rst);
    if (k.enable >= 0) give(k.enable);
  }
  for (const id of gen.memreads) give((nodes[id]!.kind as { addr: number }).addr);
  for (const m of fd.memories) if (m.write) [m.write.addr, m.write.data, m.write.enable].forEach(give);
  for (const o of fd.outputs) give(o.node);
  for (const id of fd.named.values()) give(id);
  return { slot, stateN, stateB, sizeN, sizeB };
}

/** One generated function's body: nodes it computes are locals; anything else is loaded once from its slot. */
class FnBody {
  private readonly loads = new Map<number, string>();
  private readonly local = new Set<number>();
  readonly lines: string[] = [];
  constructor(
    private readonly fd: FlatDesign,
    private readonly lay: Layout,
  ) {}
  /** The variable (or literal) of node `id` inside this function. */
  readonly v = (id: number): string => {
    const n = this.fd.nodes[id]!;
    if (n.kind.k === 'const') return big(n.width) ? `${n.kind.value}n` : litN(n.kind.value, n.width);
    if (!this.local.has(id) && !this.loads.has(id)) this.loads.set(id, `const v${id} = ${slotRef(this.fd, this.lay, id)};`);
    return `v${id}`;
  };
  compute(id: number): void {
    this.lines.push(`const v${id} = ${expr(this.fd, id, this.v)};`);
    this.local.add(id);
    if (this.lay.slot[id]! >= 0) this.lines.push(`${slotRef(this.fd, this.lay, id)} = v${id};`);
  }
  code(name: string): string {
    return `function ${name}() {\n${[...this.loads.values(), ...this.lines].join('\n')}\n}`;
  }
}

function slotRef(fd: FlatDesign, lay: Layout, id: number): string {
  if (lay.slot[id]! < 0) throw new Error(`node ${id} has no slot`);
  return `${big(fd.nodes[id]!.width) ? 'B' : 'S'}[${lay.slot[id]}]`;
}

/** Value of node `id` outside the generated functions (a literal or its slot). */
function valueRef(fd: FlatDesign, lay: Layout, id: number): string {
  const n = fd.nodes[id]!;
  if (n.kind.k === 'const') return big(n.width) ? `${n.kind.value}n` : litN(n.kind.value, n.width);
  return slotRef(fd, lay, id);
}

/**
 * The clock edge: every register's and memory read's next value from the settled values, memory writes (after the
 * reads: a read sees the old word), then the new state. One function when it fits; otherwise chunks that write the
 * next state into NS / NB, and a copy.
 */
function edgeFunctions(fd: FlatDesign, gen: Gen, lay: Layout): { code: string; call: string } {
  const { nodes } = fd;
  const units: { id: number; rhs: (v: (id: number) => string) => string }[] = [];
  for (const id of gen.regs) {
    const k = nodes[id]!.kind as { reset: bigint; next: number; enable: number; rst: number };
    const rv = big(nodes[id]!.width) ? `${k.reset}n` : litN(k.reset, nodes[id]!.width);
    const w = nodes[id]!.width;
    const choice = (v: (id: number) => string) => `${v(k.rst)} ? ${rv} : ${k.enable >= 0 ? `${v(k.enable)} ? ${v(k.next)} : ${v(id)}` : v(k.next)}`;
    units.push({ id, rhs: (v) => (big(w) ? bigPhi(w, choice(v)) : choice(v)) });
  }
  for (const id of gen.memreads) {
    const k = nodes[id]!.kind as { mem: number; addr: number };
    units.push({ id, rhs: (v) => `M${k.mem}[${v(k.addr)}]${nodes[id]!.width === 32 ? ' | 0' : ''}` });
  }
  const writes: ((v: (id: number) => string) => string)[] = [];
  fd.memories.forEach((m, i) => {
    const w = m.write;
    if (w) writes.push((v) => `if (${v(w.enable)}) M${i}[${v(w.addr)}] = ${v(w.data)};`);
  });
  if (units.length + writes.length <= CHUNK_NODES) {
    const f = new FnBody(fd, lay);
    for (const u of units) f.lines.push(`const n${u.id} = ${u.rhs(f.v)};`);
    for (const w of writes) f.lines.push(w(f.v));
    for (const u of units) f.lines.push(`${slotRef(fd, lay, u.id)} = n${u.id};`);
    return { code: f.code('edge'), call: 'edge();' };
  }
  const fns: string[] = [];
  for (let c = 0; c * CHUNK_NODES < units.length; c++) {
    const f = new FnBody(fd, lay);
    for (const u of units.slice(c * CHUNK_NODES, (c + 1) * CHUNK_NODES)) f.lines.push(`N${slotRef(fd, lay, u.id)} = ${u.rhs(f.v)};`);
    fns.push(f.code(`edge${c}`));
  }
  for (let c = 0; c * CHUNK_NODES < writes.length; c++) {
    const f = new FnBody(fd, lay);
    for (const w of writes.slice(c * CHUNK_NODES, (c + 1) * CHUNK_NODES)) f.lines.push(w(f.v));
    fns.push(f.code(`write${c}`));
  }
  const commit = `function commit() { for (let k = 0; k < ${lay.stateN}; k++) S[k] = NS[k]; for (let k = 0; k < ${lay.stateB}; k++) B[k] = NB[k]; }`;
  const names = fns.map((f) => f.slice('function '.length, f.indexOf('(')));
  return { code: [...fns, commit].join('\n'), call: [...names, 'commit'].map((n) => `${n}();`).join(' ') };
}

export interface TsSim extends CycleSim {
  /** Run `cycles` lockstep cycles from packed stimulus (design input order, rst first) into packed outputs. */
  runBatch(cycles: number, stim: Uint32Array, out: Uint32Array): void;
  /** Memory contents by hierarchical name (Uint32Array for widths <= 32, BigUint64Array above). */
  memory(name: string): Uint32Array | BigUint64Array;
  /** Every named signal (hierarchical), for VCD and debugging. */
  readonly signals: readonly { name: string; width: number }[];
  readonly flat: FlatDesign;
  /** The generated JavaScript. */
  readonly code: string;
  /** The streaming driver (stream.ts); throws unless compiled with opts.stream. */
  stream(words: Uint32Array, responses: number, maxCycles: number): StreamResult;
}

export interface CompileOptions {
  /** Write the generated code to this directory (also: env DWTWIN_DUMP_SIM). */
  dumpCode?: string;
  /** Generate the streaming driver for these ports (stream.ts); sim.stream is then available. */
  stream?: StreamPorts;
}

/**
 * The generated streaming loop (stream.ts): per cycle, drive in_valid/in_data/out_ready, settle, take an out word if
 * valid, count responses by their headers, then the edge; the same evaluation and edge code as runBatch.
 */
function streamFunction(fd: FlatDesign, sp: StreamPorts, lay: Layout, settle: string, edge: string): string {
  const inPort = (name: string, width?: number) => {
    const i = fd.inputs.findIndex((p) => p.name === name);
    if (i < 0) throw new Error(`stream: the design has no input '${name}'`);
    if (width !== undefined && fd.inputs[i]!.width !== width) throw new Error(`stream: input '${name}' must be ${width} bits`);
    return slotRef(fd, lay, fd.inputs[i]!.node);
  };
  const outPort = (name: string, width?: number) => {
    const o = fd.outputs.find((p) => p.name === name);
    if (!o) throw new Error(`stream: the design has no output '${name}'`);
    if (width !== undefined && o.width !== width) throw new Error(`stream: output '${name}' must be ${width} bits`);
    return valueRef(fd, lay, o.node);
  };
  const data = fd.inputs.find((p) => p.name === sp.inData);
  if (!data || data.width > 32) throw new Error(`stream: input '${sp.inData}' must exist and be at most 32 bits`);
  const dataMask = data.width === 32 ? '| 0' : `& ${hex(2 ** data.width - 1)}`;
  return `function runStream(words, responses, maxCycles) {
const out = [];
let fed = 0, cycles = 0, done = 0, left = -1; // left: words still due in the current response (-1: next is a header)
${inPort('rst')} = 0;
${inPort(sp.outReady, 1)} = 1;
while (done < responses && cycles < maxCycles) {
${inPort(sp.inValid, 1)} = fed < words.length ? 1 : 0;
${inPort(sp.inData)} = fed < words.length ? (words[fed] ${dataMask}) : 0;
${settle}
const take = ${inPort(sp.inValid, 1)} & ${outPort(sp.inReady, 1)};
if (${outPort(sp.outValid, 1)}) {
  const w = ${outPort(sp.outData)} >>> 0;
  out.push(w);
  if (left < 0) left = w & ${sp.lengthMask}; else left--;
  if (left === 0) { done++; left = -1; }
}
${edge}
if (take) fed++;
cycles++;
}
${inPort(sp.inValid, 1)} = 0;
evalComb();
return { words: Uint32Array.from(out), cycles, fed, complete: done >= responses };
}`;
}

export function compileSim(design: Design, opts: CompileOptions = {}): TsSim {
  const fd = flatten(design);
  const gen = schedule(fd);
  const { order } = gen;
  const { nodes } = fd;
  const chunkOf = new Int32Array(nodes.length).fill(-1);
  order.forEach((id, i) => (chunkOf[id] = Math.floor(i / CHUNK_NODES)));
  const lay = layout(fd, gen, chunkOf);

  const evalFns: string[] = [];
  for (let c = 0; c * CHUNK_NODES < order.length; c++) {
    const f = new FnBody(fd, lay);
    for (const id of order.slice(c * CHUNK_NODES, (c + 1) * CHUNK_NODES)) f.compute(id);
    evalFns.push(f.code(`settle${c}`));
  }
  const settle = evalFns.map((_, c) => `settle${c}();`).join(' ');
  const edge = edgeFunctions(fd, gen, lay);

  // Packed stimulus in and outputs out, inside the batch loop.
  let off = 0;
  const loadLines = fd.inputs.map((p) => {
    const o = off;
    off += wordsOf(p.width);
    const to = slotRef(fd, lay, p.node);
    if (big(p.width)) return `${to} = BigInt.asUintN(${p.width}, BigInt(stim[b + ${o}]) | (BigInt(stim[b + ${o + 1}]) << 32n));`;
    return `${to} = ${maskN(`stim[b + ${o}]`, p.width)};`;
  });
  const inWords = off;
  off = 0;
  const storeLines = fd.outputs.map((p) => {
    const o = off;
    off += wordsOf(p.width);
    const x = valueRef(fd, lay, p.node);
    if (big(p.width)) return `out[q + ${o}] = Number(${x} & 0xffffffffn); out[q + ${o + 1}] = Number(${x} >> 32n);`;
    return `out[q + ${o}] = ${x};`;
  });
  const outWords = off;

  const streamCode = opts.stream ? streamFunction(fd, opts.stream, lay, settle, edge.call) : 'function runStream() { throw new Error("compiled without stream ports"); }';
  const signals = [...fd.named.entries()].map(([name, id]) => ({ name, width: nodes[id]!.width, id }));

  const code = `"use strict";
// Generated by dwtwin (src/kernel/sim/compile.ts). Design top: ${design.top.verilogName}
function parity32(x) { x ^= x >>> 16; x ^= x >>> 8; x ^= x >>> 4; x ^= x >>> 2; x ^= x >>> 1; return x & 1; }
function parity64(x) { return parity32(Number(x & 0xffffffffn) ^ Number(x >> 32n)); }
${fd.memories.map((_, i) => `const M${i} = mems[${i}];`).join('\n')}
const S = new Int32Array(${lay.sizeN}), NS = new Int32Array(${lay.stateN});
const B = new BigUint64Array(${lay.sizeB}), NB = new BigUint64Array(${lay.stateB});
${evalFns.join('\n')}
${edge.code}
function evalComb() { ${settle} }
function tick() {
evalComb(); // settle first: inputs may have been poked since the last eval
${edge.call}
evalComb();
}
function runBatch(cycles, stim, out) {
for (let c = 0, b = 0, q = 0; c < cycles; c++, b += ${inWords}, q += ${outWords}) {
${loadLines.join('\n')}
${settle}
${storeLines.join('\n')}
${edge.call}
}
evalComb();
}
${streamCode}
const setters = [${fd.inputs.map((p) => `(x) => { ${slotRef(fd, lay, p.node)} = x; }`).join(', ')}];
const getters = [${signals.map((s) => `() => ${s.width === 32 ? `${valueRef(fd, lay, s.id)} >>> 0` : valueRef(fd, lay, s.id)}`).join(', ')}];
return { evalComb, tick, runBatch, runStream, setters, getters };
`;
  const dumpDir = opts.dumpCode ?? process.env.DWTWIN_DUMP_SIM;
  if (dumpDir) {
    makeDir(dumpDir);
    writeFileSync(join(dumpDir, `${design.top.verilogName}.sim.js`), code);
  }

  const mems = fd.memories.map((m) => {
    const arr = big(m.width) ? new BigUint64Array(m.depth) : new Uint32Array(m.depth);
    m.init?.forEach((x, i) => {
      arr[i] = (big(m.width) ? x : Number(x)) as never;
    });
    return arr;
  });
  const rt = new Function('mems', code)(mems) as {
    evalComb(): void;
    tick(): void;
    runBatch(n: number, s: Uint32Array, o: Uint32Array): void;
    runStream(words: Uint32Array, responses: number, maxCycles: number): StreamResult;
    setters: ((x: number | bigint) => void)[];
    getters: (() => number | bigint)[];
  };

  const inputIndex = new Map(fd.inputs.map((p, i) => [p.name, i]));
  const signalIndex = new Map(signals.map((s, i) => [s.name, i]));
  const memIndex = new Map(fd.memories.map((m, i) => [m.name, i]));
  const fail = (what: string): never => {
    throw new Error(`simulation of '${design.top.verilogName}': ${what}`);
  };
  rt.evalComb();
  const sim: TsSim = {
    inputs: design.inputs,
    outputs: design.outputs,
    signals: signals.map((s) => ({ name: s.name, width: s.width })),
    flat: fd,
    code,
    poke(port, value) {
      const i = inputIndex.get(port) ?? fail(`no input '${port}' (inputs: ${[...inputIndex.keys()].join(', ')})`);
      const w = fd.inputs[i]!.width;
      const bv = BigInt.asUintN(w, BigInt(value));
      rt.setters[i]!(big(w) ? bv : Number(w === 32 ? BigInt.asIntN(32, bv) : bv));
    },
    peek(port) {
      const i = signalIndex.get(port) ?? fail(`no signal '${port}'`);
      return BigInt(rt.getters[i]!());
    },
    eval: () => rt.evalComb(),
    tick: () => rt.tick(),
    reset() {
      sim.poke('rst', 1);
      rt.evalComb();
      rt.tick();
      sim.poke('rst', 0);
      rt.evalComb();
    },
    runBatch(cycles, stim, out) {
      if (stim.length < cycles * inWords) fail(`stimulus holds ${stim.length} words, ${cycles} cycles need ${cycles * inWords}`);
      if (out.length < cycles * outWords) fail(`output buffer holds ${out.length} words, ${cycles} cycles need ${cycles * outWords}`);
      rt.runBatch(cycles, stim, out);
    },
    stream: (words, responses, maxCycles) => rt.runStream(words, responses, maxCycles),
    memory(name) {
      const i = memIndex.get(name) ?? fail(`no memory '${name}' (memories: ${[...memIndex.keys()].join(', ')})`);
      return mems[i]!;
    },
  };
  // Sanity: packing helpers agree with the generated layout.
  if (packedWords(design.inputs) !== inWords || packedWords(design.outputs) !== outWords) fail('packed layout mismatch');
  return sim;
}
