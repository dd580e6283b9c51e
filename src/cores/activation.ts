// activation: M MTJ activation generators (paper 004) behind the command port, one shared datapath.
// Semantics: src/semantics/activation-step.ts; commands: src/semantics/activation-commands.ts; twin:
// src/twin/activation-twin.ts (same words for every command).
//
// APPLY walks the generators, N + 4 cycles each (s = sequence counter):
//   s 0        mask memory read at g, argument word g >> 1
//   s 1        acc <- mask; threshold ROM read for MTJ 0 at (0 << q) | u (u: draw32(seed, gN + 0, cycle))
//   s 2..N+1   MTJ k = s - 2 compared with its threshold (switch: not yet AP, code <= breakdown, code >= thr);
//              threshold ROM read for MTJ s - 1
//   s N+2      mask written back; resistance ROM read at acc
//   s N+3      result word res | popcount << 16 written to the result memory
// NEW_CYCLE writes preMask to every generator (one cycle each). Responses stream from the result memory (APPLY)
// or the mask memory (READ_STATE) with one bubble per word for the read latency.
import { concat, defineModule, mux, type Signal } from '../kernel/index.ts';
import { drawWithKeyLogic, streamKeyLogic } from '../kernel/lib/rng-block.ts';
import { COMMAND_PORT, STATUS } from '../semantics/command-port.ts';
import { ACT_OP, ACTIVATION_CORE_ID, activationCommands } from '../semantics/activation-commands.ts';
import { type ActivationParams, activationSizes, RES_BITS } from '../semantics/activation-params.ts';
import { commandPortFrontEnd } from './command-port-front-end.ts';
import { bitsFor, commandPortIo, pick } from './rtl-helpers.ts';

export { activationDefaults, activationParamsSchema } from '../semantics/activation-params.ts';

