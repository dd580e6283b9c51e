// UART receiver, 8N1, LSB first, `clocksPerBit` clocks per bit. The line is synchronised through two flip-flops;
// a falling edge starts a byte, the start bit is re-checked half a bit later (a glitch returns to idle), then each
// bit is sampled in its middle. A low stop bit is a framing error (`frame_err` pulses, no byte).
import { defineModule } from '../../kernel/index.ts';
import { nextOf } from '../../kernel/lib/next-state.ts';

const S = { IDLE: 0, START: 1, DATA: 2, STOP: 3 } as const;

export const uartRx = defineModule('uart_rx', (m, p: { clocksPerBit: number }) => {
  const rx = m.input('rx', 1);
  const cw = Math.max(1, Math.ceil(Math.log2(p.clocksPerBit + 1)));
  // The line idles high: the synchronisers reset to 1 so reset does not look like a start bit.
  const s1 = m.reg('s1', 1, { reset: 1 }).next(rx);
  const s2 = m.reg('s2', 1, { reset: 1 }).next(s1);
  const state = m.reg('state', 2);
  const cnt = m.reg('cnt', cw);
  const bit = m.reg('nbit', 3);
  const shift = m.reg('shift', 8);
  const at = (s: number) => state.eq(s);
  const zero = cnt.eq(0);
  nextOf(state, [
    [at(S.IDLE).and(s2.not()), S.START],
    [at(S.START).and(zero), s2.mux(S.IDLE, S.DATA)],
    [at(S.DATA).and(zero).and(bit.eq(7)), S.STOP],
    [at(S.STOP).and(zero), S.IDLE],
  ]);
  nextOf(cnt, [
    [at(S.IDLE), Math.floor(p.clocksPerBit / 2) - 1],
    [zero, p.clocksPerBit - 1],
    [m.const(1, 1), cnt.sub(1)],
  ]);
  nextOf(bit, [
    [at(S.START), 0],
    [at(S.DATA).and(zero), bit.add(1)],
  ]);
  nextOf(shift, [[at(S.DATA).and(zero), s2.uext(8).shl(7).or(shift.shr(1))]]);
  const stopNow = at(S.STOP).and(zero);
  m.output('valid', stopNow.and(s2));
  m.output('frame_err', stopNow.and(s2.not()));
  m.output('data', shift);
  m.output('idle', at(S.IDLE));
});
