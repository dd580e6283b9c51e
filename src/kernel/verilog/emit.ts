// Verilog-2005 emitter: one file per module (named after it, so Verilator's DECLFILENAME is happy), declarations
// first and continuous assignments after, user names kept for ports, registers, wires, memories and instances,
// generated names start with '_' (user names cannot). Deterministic: same description, same bytes. Only logic that
// reaches an output is emitted; bits that are partly unused are wrapped in targeted UNUSEDSIGNAL lint pragmas.
import type { Design, ElabModule } from '../ir/elaborate.ts';
import { stableJson } from '../../base/stable-json.ts';
import type { ModuleBuilder } from '../ir/module.ts';
import type { Signal } from '../ir/signal.ts';

export interface VerilogFile {
  name: string;
  text: string;
}

export interface VerilogOutput {
  top: string;
  /** One file per module, children before parents. */
  files: VerilogFile[];
}

const full = (w: number) => (1n << BigInt(w)) - 1n;
const range = (w: number) => (w === 1 ? '' : `[${w - 1}:0] `);
function literal(w: number, v: bigint): string {
  return w <= 32 ? `${w}'d${v}` : `${w}'h${v.toString(16)}`;
}

function emitModule(em: ElabModule): string {
  const b: ModuleBuilder = em.builder;
  const nodes = b.nodes;
  const live = new Uint8Array(nodes.length);
  const used = new Array<bigint>(nodes.length).fill(0n); // bits read by consumers
  const liveMems = new Set<number>();
  const liveInsts = new Set<number>();
  const work: Signal[] = [];
  const use = (s: Signal, mask = full(s.width)) => {
    used[s.id] = used[s.id]! | mask;
    if (!live[s.id]) {
      live[s.id] = 1;
      work.push(s);
    }
  };
  for (const o of b.outputs) use(o.driver!);
  while (work.length) {
    const s = work.pop()!;
    const k = s.kind;
    switch (k.k) {
      case 'wire':
        use(b.wires.get(s)!.driver!);
        break;
      case 'reg': {
        const r = b.regs.get(s)!;
        use(r.next!);
        if (r.enable) use(r.enable);
        break;
      }
      case 'memread': {
        const m = b.mems[k.mem]!;
        use(m.reads[k.port]!.addr);
        if (!liveMems.has(k.mem)) {
          liveMems.add(k.mem);
          for (const w of m.writes) (use(w.addr), use(w.data), use(w.enable));
        }
        break;
      }
      case 'instout':
        if (!liveInsts.has(k.inst)) {
          liveInsts.add(k.inst);
          for (const sig of b.instances[k.inst]!.inputs.values()) use(sig);
        }
        break;
      case 'bin':
      case 'cmp':
        use(k.a);
        use(k.b);
        break;
      case 'mul':
        use(k.a, k.a.width > s.width ? full(s.width) : undefined);
        use(k.b, k.b.width > s.width ? full(s.width) : undefined);
        break;
      case 'not':
      case 'neg':
      case 'reduce':
      case 'ext':
        use(k.a);
        break;
      case 'shiftc': {
        const w = s.width;
        const sh = Math.min(k.amount, w);
        if (k.op === 'shl') {
          if (sh < w) use(k.a, full(w - sh));
        } else if (k.op === 'shr') {
          if (sh < w) use(k.a, full(w) ^ full(sh));
        } else use(k.a, full(w) ^ full(Math.min(sh, w - 1)));
        break;
      }
      case 'shiftv':
        use(k.a);
        use(k.amount);
        break;
      case 'mux':
        use(k.sel);
        k.cases.forEach((c) => use(c));
        break;
      case 'concat':
        k.parts.forEach((p) => use(p));
        break;
      case 'slice':
        use(k.a, full(k.hi + 1) ^ full(k.lo));
        break;
      default:
        break;
    }
  }
  const rstUsed = [...b.regs.keys()].some((r) => live[r.id]);
  const usesClock = rstUsed || liveMems.size > 0 || liveInsts.size > 0;

  // Names: user names where given, generated ones otherwise.
  const name = (s: Signal): string => s.name ?? `_t${s.id}`;
  const instOutName = (inst: number, port: string) => `_${b.instances[inst]!.name}_${port}`;
  const ref = (s: Signal): string => {
    const k = s.kind;
    if (k.k === 'const') return literal(s.width, k.value);
    if (k.k === 'instout' && !s.name) return instOutName(k.inst, k.port);
    return name(s);
  };
  const constOf = (s: Signal): bigint | undefined => (s.kind.k === 'const' ? s.kind.value : undefined);
  const bits = (s: Signal, hi: number, lo: number): string => {
    const c = constOf(s);
    if (c !== undefined) return literal(hi - lo + 1, (c >> BigInt(lo)) & full(hi - lo + 1));
    if (s.width === 1) return ref(s);
    return hi === lo ? `${ref(s)}[${hi}]` : `${ref(s)}[${hi}:${lo}]`;
  };
  /** `s` extended (zero or sign) or truncated to exactly w bits. */
  const fit = (s: Signal, w: number, signed: boolean): string => {
    const c = constOf(s);
    if (c !== undefined) {
      const v = signed ? BigInt.asUintN(w, BigInt.asIntN(s.width, c)) : BigInt.asUintN(w, c);
      return literal(w, v);
    }
    if (s.width === w) return ref(s);
    if (s.width > w) return bits(s, w - 1, 0);
    const n = w - s.width;
    return signed ? `{{${n}{${bits(s, s.width - 1, s.width - 1)}}}, ${ref(s)}}` : `{${literal(n, 0n)}, ${ref(s)}}`;
  };

  const exprOf = (s: Signal): string => {
    const k = s.kind;
    const w = s.width;
    switch (k.k) {
      case 'wire':
        return ref(b.wires.get(s)!.driver!);
      case 'bin':
        return `${ref(k.a)} ${{ add: '+', sub: '-', and: '&', or: '|', xor: '^' }[k.op]} ${ref(k.b)}`;
      case 'mul':
        // Signed: the sign-extended operands marked $signed, so yosys sees a signed product and its wreduce drops
        // the copies of the sign bit (a 16 x 10 signed product is one SB_MAC16, not three 16 x 16 pieces of a 22 x
        // 22 unsigned one). The value is the same: both are the product mod 2^w.
        return k.signed ? `$signed(${fit(k.a, w, true)}) * $signed(${fit(k.b, w, true)})` : `${fit(k.a, w, false)} * ${fit(k.b, w, false)}`;
      case 'cmp': {
        const op = { eq: '==', ne: '!=', ult: '<', ule: '<=', ugt: '>', uge: '>=', slt: '<', sle: '<=', sgt: '>', sge: '>=' }[k.op];
        if (k.op[0] !== 's') return `${ref(k.a)} ${op} ${ref(k.b)}`;
        // Signed order as unsigned order with the sign bits flipped (the same relation on two's complement), not
        // $signed: Verilator 5.006's constant folding gets `$signed(c ? x : 0) >= $signed(0)` wrong when c folds to
        // 0 through a slice of a zero-extended value (found by `dwtwin fuzz --designs 10000 --seed 18`, designs
        // 3429, 5076, 7138; iverilog and -fno-const agree with the TypeScript simulation). Synthesis: one inverter.
        const flip = literal(k.a.width, 1n << BigInt(k.a.width - 1));
        return `(${ref(k.a)} ^ ${flip}) ${op} (${ref(k.b)} ^ ${flip})`;
      }
      case 'not':
        return `~${ref(k.a)}`;
      case 'neg':
        return `-${ref(k.a)}`;
      case 'shiftc': {
        const a = k.a;
        const sh = k.amount;
        if (k.op === 'shl') return sh >= w ? literal(w, 0n) : sh === 0 ? ref(a) : `{${bits(a, w - 1 - sh, 0)}, ${literal(sh, 0n)}}`;
        if (k.op === 'shr') return sh >= w ? literal(w, 0n) : sh === 0 ? ref(a) : `{${literal(sh, 0n)}, ${bits(a, w - 1, sh)}}`;
        const t = Math.min(sh, w - 1);
        return t === 0 ? ref(a) : `{{${t}{${bits(a, w - 1, w - 1)}}}, ${bits(a, w - 1, t)}}`;
      }
      case 'shiftv':
        if (k.op === 'sra') return `$signed(${ref(k.a)}) >>> ${ref(k.amount)}`;
        return `${ref(k.a)} ${k.op === 'shl' ? '<<' : '>>'} ${ref(k.amount)}`;
      case 'reduce':
        return `${{ rand: '&', ror: '|', rxor: '^' }[k.op]}${ref(k.a)}`;
      case 'mux': {
        // (a wider selector with two cases takes the chain below: `sel ? a : b` on a multi-bit sel is a lint warning)
        if (k.cases.length === 2 && k.sel.width === 1) return `${ref(k.sel)} ? ${ref(k.cases[1]!)} : ${ref(k.cases[0]!)}`;
        let e = ref(k.cases[k.cases.length - 1]!);
        for (let i = k.cases.length - 2; i >= 0; i--) e = `(${ref(k.sel)} == ${literal(k.sel.width, BigInt(i))}) ? ${ref(k.cases[i]!)} : ${e}`;
        return e;
      }
      case 'concat':
        return `{${k.parts.map(ref).join(', ')}}`;
      case 'slice':
        return bits(k.a, k.hi, k.lo);
      case 'ext':
        return fit(k.a, w, k.signed);
      default:
        throw new Error(`no expression for ${k.k}`);
    }
  };

  const lintWrap = (partial: boolean, line: string) =>
    partial ? `/* verilator lint_off UNUSEDSIGNAL */\n${line}\n/* verilator lint_on UNUSEDSIGNAL */` : line;
  const partial = (s: Signal) => used[s.id] !== full(s.width);

  const out: string[] = [];
  out.push(`// Generated by dwtwin from module definition '${em.defName}' (defined at ${em.def.loc}).`);
  out.push(`// Parameters: ${stableJson(em.params)}. Do not edit: regenerate from the TypeScript description.`);
  out.push(`module ${em.verilogName} (`);
  const ports: string[] = [];
  ports.push(usesClock ? '  input wire clk' : '  /* verilator lint_off UNUSEDSIGNAL */\n  input wire clk');
  ports.push(rstUsed ? '  input wire rst' : `${usesClock ? '  /* verilator lint_off UNUSEDSIGNAL */\n' : ''}  input wire rst`);
  let offOpen = !usesClock || !rstUsed;
  for (const p of b.inputs) {
    const needOff = !live[p.node.id] || partial(p.node);
    let prefix = '';
    if (needOff && !offOpen) prefix = '  /* verilator lint_off UNUSEDSIGNAL */\n';
    if (!needOff && offOpen) prefix = '  /* verilator lint_on UNUSEDSIGNAL */\n';
    offOpen = needOff;
    ports.push(`${prefix}  input wire ${range(p.width)}${p.name}`);
  }
  for (const o of b.outputs) {
    const prefix = offOpen ? '  /* verilator lint_on UNUSEDSIGNAL */\n' : '';
    offOpen = false;
    ports.push(`${prefix}  output wire ${range(o.width)}${o.name}`);
  }
  out.push(ports.join(',\n') + (offOpen ? '\n  /* verilator lint_on UNUSEDSIGNAL */' : ''));
  out.push(');');

  const decls: string[] = [];
  const stmts: string[] = [];
  const seqs: string[] = [];
  const inits: string[] = [];
  for (const s of nodes) {
    if (!live[s.id]) continue;
    const k = s.kind;
    if (k.k === 'const' || k.k === 'input') continue;
    if (k.k === 'reg') {
      const r = b.regs.get(s)!;
      decls.push(lintWrap(partial(s), `reg ${range(s.width)}${name(s)};`));
      inits.push(`  ${name(s)} = ${literal(s.width, 0n)};`);
      const nextLine = r.enable ? `  else if (${ref(r.enable)}) ${name(s)} <= ${ref(r.next!)};` : `  else ${name(s)} <= ${ref(r.next!)};`;
      seqs.push(`always @(posedge clk) begin\n  if (rst) ${name(s)} <= ${literal(s.width, k.reset)};\n${nextLine}\nend`);
      continue;
    }
    if (k.k === 'memread') {
      const m = b.mems[k.mem]!;
      decls.push(lintWrap(partial(s), `reg ${range(s.width)}${name(s)};`));
      inits.push(`  ${name(s)} = ${literal(s.width, 0n)};`);
      seqs.push(`always @(posedge clk) begin\n  ${name(s)} <= ${m.name}[${ref(m.reads[k.port]!.addr)}];\nend`);
      continue;
    }
    if (k.k === 'instout') {
      if (s.name) {
        decls.push(lintWrap(partial(s), `wire ${range(s.width)}${s.name};`));
        stmts.push(`assign ${s.name} = ${instOutName(k.inst, k.port)};`);
      }
      continue;
    }
    decls.push(lintWrap(partial(s), `wire ${range(s.width)}${name(s)};`));
    stmts.push(`assign ${name(s)} = ${exprOf(s)};`);
  }
  b.mems.forEach((m, i) => {
    if (!liveMems.has(i)) return;
    decls.push(`reg ${range(m.width)}${m.name} [0:${m.depth - 1}];`);
    const w = m.writes[0];
    if (w) seqs.push(`always @(posedge clk) begin\n  if (${ref(w.enable)}) ${m.name}[${ref(w.addr)}] <= ${ref(w.data)};\nend`);
    inits.push(`  for (_i = 0; _i < ${m.depth}; _i = _i + 1) ${m.name}[_i] = ${literal(m.width, 0n)};`);
    m.init?.forEach((v, a) => {
      if (v !== 0n) inits.push(`  ${m.name}[${a}] = ${literal(m.width, v)};`);
    });
  });
  const insts: string[] = [];
  b.instances.forEach((inst, i) => {
    if (!liveInsts.has(i)) return;
    const childRst = inst.inputs.get('rst');
    const conns = ['    .clk(clk)', `    .rst(${childRst ? ref(childRst) : 'rst'})`];
    for (const p of inst.child.inputs) conns.push(`    .${p.name}(${ref(inst.inputs.get(p.name)!)})`);
    for (const p of inst.child.outputs) {
      const sig = inst.outputs.get(p.name);
      const usedHere = sig && live[sig.id] ? !partial(sig) : false;
      decls.push(lintWrap(!usedHere, `wire ${range(p.width)}${instOutName(i, p.name)};`));
      conns.push(`    .${p.name}(${instOutName(i, p.name)})`);
    }
    insts.push(`${(inst.child as ElabModule).verilogName} ${inst.name} (\n${conns.join(',\n')}\n);`);
  });
  if (liveMems.size) decls.push('integer _i;');
  for (const o of b.outputs) stmts.push(`assign ${o.name} = ${ref(o.driver!)};`);

  const body: string[] = [];
  if (decls.length) body.push(decls.join('\n'));
  if (inits.length) body.push(`// Zero initial state, so every simulator and the FPGA start from the same state.\ninitial begin\n${inits.join('\n')}\nend`);
  if (stmts.length) body.push(stmts.join('\n'));
  if (seqs.length) body.push(seqs.join('\n'));
  if (insts.length) body.push(insts.join('\n'));
  out.push(body.join('\n\n'));
  out.push('endmodule');
  return out.join('\n') + '\n';
}

export function emitVerilog(design: Design): VerilogOutput {
  return {
    top: design.top.verilogName,
    files: design.modules.map((m) => ({ name: `${m.verilogName}.v`, text: emitModule(m) })),
  };
}
