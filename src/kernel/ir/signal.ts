// Signals: nodes of a module's dataflow graph. Bits are untyped; signedness lives in the operator (Hardcaml
// style): add/sub/neg wrap, mul takes an explicit result width and a signedness, compares and right shifts come in
// unsigned and signed forms. Every node records the user's source location for build errors.
import { InputError } from '../../base/errors.ts';
import { userLocation } from './location.ts';
import type { ModuleBuilder } from './module.ts';

export const MAX_WIDTH = 64;

export type BinOp = 'add' | 'sub' | 'and' | 'or' | 'xor';
export type CmpOp = 'eq' | 'ne' | 'ult' | 'ule' | 'ugt' | 'uge' | 'slt' | 'sle' | 'sgt' | 'sge';
export type ShiftOp = 'shl' | 'shr' | 'sra';
export type ReduceOp = 'rand' | 'ror' | 'rxor';

/**
 * The combinational operators, generic over how operands are referenced: Signal in the IR, a node id in the
 * flattened simulation graph. (shiftc's amount is a constant, not an operand.)
 */
export type CombKind<T> =
  | { k: 'bin'; op: BinOp; a: T; b: T }
  | { k: 'mul'; signed: boolean; a: T; b: T }
  | { k: 'cmp'; op: CmpOp; a: T; b: T }
  | { k: 'not'; a: T }
  | { k: 'neg'; a: T }
  | { k: 'shiftc'; op: ShiftOp; a: T; amount: number }
  | { k: 'shiftv'; op: ShiftOp; a: T; amount: T }
  | { k: 'reduce'; op: ReduceOp; a: T }
  | { k: 'mux'; sel: T; cases: T[] } // cases[sel]; sel beyond the last case selects the last
  | { k: 'concat'; parts: T[] } // parts[0] is the most significant
  | { k: 'slice'; a: T; hi: number; lo: number }
  | { k: 'ext'; signed: boolean; a: T };

/** What a node computes. Operands are node references (Signal) of the same module. */
export type NodeKind =
  | { k: 'const'; value: bigint }
  | { k: 'input'; name: string }
  | { k: 'wire'; name: string } // assigned later (driver set by assign)
  | { k: 'reg'; name: string; reset: bigint }
  | { k: 'memread'; mem: number; port: number } // registered read data of memory `mem`
  | { k: 'instout'; inst: number; port: string }
  | CombKind<Signal>;

export type Operand = Signal | number | bigint;

/**
 * The combinational operands of a node kind, in a fixed order. Generic over the operand type so the IR (Signal
 * operands) and the flattened simulator graph (numeric ids, same field names) share one definition.
 */
export function operandsOf<T>(kind: { k: string }): T[] {
  const n = kind as unknown as { k: string; a: T; b: T; amount: T; sel: T; cases: T[]; parts: T[] };
  switch (n.k) {
    case 'bin':
    case 'mul':
    case 'cmp':
      return [n.a, n.b];
    case 'not':
    case 'neg':
    case 'shiftc':
    case 'reduce':
    case 'slice':
    case 'ext':
      return [n.a];
    case 'shiftv':
      return [n.a, n.amount];
    case 'mux':
      return [n.sel, ...n.cases];
    case 'concat':
      return n.parts;
    default:
      return [];
  }
}

export class Signal {
  /** A user-given name (ports, wires, registers, .named()); emitted and peekable under it. */
  name?: string;
  constructor(
    readonly module: ModuleBuilder,
    readonly id: number,
    readonly width: number,
    readonly kind: NodeKind,
    readonly loc: string,
  ) {}

  private err(what: string): never {
    throw new InputError(`module '${this.module.name}', ${this.describe()}: ${what} (at ${userLocation()})`);
  }

  /** Human-readable name for messages. */
  describe(): string {
    return this.name ? `signal '${this.name}'` : `${this.kind.k} node #${this.id} (built at ${this.loc})`;
  }

  /** Turn a number operand into a constant of this signal's width. */
  private operand(b: Operand, what: string): Signal {
    if (b instanceof Signal) {
      if (b.module !== this.module) this.err(`${what}: operand '${b.describe()}' belongs to module '${b.module.name}'`);
      return b;
    }
    return this.module.const(b, this.width);
  }

  private sameWidth(b: Operand, what: string): Signal {
    const s = this.operand(b, what);
    if (s.width !== this.width) this.err(`${what}: width mismatch: ${this.width} bits vs ${s.width} bits (${s.describe()})`);
    return s;
  }

  private node(width: number, kind: NodeKind): Signal {
    return this.module.addNode(width, kind);
  }

  add(b: Operand): Signal {
    return this.node(this.width, { k: 'bin', op: 'add', a: this, b: this.sameWidth(b, 'add') });
  }
  sub(b: Operand): Signal {
    return this.node(this.width, { k: 'bin', op: 'sub', a: this, b: this.sameWidth(b, 'sub') });
  }
  and(b: Operand): Signal {
    return this.node(this.width, { k: 'bin', op: 'and', a: this, b: this.sameWidth(b, 'and') });
  }
  or(b: Operand): Signal {
    return this.node(this.width, { k: 'bin', op: 'or', a: this, b: this.sameWidth(b, 'or') });
  }
  xor(b: Operand): Signal {
    return this.node(this.width, { k: 'bin', op: 'xor', a: this, b: this.sameWidth(b, 'xor') });
  }
  not(): Signal {
    return this.node(this.width, { k: 'not', a: this });
  }
  neg(): Signal {
    return this.node(this.width, { k: 'neg', a: this });
  }

