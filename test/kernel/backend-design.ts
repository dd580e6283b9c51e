// A small design touching every back-end concern: a register with a non-zero reset value (zero before the first
// reset), a 40-bit port (two protocol words), a synchronous memory, and a combinational output.
import { defineModule } from '../../src/kernel/index.ts';

/** `fault` swaps acc + b for acc - b: the wrong-operator variant for fault-injection tests. */
export const makeStepper = (fault = false) =>
  defineModule('stepper', (m) => {
    const a = m.input('a', 16);
    const b = m.input('b', 40);
    const acc = m.reg('acc', 40, { reset: 5 });
    acc.next(fault ? acc.sub(b) : acc.add(b));
    const mem = m.memory('mem', { width: 8, depth: 16 });
    mem.write(a.slice(3, 0), a.slice(11, 4), a.bit(15));
    m.output('acc_q', acc);
    m.output('rd', mem.read(b.slice(3, 0)));
    m.output('sum', a.uext(40).add(b));
  });

export const stepper = makeStepper();
