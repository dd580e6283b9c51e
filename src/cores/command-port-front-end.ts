// The command-port front end of the neuron-array and activation cores (the tile has its own sequencer, with checks
// after its fixed words): IDLE takes a header and decides it from the core's command set, ARGS counts the argument
// words, EXEC belongs to the core, RESP_H sends the response header and RESP_D its data words, one bubble after
// each (the result memories' read latency). A core reads the signals it needs and calls close() once with what is
// its own: a ROM load out of range, arguments out of range in EXEC, when EXEC is done, how many results.
import type { ModuleBuilder, Signal } from '../kernel/index.ts';
import { type CommandSet, STATUS } from '../semantics/command-port.ts';
import { type commandPortIo, headerDecode, pick } from './rtl-helpers.ts';

export const PORT_ST = { IDLE: 0, ARGS: 1, EXEC: 2, RESP_H: 3, RESP_D: 4 } as const;

export interface FrontEndClose {
  /** At a ROM load's first argument word: its range is out of bounds (ARG_OUT_OF_RANGE, the rest dropped). */
  loadBad: Signal;
  /** In EXEC: the command's arguments are out of range (ARG_OUT_OF_RANGE, nothing changes). */
  execBad: Signal;
  /** In EXEC: the command is done, the response follows. */
  toResp: Signal;
  /** Result words of the response (0 after an error). */
  nres: Signal;
  /** In RESP_D: this is the last result word. */
  lastRes: Signal;
}

export function commandPortFrontEnd<P>(m: ModuleBuilder, io: ReturnType<typeof commandPortIo>, set: CommandSet<P>, params: P) {
  const ST = PORT_ST;
  const st = m.reg('st', 3);
  const op = m.reg('op', 8);
  const len = m.reg('len', 24);
  const idx = m.reg('idx', 24);
  const status = m.reg('status', 8);
  const drop = m.reg('drop', 1);
  const rwait = m.reg('rwait', 1);
  const is = (s: number) => st.eq(s);
  const opIs = (o: number) => op.eq(o);
  const cmdReady = is(ST.IDLE).or(is(ST.ARGS));
  const take = cmdReady.and(io.cmdValid);
  const rspValid = is(ST.RESP_H).or(is(ST.RESP_D).and(rwait.not()));
  const give = rspValid.and(io.rspReady);
  const { hOp, hLen, hStatus } = headerDecode(m, io.cmdData, set, params);
  const hBad = hStatus.ne(STATUS.OK);
  /** A header without arguments that passed its checks goes straight to EXEC. */
  const hDirectExec = hLen.eq(0).and(hBad.not());
  const hdr = take.and(is(ST.IDLE));
  const argTake = take.and(is(ST.ARGS));
  const endArgs = argTake.and(idx.eq(len.sub(1)));
  const state = (s: number) => m.const(s, 3);

  function close(c: FrontEndClose): void {
    st.next(
      pick(
        st,
        [hdr, hLen.eq(0).mux(hDirectExec.mux(state(ST.EXEC), state(ST.RESP_H)), state(ST.ARGS))],
        [endArgs, drop.or(c.loadBad).mux(state(ST.RESP_H), state(ST.EXEC))],
        [c.toResp, state(ST.RESP_H)],
        [give.and(is(ST.RESP_H)), c.nres.eq(0).mux(state(ST.IDLE), state(ST.RESP_D))],
        [give.and(is(ST.RESP_D)).and(c.lastRes), state(ST.IDLE)],
      ),
    );
    op.next(hdr.mux(hOp, op));
    len.next(hdr.mux(hLen, len));
    idx.next(pick(idx, [hdr, m.const(0, 24)], [argTake, idx.add(1)]));
    const outOfRange = m.const(STATUS.ARG_OUT_OF_RANGE, 8);
    status.next(pick(status, [hdr, hStatus], [c.loadBad.and(drop.not()), outOfRange], [c.execBad, outOfRange]));
    drop.next(pick(drop, [hdr, hBad], [c.loadBad, m.const(1, 1)]));
    rwait.next(pick(m.const(0, 1), [give, m.const(1, 1)]));
  }

  return { ST, st, op, len, idx, status, drop, is, opIs, cmdReady, take, rspValid, give, hDirectExec, hdr, argTake, endArgs, close };
}
