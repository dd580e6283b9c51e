// Procedural-style register updates for state machines described in the kernel's dataflow IR: `set(r, cond, v)`
// statements in program order, the last true one wins (as consecutive non-blocking assignments in a Verilog
// always block); `finish()` builds each register's next-value multiplexer. `next(r)` is that value as a signal,
// for memories read one cycle ahead (read address = the index's next value, so the data matches the index).
import type { ModuleBuilder, Operand, Register, Signal, Wire } from '../../kernel/index.ts';

export class Seq {
  private readonly list = new Map<Register, { conds: [Signal, Operand][]; next: Wire }>();
  private done = false;
  constructor(private readonly m: ModuleBuilder) {}

  reg(name: string, width: number, reset = 0): Register {
    const r = this.m.reg(name, width, { reset });
    this.list.set(r, { conds: [], next: this.m.wire(`${name}_n`, width) });
    return r;
  }

  set(r: Register, cond: Signal, v: Operand): void {
    if (this.done) throw new Error('Seq.set after finish');
    this.list.get(r)!.conds.push([cond, v]);
  }

  /** The register's next value (valid once finish() has run; usable before as a wire). */
  next(r: Register): Signal {
    return this.list.get(r)!.next;
  }

  finish(): void {
    this.done = true;
    for (const [r, { conds, next }] of this.list) {
      let e: Signal = r;
      for (const [c, v] of conds) e = c.mux(typeof v === 'number' || typeof v === 'bigint' ? this.m.const(v, r.width) : v.resize(r.width), e);
      next.assign(e);
      r.next(next);
    }
  }
}

/** x * c for a constant c >= 0 as shifts and adds (no multiplier: small FPGAs spend DSPs on every `*`). */
export function mulConst(x: Signal, c: number, width: number): Signal {
  const m = x.module;
  let acc: Signal | undefined;
  const xw = x.resize(width);
  for (let b = 0; 2 ** b <= c; b++) {
    if (Math.floor(c / 2 ** b) % 2 === 0) continue;
    const t = b === 0 ? xw : xw.shl(b);
    acc = acc ? acc.add(t) : t;
  }
  return acc ?? m.const(0, width);
}

/** Number of 1s among 1-bit signals, `width` bits wide. */
export function popcount(bits: Signal[], width: number): Signal {
  let sum = bits[0]!.module.const(0, width);
  for (const b of bits) sum = sum.add(b.uext(width));
  return sum;
}

/** |x| of a two's complement signal (same width; the most negative value maps to itself). */
export function abs(x: Signal): Signal {
  return x.msb().mux(x.neg(), x);
}

/** Signed clamp of `x` (signed, wide enough) to [0, top], result `width` bits. */
export function clampTo(x: Signal, top: number, width: number): Signal {
  const w = x.width;
  const neg = x.msb();
  const over = x.sgt(x.module.const(top, w));
  return neg.mux(x.module.const(0, width), over.mux(x.module.const(top, width), x.resize(width)));
}
