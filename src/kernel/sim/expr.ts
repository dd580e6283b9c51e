// The JavaScript expression of one combinational node of a flattened design, in the simulator's value
// representation: widths up to 32 bits are JS numbers (below 32 non-negative small integers; width 32 kept as an
// int32, its signed view, so V8 never boxes it as a heap double; u() gives the unsigned view where an operator needs
// it), 33..64 bits are BigInt.
import type { FlatDesign } from './flatten.ts';

export const big = (w: number) => w > 32;
export const hex = (n: number) => '0x' + n.toString(16);
/** Reduce a number expression known to be an integer to `w` unsigned bits. */
export function maskN(expr: string, w: number): string {
  return w === 32 ? `((${expr}) | 0)` : `((${expr}) & ${hex(2 ** w - 1)})`;
}
/** Literal of a number-represented value (width 32 in its int32 view). */
export function litN(v: bigint, w: number): string {
  return String(w === 32 ? Number(BigInt.asIntN(32, v)) : Number(v));
}
/**
 * A BigInt-valued choice (a phi in V8's graph). Node 20's TurboFan (V8 11.3) aborts the process with
 * "RepresentationChangerError: Phi of kRepTagged (UnsignedBigInt64) cannot be changed to kRepWord64" when such a phi
 * feeds a 64-bit-truncated shift right (e.g. a slice of a mux of two BigInt.asUintN values); passing the phi
 * through BigInt.asUintN first is exact (the value already has w bits) and compiles.
 */
export function bigPhi(w: number, choice: string): string {
  return `BigInt.asUintN(${w}, ${choice})`;
}
/** Sign-extend a w-bit unsigned number expression to an int32. */
function sextN(expr: string, w: number): string {
  return w === 32 ? `((${expr}) | 0)` : `(((${expr}) << ${32 - w}) >> ${32 - w})`;
}

/** JS expression computing node `id` from the variables of its operands. */
export function expr(fd: FlatDesign, id: number, v: (id: number) => string): string {
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
      // and/or/xor of two values in the representation stay in it (w-bit non-negative, or int32 at 32): no mask.
      if (k.op !== 'add' && k.op !== 'sub') return `(${a} ${{ and: '&', or: '|', xor: '^' }[k.op]} ${b})`;
      return maskN(`${a} ${k.op === 'add' ? '+' : '-'} ${b}`, w);
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
      if (k.op === 'shl') return big(w) ? bigPhi(w, `${sh} >= ${w} ? 0n : BigInt.asUintN(${w}, ${a} << BigInt(${sh}))`) : `(${sh} >= ${w} ? 0 : ${maskN(`${a} << ${sh}`, w)})`;
      if (k.op === 'shr') return big(w) ? bigPhi(w, `${sh} >= ${w} ? 0n : ${a} >> BigInt(${sh})`) : `(${sh} >= ${w} ? 0 : ${maskN(`${a} >>> ${sh}`, w)})`;
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
      let e: string;
      if (k.cases.length === 2) e = `(${sel} ${bs ? '!== 0n' : ''} ? ${v(k.cases[1]!)} : ${v(k.cases[0]!)})`;
      else {
        e = v(k.cases[k.cases.length - 1]!);
        for (let i = k.cases.length - 2; i >= 0; i--) e = `(${sel} === ${i}${bs ? 'n' : ''} ? ${v(k.cases[i]!)} : ${e})`;
      }
      return big(w) ? bigPhi(w, e) : e;
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
