// The simulator interface. The TypeScript simulator and the Verilator / iverilog back-ends all present it, so one
// test suite runs against every back-end.
//
// The lockstep cycle (what "compare every output every cycle" means): for cycle c, poke every input (rst included)
// with the stimulus of cycle c; eval(); sample every output (the outputs of cycle c); tick(). All state starts at
// zero; registers take their reset value only when rst is asserted at a rising edge.
import type { PortInfo } from '../ir/elaborate.ts';

export type { PortInfo };

export interface CycleSim {
  /** Inputs in design order; rst first; clk is implicit. */
  readonly inputs: readonly PortInfo[];
  readonly outputs: readonly PortInfo[];
  /** Set an input; the value is taken mod 2^width. */
  poke(port: string, value: bigint | number): void;
  /** Current value of an output (or, where the back-end can see it, a named internal signal). */
  peek(port: string): bigint;
  /** Settle combinational logic for the current inputs and state. */
  eval(): void;
  /** Settle, one rising clock edge (registers and memories update from the settled values), settle again. */
  tick(): void;
  /** rst=1, tick, rst=0, eval. */
  reset(): void;
}

/** Words of a port in the packed stimulus / response format: one 32-bit word per 32 bits. */
export function wordsOf(width: number): number {
  return width > 32 ? 2 : 1;
}

export function packedWords(ports: readonly PortInfo[]): number {
  return ports.reduce((n, p) => n + wordsOf(p.width), 0);
}

/** Value of a port from packed words at `offset`. */
export function unpackPort(words: Uint32Array, offset: number, width: number): bigint {
  const lo = BigInt(words[offset]!);
  return width > 32 ? lo | (BigInt(words[offset + 1]!) << 32n) : lo;
}
