// A pin-frugal wrapper for place-and-route: a core's ports usually outnumber a small FPGA's pins (an iCE40 UP5K in
// the SG48 package has 39), so the wrapper shifts every core input in through one pin and every core output out
// through another. Every bit stays observable, so synthesis cannot prune logic, and the wrapper costs about one
// flip-flop per port bit: a stand-in for the UART link that will drive the core on a board.
//   sin:   serial data in (shifted into the input chain while shift = 1)
//   shift: 1 = shift both chains one bit; 0 = hold the inputs, capture the outputs into the output chain
//   sout:  serial data out (the output chain's last bit)
import { defineModule, type ModuleDef, type Params } from '../ir/module.ts';
import type { Signal } from '../ir/signal.ts';
import type { PortInfo } from '../ir/elaborate.ts';
import { concat } from '../ir/ops.ts';
import { MAX_WIDTH } from '../ir/signal.ts';

/** Pieces of at most MAX_WIDTH bits that together hold `width` bits. */
function chunks(width: number): number[] {
  const out: number[] = [];
  for (let left = width; left > 0; left -= MAX_WIDTH) out.push(Math.min(MAX_WIDTH, left));
  return out;
}

export function pinWrapper(core: ModuleDef<any>, params: Params, inputs: readonly PortInfo[], outputs: readonly PortInfo[]): ModuleDef<Params> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return defineModule(`${core.name}_pins`, (m) => {
    const sin = m.input('sin', 1);
    const shift = m.input('shift', 1);
    // Input chain: one register per port (split at MAX_WIDTH), bit 0 of the first is fed by sin.
    let carry: Signal = sin;
    const conn: Record<string, Signal> = {};
    for (const p of inputs.filter((q) => q.name !== 'rst')) {
      const parts: Signal[] = [];
      chunks(p.width).forEach((w, k) => {
        const r = m.reg(`in_${p.name}_${k}`, w, { enable: shift });
        r.next(w === 1 ? carry : concat(r.slice(w - 2, 0), carry));
        carry = r.msb();
        parts.unshift(r);
      });
      conn[p.name] = parts.length === 1 ? parts[0]! : concat(...parts);
    }
    const inst = m.instance('core', core, params, conn);
    // Output chain: captures all outputs when shift = 0, shifts towards sout when shift = 1.
    let prev: Signal | undefined;
    for (const p of outputs) {
      const o = inst.out(p.name);
      chunks(p.width).forEach((w, k) => {
        const r = m.reg(`out_${p.name}_${k}`, w);
        const piece = o.slice(k * MAX_WIDTH + w - 1, k * MAX_WIDTH);
        const inBit = prev ?? m.const(0, 1);
        r.next(shift.mux(w === 1 ? inBit : concat(r.slice(w - 2, 0), inBit), piece));
        prev = r.msb();
      });
    }
    m.output('sout', prev ?? m.const(0, 1));
  });
}