  /** Product mod 2^width of the operands read as unsigned (or signed) numbers. Operand widths may differ. */
  mul(b: Signal, width: number, opts: { signed?: boolean } = {}): Signal {
    const s = this.operand(b, 'mul');
    this.checkWidth(width, 'mul result');
    return this.node(width, { k: 'mul', signed: opts.signed ?? false, a: this, b: s });
  }
  /** Signed product (two's complement operands). */
  smul(b: Signal, width: number): Signal {
    return this.mul(b, width, { signed: true });
  }

  private cmp(op: CmpOp, b: Operand): Signal {
    return this.node(1, { k: 'cmp', op, a: this, b: this.sameWidth(b, op) });
  }
  eq(b: Operand): Signal {
    return this.cmp('eq', b);
  }
  ne(b: Operand): Signal {
    return this.cmp('ne', b);
  }
  ult(b: Operand): Signal {
    return this.cmp('ult', b);
  }
  ule(b: Operand): Signal {
    return this.cmp('ule', b);
  }
  ugt(b: Operand): Signal {
    return this.cmp('ugt', b);
  }
  uge(b: Operand): Signal {
    return this.cmp('uge', b);
  }
  slt(b: Operand): Signal {
    return this.cmp('slt', b);
  }
  sle(b: Operand): Signal {
    return this.cmp('sle', b);
  }
  sgt(b: Operand): Signal {
    return this.cmp('sgt', b);
  }
  sge(b: Operand): Signal {
    return this.cmp('sge', b);
  }

  private shift(op: ShiftOp, amount: number | Signal): Signal {
    if (typeof amount === 'number') {
      if (!Number.isInteger(amount) || amount < 0) this.err(`${op}: shift amount must be a non-negative integer, got ${amount}`);
      return this.node(this.width, { k: 'shiftc', op, a: this, amount });
    }
    return this.node(this.width, { k: 'shiftv', op, a: this, amount: this.operand(amount, op) });
  }
  /** Logical left shift (by a constant or a signal); bits shifted out are lost. */
  shl(amount: number | Signal): Signal {
    return this.shift('shl', amount);
  }
  /** Logical right shift. */
  shr(amount: number | Signal): Signal {
    return this.shift('shr', amount);
  }
  /** Arithmetic right shift (sign bit replicated). */
  sra(amount: number | Signal): Signal {
    return this.shift('sra', amount);
  }

  reduceAnd(): Signal {
    return this.node(1, { k: 'reduce', op: 'rand', a: this });
  }
  reduceOr(): Signal {
    return this.node(1, { k: 'reduce', op: 'ror', a: this });
  }
  reduceXor(): Signal {
    return this.node(1, { k: 'reduce', op: 'rxor', a: this });
  }

  /** Bits hi..lo inclusive (hi >= lo). */
  slice(hi: number, lo: number): Signal {
    if (!Number.isInteger(hi) || !Number.isInteger(lo) || lo < 0 || hi < lo || hi >= this.width) {
      this.err(`slice [${hi}:${lo}] out of range for a ${this.width}-bit signal`);
    }
    if (lo === 0 && hi === this.width - 1) return this;
    return this.node(hi - lo + 1, { k: 'slice', a: this, hi, lo });
  }
  bit(i: number): Signal {
    return this.slice(i, i);
  }
  msb(): Signal {
    return this.bit(this.width - 1);
  }

  private checkWidth(w: number, what: string): void {
    if (!Number.isInteger(w) || w < 1 || w > MAX_WIDTH) this.err(`${what}: width must be an integer in 1..${MAX_WIDTH}, got ${w}`);
  }
  /** Zero-extend to `width` (>= current width). */
  uext(width: number): Signal {
    this.checkWidth(width, 'uext');
    if (width < this.width) this.err(`uext to ${width} bits would truncate a ${this.width}-bit signal (use slice)`);
    if (width === this.width) return this;
    return this.node(width, { k: 'ext', signed: false, a: this });
  }
  /** Sign-extend to `width` (>= current width). */
  sext(width: number): Signal {
    this.checkWidth(width, 'sext');
    if (width < this.width) this.err(`sext to ${width} bits would truncate a ${this.width}-bit signal (use slice)`);
    if (width === this.width) return this;
    return this.node(width, { k: 'ext', signed: true, a: this });
  }
  /** Zero-extend or truncate to `width`. */
  resize(width: number, opts: { signed?: boolean } = {}): Signal {
    if (width <= this.width) return this.slice(width - 1, 0);
    return opts.signed ? this.sext(width) : this.uext(width);
  }

  /** this ? a : b (this must be 1 bit). */
  mux(a: Operand, b: Operand): Signal {
    if (this.width !== 1) this.err(`mux select must be 1 bit, got ${this.width}`);
    // Non-negative number branches take the width they need; a narrower signal branch is zero-extended to it
    // (so state machines can write sel.mux(S.A, S.B) and nest such selections).
    const need = (x: Operand) => (x instanceof Signal ? x.width : x >= 0 ? Math.max(1, BigInt(x).toString(2).length) : 0);
    const w = Math.max(need(a), need(b));
    if (w === 0) this.err('mux: a negative constant needs a signal branch to give its width');
    const widen = (x: Operand) => (x instanceof Signal && x.width < w ? x.uext(w) : x);
    const ta = this.module.coerce(widen(a), w, 'mux');
    const tb = this.module.coerce(widen(b), w, 'mux');
    if (ta.width !== tb.width) this.err(`mux: branch widths differ: ${ta.width} vs ${tb.width}`);
    return this.node(w, { k: 'mux', sel: this, cases: [tb, ta] });
  }

  /** Give this signal a name: emitted as a named wire, peekable in simulation and shown in VCD. */
  named(name: string): Signal {
    this.module.nameSignal(this, name);
    return this;
  }
}
