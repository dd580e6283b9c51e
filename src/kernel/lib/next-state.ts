// Register updates written as a priority list (the first true condition wins, otherwise the register holds), so
// the state machines of the link read like their specification instead of nested muxes.
import type { Operand, Register, Signal } from '../index.ts';

export type Update = readonly [cond: Signal, value: Operand];

/** reg <= first value whose condition holds, else reg. */
export function nextOf(reg: Register, updates: readonly Update[]): void {
  let v: Signal = reg;
  for (let i = updates.length - 1; i >= 0; i--) {
    const [c, x] = updates[i]!;
    // A narrower signal value is zero-extended; a wider one is an error (the mux widens past the register).
    v = c.mux(x, v);
  }
  if (v.width !== reg.width) reg.module.fail(`register '${reg.name}': an update value is ${v.width} bits wide, the register ${reg.width}`);
  reg.next(v);
}

/** OR of 1-bit signals (at least one). */
export function anyOf(first: Signal, ...rest: Signal[]): Signal {
  return rest.reduce((a, b) => a.or(b), first);
}
