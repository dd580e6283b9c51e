// Compile a flattened design to straight-line JavaScript: levelised combinational logic, then two-phase register
// and memory updates. Values up to 32 bits are plain JS numbers (unsigned), 33..64 bits are BigInt. The hot loop
// (runBatch) keeps every value in function locals; there is no per-node interpretation at run time.
// Representation: widths below 32 are non-negative small integers; width 32 is kept as an int32 (its signed view),
// so V8 never boxes it as a heap double; u() gives the unsigned view where an operator needs it.
// Set DWTWIN_DUMP_SIM=DIR (or opts.dumpCode) to write the generated code for debugging.
import { writeFileSync } from 'node:fs';
import { makeDir } from '../../base/make-dir.ts';
import { join } from 'node:path';
import type { Design } from '../ir/elaborate.ts';
import { operandsOf } from '../ir/signal.ts';
import { type CycleSim, packedWords, wordsOf } from './cyclesim.ts';
import { flatten, type FlatDesign, type FlatNode } from './flatten.ts';
import type { StreamPorts, StreamResult } from './stream.ts';

const big = (w: number) => w > 32;
const hex = (n: number) => '0x' + n.toString(16);
/** Reduce a number expression known to be an integer to `w` unsigned bits. */
function maskN(expr: string, w: number): string {
  return w === 32 ? `((${expr}) | 0)` : `((${expr}) & ${hex(2 ** w - 1)})`;
}
/** Literal of a number-represented value (width 32 in its int32 view). */
function litN(v: bigint, w: number): string {
  return String(w === 32 ? Number(BigInt.asIntN(32, v)) : Number(v));
}
/** Sign-extend a w-bit unsigned number expression to an int32. */
function sextN(expr: string, w: number): string {
  return w === 32 ? `((${expr}) | 0)` : `(((${expr}) << ${32 - w}) >> ${32 - w})`;
}

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

