// UART transmitter, 8N1, LSB first, `clocksPerBit` clocks per bit. Accepts a byte when idle (valid & ready);
// the line is driven from a register, so it never glitches.
import { concat, defineModule } from '../../kernel/index.ts';
import { nextOf } from '../../kernel/lib/next-state.ts';

export const uartTx = defineModule('uart_tx', (m, p: { clocksPerBit: number }) => {
  const valid = m.input('valid', 1);
  const data = m.input('data', 8);
  const cw = Math.max(1, Math.ceil(Math.log2(p.clocksPerBit + 1)));
  const busy = m.reg('busy', 1);
  const cnt = m.reg('cnt', cw);
  const nbit = m.reg('nbit', 4);
  // shift holds the frame still to send, LSB next: {stop 1, data, start 0}; it refills with 1s (idle level).
  const shift = m.reg('shift', 10);
  const line = m.reg('line', 1, { reset: 1 });
  const start = busy.not().and(valid);
  const zero = cnt.eq(0);
  const bitDone = busy.and(zero);
  const last = nbit.eq(9);
  nextOf(busy, [
    [start, 1],
    [bitDone.and(last), 0],
  ]);
  nextOf(cnt, [
    [start, p.clocksPerBit - 1],
    [bitDone, p.clocksPerBit - 1],
    [busy, cnt.sub(1)],
  ]);
  nextOf(nbit, [
    [start, 0],
    [bitDone, nbit.add(1)],
  ]);
  const frame = concat(m.const(1, 1), data, m.const(0, 1));
  nextOf(shift, [
    [start, frame],
    [bitDone, concat(m.const(1, 1), shift.slice(9, 1))],
  ]);
  // The line shows shift[0] of the current bit: start loads bit 0 (start bit) at once, each bit boundary the next.
  nextOf(line, [
    [start, 0],
    [bitDone, last.mux(1, shift.bit(1))],
  ]);
  m.output('ready', busy.not());
  m.output('tx', line);
  m.output('idle', busy.not());
});
