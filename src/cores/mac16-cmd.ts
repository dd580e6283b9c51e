// mac16cmd: mac16 behind the command port (src/semantics/command-port.ts) with the CommandSet of
// src/semantics/mac16-commands.ts, the first core the serial link forwards to. One word per cycle in and out; a MAC
// drains mac16's two-cycle pipeline before answering. Every word sequence is accepted: unknown opcodes, wrong
// lengths and out-of-range arguments consume all their words and answer an error status (no results).
import { z } from 'zod';
import { concat, defineModule, mux, type Signal } from '../kernel/index.ts';
import { anyOf, nextOf } from '../kernel/lib/next-state.ts';
import { COMMAND_PORT, STATUS } from '../semantics/command-port.ts';
import { MAC16_OPCODES, MAC_KEEP_BIT } from '../semantics/mac16-commands.ts';
import { mac16, mac16ParamsSchema, type Mac16Params } from './mac16.ts';

export const mac16CmdParamsSchema = mac16ParamsSchema.refine((p) => p.accWidth <= 32, { message: 'the command wrapper returns one word per accumulator: accWidth <= 32', path: ['accWidth'] });
export type Mac16CmdParams = z.infer<typeof mac16CmdParamsSchema>;
export const mac16CmdDefaults: Mac16Params = { lanes: 16, dataWidth: 8, accWidth: 32, depth: 256 };

const S = { IDLE: 0, ARG0: 1, DATA: 2, SKIP: 3, DRAIN: 4, RSP_HDR: 5, RSP_DATA: 6 } as const;

export const mac16Cmd = defineModule('mac16cmd', (m, p: Mac16Params) => {
  const addrW = Math.log2(p.depth);
  const laneW = Math.max(1, Math.ceil(Math.log2(p.lanes)));
  const cmdValid = m.input(COMMAND_PORT.inputs.cmdValid, 1);
  const cmdData = m.input(COMMAND_PORT.inputs.cmdData, 32);
  const rspReady = m.input(COMMAND_PORT.inputs.rspReady, 1);

  const state = m.reg('state', 3);
  const op = m.reg('op', 8);
  const remaining = m.reg('remaining', 24); // words of the command still to read
  const addr = m.reg('addr', 16);
  const lane = m.reg('lane', 8);
  const status = m.reg('status', 8);
  const nres = m.reg('nres', 8);
  const ridx = m.reg('ridx', 8);
  const drain = m.reg('drain', 1);

  const at = (s: number) => state.eq(s);
  const reading = anyOf(at(S.IDLE), at(S.ARG0), at(S.DATA), at(S.SKIP));
  const fire = reading.and(cmdValid);
  const hdrOp = cmdData.slice(31, 24);
  const hdrLen = cmdData.slice(23, 0);
  const isInfo = op.eq(MAC16_OPCODES.INFO);
  const isWrite = op.eq(MAC16_OPCODES.WRITE);
  const isMac = op.eq(MAC16_OPCODES.MAC);
  const newInfo = hdrOp.eq(MAC16_OPCODES.INFO);
  const newData = hdrOp.eq(MAC16_OPCODES.WRITE).or(hdrOp.eq(MAC16_OPCODES.MAC));
  const lenZero = hdrLen.eq(0);
  const lastWord = remaining.eq(1);

  // ARG0: range checks on the first argument word.
  const a0Addr = cmdData.slice(15, 0);
  const a0Lane = cmdData.slice(23, 16);
  const a0Keep = cmdData.bit(MAC_KEEP_BIT);
  const count = remaining.sub(1);
  const end = a0Addr.uext(25).add(count.uext(25));
  const oob = end.ugt(p.depth).or(isWrite.and(a0Lane.uge(p.lanes)));
  const inArg0 = fire.and(at(S.ARG0));
  const inData = fire.and(at(S.DATA));
  const rspFire = rspReady.and(at(S.RSP_HDR).or(at(S.RSP_DATA)));
  const afterData = isMac.mux(S.DRAIN, S.RSP_HDR);

  nextOf(state, [
    [fire.and(at(S.IDLE)), newInfo.mux(lenZero.mux(S.RSP_HDR, S.SKIP), newData.mux(lenZero.mux(S.RSP_HDR, S.ARG0), lenZero.mux(S.RSP_HDR, S.SKIP)))],
    [inArg0, oob.mux(lastWord.mux(S.RSP_HDR, S.SKIP), lastWord.mux(afterData, S.DATA))],
    [inData.and(lastWord), afterData],
    [fire.and(at(S.SKIP)).and(lastWord), S.RSP_HDR],
    [at(S.DRAIN).and(drain), S.RSP_HDR],
    [rspFire.and(at(S.RSP_HDR)), nres.eq(0).mux(S.IDLE, S.RSP_DATA)],
    [rspFire.and(at(S.RSP_DATA)).and(ridx.eq(nres.sub(1))), S.IDLE],
  ]);
  nextOf(drain, [[at(S.DRAIN), drain.not()]]);
  nextOf(op, [[fire.and(at(S.IDLE)), hdrOp]]);
  nextOf(remaining, [
    [fire.and(at(S.IDLE)), hdrLen],
    [fire, remaining.sub(1)],
  ]);
  nextOf(status, [
    [fire.and(at(S.IDLE)), newInfo.mux(lenZero.mux(STATUS.OK, STATUS.BAD_LENGTH), newData.mux(lenZero.mux(STATUS.BAD_LENGTH, STATUS.OK), STATUS.UNKNOWN_OPCODE))],
    [inArg0.and(oob), STATUS.ARG_OUT_OF_RANGE],
  ]);
  nextOf(nres, [
    [fire.and(at(S.IDLE)), newInfo.and(lenZero).mux(4, 0)],
    [inArg0, isMac.and(oob.not()).mux(p.lanes, 0)],
  ]);
  nextOf(addr, [
    [inArg0, a0Addr],
    [inData, addr.add(1)],
  ]);
  nextOf(lane, [[inArg0, a0Lane]]);
  nextOf(ridx, [
    [rspFire.and(at(S.RSP_HDR)), 0],
    [rspFire, ridx.add(1)],
  ]);

  const core = m.instance('mac', mac16, p, {
    wr_en: inData.and(isWrite),
    wr_lane: lane.slice(laneW - 1, 0),
    wr_addr: addr.slice(addrW - 1, 0),
    wr_data: cmdData.slice(p.dataWidth - 1, 0),
    rd_addr: addr.slice(addrW - 1, 0),
    x: cmdData.slice(p.dataWidth - 1, 0),
    acc_en: inData.and(isMac),
    acc_clr: inArg0.and(isMac).and(oob.not()).and(a0Keep.not()),
  });
  const accs: Signal[] = Array.from({ length: p.lanes }, (_, l) => core.out(`acc_${l}`).sext(32));
  const info = [p.lanes, p.dataWidth, p.accWidth, p.depth].map((v) => m.const(v, 32));
  const result = isInfo.mux(mux(ridx.slice(1, 0), info), mux(ridx.slice(laneW - 1, 0), accs));
  const hdrWord = concat(status, m.const(0, 16), nres);

  m.output(COMMAND_PORT.outputs.cmdReady, reading);
  m.output(COMMAND_PORT.outputs.rspValid, at(S.RSP_HDR).or(at(S.RSP_DATA)));
  m.output(COMMAND_PORT.outputs.rspData, at(S.RSP_HDR).mux(hdrWord, result));
});