/** JS expression computing node `id` from the variables of its operands. */
function expr(fd: FlatDesign, id: number, v: (id: number) => string): string {
  const n = fd.nodes[id]!;
  const w = n.width;
  const k = n.kind;
  const W = (x: number) => fd.nodes[x]!.width;
  const u = (x: number) => (W(x) === 32 ? `(${v(x)} >>> 0)` : v(x));
  const toBig = (x: number) => (big(W(x)) ? v(x) : `BigInt(${u(x)})`);
  const low32 = (x: number) => (big(W(x)) ? `Number(BigInt.asIntN(32, ${v(x)}))` : v(x));
  switch (k.k) {
    case 'bin': {
      const a = v(k.a);
      const b = v(k.b);
      if (big(w)) {
        if (k.op === 'add') return `BigInt.asUintN(${w}, ${a} + ${b})`;
        if (k.op === 'sub') return `BigInt.asUintN(${w}, ${a} - ${b})`;
        return `(${a} ${k.op === 'and' ? '&' : k.op === 'or' ? '|' : '^'} ${b})`;
      }
      const op = { add: '+', sub: '-', and: '&', or: '|', xor: '^' }[k.op];
      return maskN(`${a} ${op} ${b}`, w);
    }
    case 'mul': {
      if (!big(w)) {
        const ext = (x: number) => (k.signed && W(x) < 32 && !big(W(x)) ? sextN(v(x), W(x)) : low32(x));
        return maskN(`Math.imul(${ext(k.a)}, ${ext(k.b)})`, w);
      }
      const opnd = (x: number) => (k.signed ? `BigInt.asIntN(${W(x)}, ${toBig(x)})` : toBig(x));
      return `BigInt.asUintN(${w}, ${opnd(k.a)} * ${opnd(k.b)})`;
    }
    case 'cmp': {
      const wa = W(k.a);
      let a = v(k.a);
      let b = v(k.b);
      if (k.op[0] === 's') {
        a = big(wa) ? `BigInt.asIntN(${wa}, ${a})` : sextN(a, wa);
        b = big(wa) ? `BigInt.asIntN(${wa}, ${b})` : sextN(b, wa);
      } else if (k.op !== 'eq' && k.op !== 'ne') {
        a = u(k.a);
        b = u(k.b);
      }
      const op = { eq: '===', ne: '!==', ult: '<', ule: '<=', ugt: '>', uge: '>=', slt: '<', sle: '<=', sgt: '>', sge: '>=' }[k.op];
      return `(${a} ${op} ${b} ? 1 : 0)`;
    }
    case 'not':
      return big(w) ? `(${v(k.a)} ^ ${(1n << BigInt(w)) - 1n}n)` : maskN(`~${v(k.a)}`, w);
    case 'neg':
      return big(w) ? `BigInt.asUintN(${w}, -${v(k.a)})` : maskN(`0 - ${v(k.a)}`, w);
    case 'shiftc': {
      const a = v(k.a);
      const s = k.amount;
      if (k.op === 'shl') {
        if (s >= w) return big(w) ? '0n' : '0';
        return big(w) ? `BigInt.asUintN(${w}, ${a} << ${s}n)` : maskN(`${a} << ${s}`, w);
      }
      if (k.op === 'shr') {
        if (s >= w) return big(w) ? '0n' : '0';
        if (s === 0) return a;
        return big(w) ? `(${a} >> ${s}n)` : `(${a} >>> ${s})`;
      }
      const t = Math.min(s, w - 1);
      return big(w) ? `BigInt.asUintN(${w}, BigInt.asIntN(${w}, ${a}) >> ${t}n)` : maskN(`${sextN(a, w)} >> ${t}`, w);
    }
    case 'shiftv': {
      const a = v(k.a);
      const wa = W(k.amount);
      // Shift amount as a number, saturated at 64 (any amount >= width gives the same result).
      const sh = big(wa) ? `Number(${v(k.amount)} > 64n ? 64n : ${v(k.amount)})` : u(k.amount);
      if (k.op === 'shl') return big(w) ? `(${sh} >= ${w} ? 0n : BigInt.asUintN(${w}, ${a} << BigInt(${sh})))` : `(${sh} >= ${w} ? 0 : ${maskN(`${a} << ${sh}`, w)})`;
      if (k.op === 'shr') return big(w) ? `(${sh} >= ${w} ? 0n : ${a} >> BigInt(${sh}))` : `(${sh} >= ${w} ? 0 : ${maskN(`${a} >>> ${sh}`, w)})`;
      return big(w)
        ? `BigInt.asUintN(${w}, BigInt.asIntN(${w}, ${a}) >> BigInt(Math.min(${sh}, ${w - 1})))`
        : maskN(`${sextN(a, w)} >> Math.min(${sh}, ${w - 1})`, w);
    }
    case 'reduce': {
      const wa = W(k.a);
      const a = v(k.a);
      if (k.op === 'rand') return `(${a} === ${big(wa) ? `${(1n << BigInt(wa)) - 1n}n` : wa === 32 ? '-1' : hex(2 ** wa - 1)} ? 1 : 0)`;
      if (k.op === 'ror') return `(${a} !== ${big(wa) ? '0n' : '0'} ? 1 : 0)`;
      return big(wa) ? `parity64(${a})` : `parity32(${a})`;
    }
    case 'mux': {
      const sel = v(k.sel);
      const bs = big(W(k.sel));
      if (k.cases.length === 2) return `(${sel} ${bs ? '!== 0n' : ''} ? ${v(k.cases[1]!)} : ${v(k.cases[0]!)})`;
      let e = v(k.cases[k.cases.length - 1]!);
      for (let i = k.cases.length - 2; i >= 0; i--) e = `(${sel} === ${i}${bs ? 'n' : ''} ? ${v(k.cases[i]!)} : ${e})`;
      return e;
    }
    case 'concat': {
      let shift = w;
      const terms: string[] = [];
      for (const p of k.parts) {
        shift -= W(p);
        if (big(w)) terms.push(shift ? `(${toBig(p)} << ${shift}n)` : toBig(p));
        else terms.push(shift ? `(${v(p)} << ${shift})` : v(p));
      }
      return big(w) ? `(${terms.join(' | ')})` : `((${terms.join(' | ')}) | 0)`;
    }
    case 'slice': {
      const a = v(k.a);
      if (big(W(k.a))) {
        const sh = k.lo ? `(${a} >> ${k.lo}n)` : a;
        return big(w) ? `BigInt.asUintN(${w}, ${sh})` : w === 32 ? `Number(BigInt.asIntN(32, ${sh}))` : `Number(BigInt.asUintN(${w}, ${sh}))`;
      }
      return `((${a} >>> ${k.lo}) & ${hex(2 ** w - 1)})`;
    }
    case 'ext': {
      const wa = W(k.a);
      const a = v(k.a);
      if (!k.signed) return big(w) && !big(wa) ? `BigInt(${u(k.a)})` : a;
      if (!big(w)) return maskN(sextN(a, wa), w);
      return big(wa) ? `BigInt.asUintN(${w}, BigInt.asIntN(${wa}, ${a}))` : `BigInt.asUintN(${w}, BigInt(${sextN(a, wa)}))`;
    }
    default:
      throw new Error(`not a combinational node: ${k.k}`);
  }
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
function streamFunction(fd: FlatDesign, sp: StreamPorts, v: (id: number) => string, evalBody: string, tickBody: string): string {
  const inPort = (name: string, width?: number) => {
    const i = fd.inputs.findIndex((p) => p.name === name);
    if (i < 0) throw new Error(`stream: the design has no input '${name}'`);
    if (width !== undefined && fd.inputs[i]!.width !== width) throw new Error(`stream: input '${name}' must be ${width} bits`);
    return `i${i}`;
  };
  const outPort = (name: string, width?: number) => {
    const o = fd.outputs.find((p) => p.name === name);
    if (!o) throw new Error(`stream: the design has no output '${name}'`);
    if (width !== undefined && o.width !== width) throw new Error(`stream: output '${name}' must be ${width} bits`);
    return v(o.node);
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
${evalBody}
const take = ${inPort(sp.inValid, 1)} & ${outPort(sp.inReady, 1)};
if (${outPort(sp.outValid, 1)}) {
  const w = ${outPort(sp.outData)} >>> 0;
  out.push(w);
  if (left < 0) left = w & ${sp.lengthMask}; else left--;
  if (left === 0) { done++; left = -1; }
}
${tickBody}
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
  const { order, regs, memreads } = schedule(fd);
  const { nodes } = fd;
  const zero = (id: number) => (big(nodes[id]!.width) ? '0n' : '0');
  // Variable naming: inputs i<port>, state s<id>, combinational values c<id>, constants inline.
  const v = (id: number): string => {
    const k = nodes[id]!.kind;
    if (k.k === 'const') return big(nodes[id]!.width) ? `${k.value}n` : litN(k.value, nodes[id]!.width);
    if (k.k === 'input') return `i${k.port}`;
    if (k.k === 'reg' || k.k === 'memread') return `s${id}`;
    return `c${id}`;
  };
  const stateVars = [...regs, ...memreads];
  const inputVars = fd.inputs.map((p, i) => ({ name: `i${i}`, width: p.width }));
  const combVars = order.map((id) => `c${id}`);

  const evalBody = order.map((id) => `c${id} = ${expr(fd, id, v)};`).join('\n');
  const tickLines: string[] = [];
  for (const id of regs) {
    const k = nodes[id]!.kind as { reset: bigint; next: number; enable: number; rst: number };
    const rstVar = v(k.rst); // the top's rst, or the signal a parent resets this instance with
    const rv = big(nodes[id]!.width) ? `${k.reset}n` : litN(k.reset, nodes[id]!.width);
    const en = k.enable >= 0 ? `${v(k.enable)} ? ${v(k.next)} : s${id}` : v(k.next);
    tickLines.push(`const n${id} = ${rstVar} ? ${rv} : ${en};`);
  }
  for (const id of memreads) {
    const k = nodes[id]!.kind as { mem: number; addr: number };
    tickLines.push(`const n${id} = M${k.mem}[${v(k.addr)}]${nodes[id]!.width === 32 ? ' | 0' : ''};`);
  }
  fd.memories.forEach((m, i) => {
    if (m.write) tickLines.push(`if (${v(m.write.enable)}) M${i}[${v(m.write.addr)}] = ${v(m.write.data)};`);
  });
  for (const id of stateVars) tickLines.push(`s${id} = n${id};`);
  const tickBody = tickLines.join('\n');

  // Packed stimulus in and outputs out, inside the batch loop.
  let off = 0;
  const loadLines = fd.inputs.map((p, i) => {
    const o = off;
    off += wordsOf(p.width);
    if (big(p.width)) return `i${i} = BigInt.asUintN(${p.width}, BigInt(stim[b + ${o}]) | (BigInt(stim[b + ${o + 1}]) << 32n));`;
    return `i${i} = ${maskN(`stim[b + ${o}]`, p.width)};`;
  });
  const inWords = off;
  off = 0;
  const storeLines = fd.outputs.map((p) => {
    const o = off;
    off += wordsOf(p.width);
    if (big(p.width)) return `out[q + ${o}] = Number(${v(p.node)} & 0xffffffffn); out[q + ${o + 1}] = Number(${v(p.node)} >> 32n);`;
    return `out[q + ${o}] = ${v(p.node)};`;
  });
  const outWords = off;

  const streamCode = opts.stream ? streamFunction(fd, opts.stream, v, evalBody, tickBody) : 'function runStream() { throw new Error("compiled without stream ports"); }';
  const declare = (names: { name: string; init: string }[]) => (names.length ? `let ${names.map((x) => `${x.name} = ${x.init}`).join(', ')};` : '');
  const allVars = [
    ...inputVars.map((x) => ({ name: x.name, init: big(x.width) ? '0n' : '0' })),
    ...stateVars.map((id) => ({ name: `s${id}`, init: zero(id) })),
    ...order.map((id) => ({ name: `c${id}`, init: zero(id) })),
  ];
  const persistent = [...inputVars.map((x) => x.name), ...stateVars.map((id) => `s${id}`), ...combVars];
  const signals = [...fd.named.entries()].map(([name, id]) => ({ name, width: nodes[id]!.width, id }));

  const code = `"use strict";
// Generated by dwtwin (src/kernel/sim/compile.ts). Design top: ${design.top.verilogName}
function parity32(x) { x ^= x >>> 16; x ^= x >>> 8; x ^= x >>> 4; x ^= x >>> 2; x ^= x >>> 1; return x & 1; }
function parity64(x) { return parity32(Number(x & 0xffffffffn) ^ Number(x >> 32n)); }
${fd.memories.map((_, i) => `const M${i} = mems[${i}];`).join('\n')}
${declare(allVars)}
function evalComb() {
${evalBody}
}
function tick() {
evalComb(); // settle first: inputs may have been poked since the last eval
${tickBody}
evalComb();
}
function runBatch(cycles, stim, out) {
// Locals shadow the closure state inside the loop: V8 keeps them in registers.
${declare(persistent.map((x) => ({ name: `L_${x}`, init: x })))}
${persistent.length ? `{ let ${persistent.map((x) => `${x} = L_${x}`).join(', ')};
for (let c = 0, b = 0, q = 0; c < cycles; c++, b += ${inWords}, q += ${outWords}) {
${loadLines.join('\n')}
${evalBody}
${storeLines.join('\n')}
${tickBody}
}
${persistent.map((x) => `L_${x} = ${x};`).join(' ')} }
${persistent.map((x) => `${x} = L_${x};`).join(' ')}` : ''}
evalComb();
}
${streamCode}
const setters = [${inputVars.map((x) => `(x) => { ${x.name} = x; }`).join(', ')}];
const getters = [${signals.map((s) => `() => ${s.width === 32 ? `${v(s.id)} >>> 0` : v(s.id)}`).join(', ')}];
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
