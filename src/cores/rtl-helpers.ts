// Small description helpers shared by the command-port cores (neuron-array, activation): case selection, the
// port, the header decision derived from a command set.
import { COMMAND_PORT, type CommandSet, headerLengthRule, STATUS } from '../semantics/command-port.ts';
import type { ModuleBuilder, Operand, Signal } from '../kernel/index.ts';

/** First matching case wins: pick(d, [c1, v1], [c2, v2]) = c1 ? v1 : c2 ? v2 : d. */
export function pick(dflt: Operand, ...cases: [Signal, Operand][]): Signal {
  let acc: Operand = dflt;
  for (let i = cases.length - 1; i >= 0; i--) acc = cases[i]![0].mux(cases[i]![1], acc);
  if (typeof acc === 'number' || typeof acc === 'bigint') throw new Error('pick: needs a signal somewhere');
  return acc;
}

/** OR of 1-bit signals. */
export function any(m: ModuleBuilder, ...xs: Signal[]): Signal {
  return xs.reduce((a, b) => a.or(b), m.const(0, 1));
}

/** The command port's ports (names fixed by src/semantics/command-port.ts). */
export function commandPortIo(m: ModuleBuilder) {
  const I = COMMAND_PORT.inputs;
  return {
    cmdValid: m.input(I.cmdValid, 1),
    cmdData: m.input(I.cmdData, 32),
    rspReady: m.input(I.rspReady, 1),
  };
}

/** Saturate a signed signal to `bits` (keeps it as a `bits`-wide signal). */
export function satS(x: Signal, bits: number): Signal {
  const m = x.module;
  if (x.width <= bits) return x.sext(bits);
  const hi = m.const((1n << BigInt(bits - 1)) - 1n, x.width);
  const lo = m.const(BigInt.asUintN(x.width, -(1n << BigInt(bits - 1))), x.width);
  return x.sgt(hi).mux(hi, x.slt(lo).mux(lo, x)).slice(bits - 1, 0);
}

export const bitsFor = (n: number) => Math.max(1, Math.ceil(Math.log2(n)));

/**
 * The header word's fields and its status, as logic: the decision of semantics' headerStatus (unknown opcode, then
 * a length its command does not take), built from the core's command set so no length is restated here.
 */
export function headerDecode<P>(m: ModuleBuilder, cmdData: Signal, set: CommandSet<P>, params: P) {
  const hOp = cmdData.slice(31, COMMAND_PORT.opcodeShift);
  const hLen = cmdData.slice(COMMAND_PORT.opcodeShift - 1, 0);
  const code = (v: number) => m.const(v, 8);
  let hStatus: Signal = code(STATUS.UNKNOWN_OPCODE);
  for (const def of set) {
    const rule = headerLengthRule(def, params);
    const lenOk = rule.exact ? hLen.eq(rule.words) : hLen.uge(rule.words);
    hStatus = hOp.eq(def.opcode).mux(lenOk.mux(code(STATUS.OK), code(STATUS.BAD_LENGTH)), hStatus);
  }
  return { hOp, hLen, hStatus };
}
