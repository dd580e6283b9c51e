// The hardware-construction kernel: describe a module once, simulate it in TypeScript, emit Verilog, cross-check.
//
//   import { defineModule, elaborate, compileSim, emitVerilog } from './kernel/index.ts';
//   const acc = defineModule('acc', (m, p: { width: number }) => {
//     const x = m.input('x', p.width);
//     const sum = m.reg('sum', p.width, { reset: 0 });
//     sum.next(sum.add(x));
//     m.output('y', sum);
//   });
//   const design = elaborate(acc, { width: 16 });
//   const sim = compileSim(design); sim.reset(); sim.poke('x', 3); sim.tick(); sim.peek('y'); // 3n
//   const verilog = emitVerilog(design); // { files: [{ name, text }], top }
export { defineModule, ModuleBuilder, Register, Wire, Memory, Instance, OutputPort, type ModuleDef, type Params } from './ir/module.ts';
export { Signal, MAX_WIDTH, type Operand } from './ir/signal.ts';
export { concat, mux, repeat } from './ir/ops.ts';
export { elaborate, type Design, type ElabModule, type PortInfo } from './ir/elaborate.ts';
export { compileSim, type TsSim, type CompileOptions } from './sim/compile.ts';
export { type CycleSim, packedWords, wordsOf, unpackPort } from './sim/cyclesim.ts';
export { emitVerilog, type VerilogFile, type VerilogOutput } from './verilog/emit.ts';
