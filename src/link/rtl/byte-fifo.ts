// Byte FIFO on one block RAM, first word fall-through: outData is the head whenever outValid. The RAM read is
// synchronous, so the read address is the head after this cycle's pop; a byte written to the address being read
// in the same cycle is forwarded from a bypass register (read-before-write would give the old byte).
// Built inline in the parent (names prefixed): the kernel inlines instances whole, so a FIFO instance between
// two others that also talk back (frame receiver, UART) would form an instance loop.
import type { ModuleBuilder, Signal } from '../../kernel/index.ts';
import { nextOf } from '../../kernel/lib/next-state.ts';

export interface FifoPorts {
  inReady: Signal;
  outValid: Signal;
  outData: Signal;
  empty: Signal;
}

export function byteFifo(m: ModuleBuilder, name: string, depth: number, inValid: Signal, inData: Signal, outReady: Signal): FifoPorts {
  const aw = Math.log2(depth);
  const wptr = m.reg(`${name}_wptr`, aw + 1);
  const rptr = m.reg(`${name}_rptr`, aw + 1);
  const count = wptr.sub(rptr);
  const full = count.eq(depth);
  const empty = count.eq(0);
  const push = inValid.and(full.not());
  const pop = outReady.and(empty.not());
  nextOf(wptr, [[push, wptr.add(1)]]);
  const rnext = pop.mux(rptr.add(1), rptr);
  rptr.next(rnext);
  const mem = m.memory(`${name}_mem`, { width: 8, depth });
  mem.write(wptr.slice(aw - 1, 0), inData, push);
  const rd = mem.read(rnext.slice(aw - 1, 0));
  const bypass = m.reg(`${name}_bypass`, 1);
  const bypassData = m.reg(`${name}_bypass_data`, 8);
  nextOf(bypass, [[m.const(1, 1), push.and(wptr.slice(aw - 1, 0).eq(rnext.slice(aw - 1, 0)))]]);
  nextOf(bypassData, [[push, inData]]);
  return { inReady: full.not(), outValid: empty.not(), outData: bypass.mux(bypassData, rd), empty };
}