export const activation = defineModule('activation', (m, p: ActivationParams) => {
  const S = activationSizes(p);
  const M = p.generators;
  const N = p.mtjs;
  const io = commandPortIo(m);
  const fe = commandPortFrontEnd(m, io, activationCommands, p);
  const { ST, drop, idx, len, status, is, opIs, give, hdr, hDirectExec, argTake, endArgs } = fe;
  const a0 = m.reg('a0', 32);
  const a1 = m.reg('a1', 32);
  const waddr = m.reg('waddr', 32);
  const seed = m.reg('seed', 32);
  const cycle = m.reg('cycle', 32);
  const brk = m.reg('breakdown', p.currentBits);
  const pre = m.reg('pre_mask', N);
  const gW = bitsFor(M + 1);
  const g = m.reg('g', gW);
  const sW = bitsFor(N + 5);
  const s = m.reg('s', sW);
  const sbase = m.reg('sbase', 32);
  const acc = m.reg('acc', N);
  const rW = bitsFor(M + 2);
  const ridx = m.reg('ridx', rW);

  const isLoad = opIs(ACT_OP.LOAD_THRESH).or(opIs(ACT_OP.LOAD_RES));
  const ldDepth = opIs(ACT_OP.LOAD_THRESH).mux(m.const(S.thrDepth, 32), m.const(S.resDepth, 32));
  const cnt = len.sub(1).uext(32);
  const rangeBad = io.cmdData.ugt(ldDepth).or(cnt.ugt(ldDepth.sub(io.cmdData)));
  const loadStart = argTake.and(isLoad).and(idx.eq(0));
  const romWrite = argTake.and(isLoad).and(idx.ne(0)).and(drop.not());
  const loadBad = loadStart.and(rangeBad);

  // Memories.
  const argAW = Math.log2(S.argDepth);
  const argMem = m.memory('args', { width: 32, depth: S.argDepth });
  argMem.write(idx.resize(argAW), io.cmdData, argTake.and(opIs(ACT_OP.APPLY)).and(drop.not()));
  const thrAW = S.kBits + p.quantBits;
  const thrRom = m.memory('thr_rom', { width: p.currentBits, depth: S.thrDepth });
  thrRom.write(waddr.resize(thrAW), io.cmdData.slice(p.currentBits - 1, 0), romWrite.and(opIs(ACT_OP.LOAD_THRESH)));
  const resAW = Math.log2(S.resDepth);
  const resRom = m.memory('res_rom', { width: RES_BITS, depth: S.resDepth });
  resRom.write(waddr.resize(resAW), io.cmdData.slice(RES_BITS - 1, 0), romWrite.and(opIs(ACT_OP.LOAD_RES)));
  const gAW = Math.log2(S.genDepth);
  const maskMem = m.memory('masks', { width: N, depth: S.genDepth });
  const resMem = m.memory('results', { width: 32, depth: S.genDepth });

  const inResp = is(ST.RESP_D).or(is(ST.RESP_H));
  const maskAddr = inResp.mux(ridx.resize(gAW), g.resize(gAW));
  const maskRd = maskMem.read(maskAddr);
  const resMemRd = resMem.read(ridx.resize(gAW));
  const aw = argMem.read(g.shr(1).resize(argAW));
  const code = g.bit(0).mux(aw.slice(31, 16), aw.slice(15, 0)).slice(p.currentBits - 1, 0);

  // Walk.
  const inExec = is(ST.EXEC);
  const apply = inExec.and(opIs(ACT_OP.APPLY));
  const newCycle = inExec.and(opIs(ACT_OP.NEW_CYCLE));
  const sIs = (v: number) => s.eq(v);
  const kRead = s.sub(1).resize(S.kBits); // MTJ whose threshold is read this cycle (s 1..N)
  const u = drawWithKeyLogic(streamKeyLogic(seed, sbase.add(s.sub(1).uext(32))), cycle).slice(31, 32 - p.quantBits);
  const thrRd = thrRom.read(concat(kRead, u));
  const kCmp = s.sub(2); // MTJ compared this cycle (s 2..N+1)
  const accBit = acc.shr(kCmp.resize(Math.max(sW, bitsFor(N)))).bit(0);
  const sw = accBit.not().and(code.ule(brk)).and(code.uge(thrRd).named('sw_ge')); // named: fault-injection tests rewrite it
  const comparing = apply.and(s.uge(2)).and(s.ule(N + 1));
  const accSet = acc.or(sw.uext(N).shl(kCmp.resize(Math.max(sW, bitsFor(N)))));
  acc.next(pick(acc, [apply.and(sIs(1)), maskRd], [comparing, accSet]));
  const resRd = resRom.read(acc.uext(Math.max(N, resAW)).resize(resAW));
  let pc: Signal = m.const(0, 4);
  for (let k = 0; k < N; k++) pc = pc.add(acc.bit(k).uext(4));
  const lastG = g.eq(M - 1);
  const genDone = apply.and(sIs(N + 3));
  maskMem.write(g.resize(gAW), newCycle.mux(pre, acc), newCycle.or(apply.and(sIs(N + 2))));
  resMem.write(g.resize(gAW), concat(m.const(0, 12), pc, resRd), genDone);

  // Response.
  const nres = pick(m.const(0, 24), [status.ne(STATUS.OK), m.const(0, 24)], [opIs(ACT_OP.INFO), m.const(4, 24)], [opIs(ACT_OP.APPLY).or(opIs(ACT_OP.READ_STATE)), m.const(M, 24)]);
  const info = [M, N, p.currentBits | (p.quantBits << 8), ACTIVATION_CORE_ID].map((v) => m.const(v >>> 0, 32));
  const dataWord = pick(maskRd.uext(32), [opIs(ACT_OP.INFO), mux(ridx.resize(Math.max(2, rW)).slice(1, 0), info)], [opIs(ACT_OP.APPLY), resMemRd]);
  const rspData = is(ST.RESP_H).mux(concat(status, nres), dataWord);
  const lastRes = ridx.eq(nres.resize(rW).sub(1));

  const toResp = inExec.and(pick(m.const(1, 1), [opIs(ACT_OP.APPLY), genDone.and(lastG)], [opIs(ACT_OP.NEW_CYCLE), lastG]));
  const cfgBad = a0.uge(2 ** p.currentBits).or(a1.uge(2 ** N));
  fe.close({ loadBad, execBad: inExec.and(opIs(ACT_OP.SET_CONFIG)).and(cfgBad), toResp, nres, lastRes });
  a0.next(argTake.and(idx.eq(0)).mux(io.cmdData, a0));
  a1.next(argTake.and(idx.eq(1)).mux(io.cmdData, a1));
  waddr.next(pick(waddr, [loadStart, io.cmdData], [romWrite, waddr.add(1)]));
  const setSeed = inExec.and(opIs(ACT_OP.SET_SEED));
  seed.next(setSeed.mux(a0, seed));
  cycle.next(pick(cycle, [setSeed, a1], [newCycle.and(lastG), cycle.add(1)]));
  const setCfg = inExec.and(opIs(ACT_OP.SET_CONFIG)).and(cfgBad.not());
  brk.next(setCfg.mux(a0.slice(p.currentBits - 1, 0), brk));
  pre.next(setCfg.mux(a1.slice(N - 1, 0), pre));
  const enterWalk = hdr.and(hDirectExec).or(endArgs.and(drop.not()).and(loadBad.not()));
  const nextG = genDone.or(newCycle);
  g.next(pick(g, [enterWalk, m.const(0, gW)], [nextG, g.add(1)]));
  s.next(pick(s, [enterWalk, m.const(0, sW)], [genDone, m.const(0, sW)], [apply, s.add(1)]));
  sbase.next(pick(sbase, [enterWalk, m.const(0, 32)], [genDone, sbase.add(N)]));
  ridx.next(pick(ridx, [give.and(is(ST.RESP_H)), m.const(0, rW)], [give.and(is(ST.RESP_D)), ridx.add(1)]));

  const O = COMMAND_PORT.outputs;
  m.output(O.cmdReady, fe.cmdReady);
  m.output(O.rspValid, fe.rspValid);
  m.output(O.rspData, rspData);
});
