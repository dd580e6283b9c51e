// tile: the DW-MTJ crossbar tile as a kernel core, driven through the command port (src/semantics/command-port.ts)
// and answering every command of src/semantics/tile-commands.ts exactly as src/semantics/tile-reference.ts does,
// words and reported cycles (src/semantics/tile-timing.ts) alike. Structure:
//   - a command decoder / state machine (one state per phase of a command, registers set procedurally: lib/seq.ts);
//   - per lane and device slot a state memory and a variant memory (layout: tile/tile-layout.ts);
//   - the level ROM and the transition ROM, loadable, one read port per lane (per lane and slot for levels);
//   - UPDATE: while the codes arrive, the non-zero rows go into a row list and the active column groups into a
//     group list, so zero rows and all-zero groups cost no cycles; then every (listed row, listed group) is one
//     pair-step of 8 cycles in which every lane updates its pair: the serial RNG (kernel/lib/rng-block.ts) draws,
//     the two devices read their transition entries one after the other and move (tile/device-logic.ts);
//     With `update: 'pipelined'` (software levels) one pair-step is issued per cycle instead: each lane draws with a
//     combinational draw32 and the pair goes through 3 stages (state + variant read -> both transition reads ->
//     move + write back), one drain cycle before the response (tile-timing.ts);
//   - FORWARD / TRANSPOSE: a 3-stage pipeline (list/counter -> state + variant -> level ROM -> multiply-accumulate),
//     one (input, group) per cycle; the non-zero inputs of FORWARD and the active groups of TRANSPOSE are listed
//     first; the ADC (saturate, shift; tile/device-logic.ts) converts on the way out, its conversion time counted;
//   - CARRY: one (row, group) per cycle, read, carry, write back.
import { defineModule, type Signal } from '../kernel/index.ts';
import { concat, mux } from '../kernel/index.ts';
import { drawWithKeyLogic, seedKeyLogic, serialDraw, SERIAL_DRAW, streamKeyFromSeedKeyLogic } from '../kernel/lib/rng-block.ts';
import { STATUS } from '../semantics/command-port.ts';
import { infoWords, TILE_OP, TILE_STATUS } from '../semantics/tile-commands.ts';
import { bitsFor, tileSizes, type TileParams } from '../semantics/tile-params.ts';
import { abs, mulConst, popcount, Seq } from './lib/seq.ts';
import { adcLogic, carryLogic, moveLogic } from './tile/device-logic.ts';
import { tileLayout } from './tile/tile-layout.ts';

/** Faults that the verification must catch (tests only; not part of the parameter schema). */
export type TileFault = 'row-list-off-by-one' | 'pipeline-write-early';
export type TileCoreParams = TileParams & { fault?: TileFault };

const ST = {
  IDLE: 0, DRAIN: 1, A2: 2, SEEK_I: 3, SEEK_J: 4, WPAY: 5, WUNP: 6, LPAY: 7, LUNP: 8, TPAY: 9,
  RD_A: 10, RD_B: 11, RD_EMIT: 12, UROW: 13, URUNP: 14, UCOL: 15, UCUNP: 16, USEED0: 17, USEED1: 18, USEED2: 19,
  UPAIR: 20, FIN: 21, FUNP: 22, FRUN: 23, FADC: 24, XIN: 25, XUNP: 26, XRUN: 27, CRUN: 28,
  RSP_HDR: 29, RSP_RES: 30, O_A: 31, O_B: 32, O_EMIT: 33, O_CYC: 34, UDRAIN: 35,
} as const;

export const tile = defineModule('tile', (m, p: TileCoreParams) => {
  const sz = tileSizes(p);
  const lay = tileLayout(p);
  const { R, C, L, G, N, S, dpw, slots } = lay;
  const K = p.moveSpan;
  const P = p.probBits;
  const GB = p.levelBits;
  const E = sz.transitionEntryWords;
  const aW = lay.stAddrW;
  const iW = bitsFor(R + 1);
  const jW = bitsFor(C + 1);
  const gW = bitsFor(G + 1);
  const lW = bitsFor(L);
  const kW = bitsFor(sz.pairs + 1);
  const accW = lay.accW;
  const parallel = p.reference === 'parallel';
  const pipelined = p.update === 'pipelined';
  const M_F = Math.min(p.adcShare, C); // ADC conversion cycles of FORWARD / TRANSPOSE (tile-timing.ts)
  const M_T = Math.min(p.adcShare, R);

  const cmdValid = m.input('cmd_valid', 1);
  const cmdData = m.input('cmd_data', 32);
  const rspReady = m.input('rsp_ready', 1);

  const q = new Seq(m);
  const st = q.reg('state', 6);
  const op = q.reg('op', 8);
  const len = q.reg('len', 24);
  const argc = q.reg('argc', 24);
  const status = q.reg('status', 8);
  const nres = q.reg('nres', 24);
  const arg0 = q.reg('arg0', 32);
  const seed = q.reg('seed', 32);
  const step = q.reg('step', 32);
  const seedKey = q.reg('seed_key', 32);
  const adcShift = q.reg('adc_shift', bitsFor(sz.maxAdcShift + 1));
  const gpar = q.reg('gpar', GB);
  const cntCmd = q.reg('cnt_commands', 32);
  const cntErr = q.reg('cnt_errors', 32);
  const cntUpd = q.reg('cnt_updates', 32);
  const cntCyc = q.reg('cnt_cycles', 32);
  const ccount = q.reg('ccount', 32);
  const res0 = q.reg('res0', 32);
  const wordReg = q.reg('word', 32);
  const byteIdx = q.reg('byte_idx', 2);
  const errFlag = q.reg('err', 1);
  const cRem = q.reg('remaining', 32);
  // Device cursor of WRITE_STATES / READ_STATES / WRITE_VARIANTS.
  const seekRem = q.reg('seek_rem', 32);
  const cHi = q.reg('cur_hi', 1);
  const cSlot = q.reg('cur_slot', 1);
  const cLane = q.reg('cur_lane', lW);
  const cG = q.reg('cur_g', gW);
  const cJ = q.reg('cur_j', jW);
  const cI = q.reg('cur_i', iW);
  const cIG = q.reg('cur_ig', aW + 1);
  const romAddr = q.reg('rom_addr', 32);
  const trWord = q.reg('tr_word', 3);
  const trEntry = q.reg('tr_entry', lay.trnBits);
  // Argument unpacking of UPDATE / FORWARD / TRANSPOSE: row counter and its bases, column counters, list lengths.
  const ui = q.reg('ui', iW);
  const uiG = q.reg('ui_g', aW + 1);
  const uiC = q.reg('ui_c', kW);
  const nzRows = q.reg('nz_rows', iW);
  const uj = q.reg('uj', jW);
  const ul = q.reg('ul', lW);
  const ug = q.reg('ug', gW);
  const ugL = q.reg('ug_l', jW);
  const gAct = q.reg('g_active', 1);
  const nGroups = q.reg('n_groups', gW);
  // Execution counters.
  const ridx = q.reg('ridx', iW);
  const gidx = q.reg('gidx', gW);
  const ph = q.reg('phase', SERIAL_DRAW.phaseBits);
  const touched = q.reg('touched', 32);
  const iss = q.reg('issue', 1);
  const pI = q.reg('p_i', iW);
  const pG = q.reg('p_g', gW);
  const pIG = q.reg('p_ig', aW + 1);
  const adcCnt = q.reg('adc_cnt', bitsFor(Math.max(M_F, M_T) + 1));
  const oIdx = q.reg('o_idx', bitsFor(Math.max(R, C) + 2));
  const oLane = q.reg('o_lane', lW);
  const oG = q.reg('o_g', gW);
  const half = q.reg('half', 1);
  const codeA = q.reg('code_a', 16);
  const codeB = q.reg('code_b', 16);

  const is = (s: number) => st.eq(s);
  const isOp = (o: number) => op.eq(o);
  const any = (xs: Signal[]) => xs.slice(1).reduce((a, b) => a.or(b), xs[0]!);
  const cmdReady = any([ST.IDLE, ST.DRAIN, ST.A2, ST.WPAY, ST.LPAY, ST.TPAY, ST.UROW, ST.UCOL, ST.FIN, ST.XIN].map(is));
  const take = cmdValid.and(cmdReady);
  const w = cmdData;
  const lastArg = argc.add(1).eq(len); // the word taken now is the command's last
  const respond = (cond: Signal, stat: Signal | number, n: Signal | number) => {
    q.set(st, cond, ST.RSP_HDR);
    q.set(status, cond, stat);
    q.set(nres, cond, n);
  };
  // An error found while arguments remain: consume them, then answer with no results.
  const fail = (cond: Signal, stat: number, wordsLeft: Signal) => {
    q.set(status, cond, stat);
    q.set(nres, cond, 0);
    q.set(st, cond, wordsLeft.mux(m.const(ST.DRAIN, 6), m.const(ST.RSP_HDR, 6)));
  };

  // ---------- IDLE: the header ----------
  const hOp = w.slice(31, 24);
  const hLen = w.slice(23, 0);
  const opIs = (o: number) => hOp.eq(o);
  const known = hOp.uge(TILE_OP.INFO).and(hOp.ule(TILE_OP.TRANSPOSE));
  const startCount = any([TILE_OP.WRITE_STATES, TILE_OP.READ_STATES, TILE_OP.WRITE_VARIANTS, TILE_OP.LOAD_LEVELS, TILE_OP.LOAD_TRANSITIONS].map(opIs));
  const expectLen = mux(hOp, [0, 0, 0, 2, 2, 0, 0, 0, 0, 0, sz.updateArgWords, 0, Math.ceil(R / 2), Math.ceil(C / 2), 0].map((x) => m.const(x, 24)));
  const badLen = startCount.mux(hLen.ult(2), hLen.ne(expectLen));
  const noCarry = opIs(TILE_OP.CARRY).and(m.const(p.carry ? 0 : 1, 1));
  const hStatus = known.not().mux(m.const(STATUS.UNKNOWN_OPCODE, 8), badLen.mux(m.const(STATUS.BAD_LENGTH, 8), noCarry.mux(m.const(TILE_STATUS.NO_CARRY, 8), m.const(0, 8))));
  const hTake = is(ST.IDLE).and(take);
  const hErr = hStatus.ne(0);
  q.set(op, hTake, hOp);
  q.set(len, hTake, hLen);
  q.set(argc, hTake, 0);
  for (const r of [wordReg, ui, uiG, uiC, nzRows, uj, ul, ug, ugL, gAct, nGroups, errFlag, byteIdx, ridx, gidx, ph, touched, iss, pI, pG, pIG, trWord, trEntry, half, oIdx, oLane, oG, adcCnt, res0, cRem]) q.set(r, hTake, 0);
  q.set(status, hTake, hStatus);
  q.set(nres, hTake, 0);
  q.set(st, hTake.and(hErr), hLen.eq(0).mux(m.const(ST.RSP_HDR, 6), m.const(ST.DRAIN, 6)));
  const ok = hTake.and(hErr.not());
  q.set(st, ok.and(opIs(TILE_OP.INFO)), ST.RSP_HDR);
  q.set(nres, ok.and(opIs(TILE_OP.INFO)), 5);
  q.set(st, ok.and(opIs(TILE_OP.STATUS)), ST.RSP_HDR);
  q.set(nres, ok.and(opIs(TILE_OP.STATUS)), 4);
  q.set(st, ok.and(any([opIs(TILE_OP.SET_SEED), opIs(TILE_OP.SET_ADC), startCount])), ST.A2);
  q.set(st, ok.and(opIs(TILE_OP.UPDATE)), ST.UROW);
  q.set(st, ok.and(opIs(TILE_OP.CARRY)), ST.CRUN);
  q.set(iss, ok.and(opIs(TILE_OP.CARRY)), 1);
  q.set(st, ok.and(opIs(TILE_OP.FORWARD)), ST.FIN);
  q.set(st, ok.and(opIs(TILE_OP.TRANSPOSE)), ST.XIN);

  // ---------- DRAIN: consume the rest of a refused command ----------
  const argTake = take.and(is(ST.IDLE).not());
  q.set(argc, argTake, argc.add(1));
  q.set(st, is(ST.DRAIN).and(take).and(lastArg), ST.RSP_HDR);

  // ---------- A2: two fixed argument words ----------
  const a2Take = is(ST.A2).and(take);
  q.set(arg0, a2Take.and(argc.eq(0)), w);
  const a2Second = a2Take.and(argc.eq(1));
  const moreArgs = len.ugt(2);
  q.set(seed, a2Second.and(isOp(TILE_OP.SET_SEED)), arg0);
  q.set(step, a2Second.and(isOp(TILE_OP.SET_SEED)), w);
  respond(a2Second.and(isOp(TILE_OP.SET_SEED)), 0, 0);
  const adcBad = arg0.ugt(sz.maxAdcShift).or(w.uge(2 ** GB));
  respond(a2Second.and(isOp(TILE_OP.SET_ADC)), adcBad.mux(m.const(STATUS.ARG_OUT_OF_RANGE, 8), m.const(0, 8)), 0);
  q.set(adcShift, a2Second.and(isOp(TILE_OP.SET_ADC)).and(adcBad.not()), arg0.resize(adcShift.width));
  q.set(gpar, a2Second.and(isOp(TILE_OP.SET_ADC)).and(adcBad.not()), w.resize(GB));
  // start / count commands: the length follows from count; then the range.
  // (all in 32 bits: wider signals would be BigInt in the compiled simulation, evaluated every cycle)
  const count = w;
  const halfUp = count.shr(1).add(count.bit(0).uext(32));
  const quarterUp = count.shr(2).add(count.slice(1, 0).ne(0).uext(32));
  const len32 = len.uext(32);
  const transLen = count.ule(0xffffff).and(mulConst(count.slice(23, 0), E, 32).add(2).eq(len32));
  const lenOk = isOp(TILE_OP.READ_STATES).mux(len32.eq(2), isOp(TILE_OP.LOAD_LEVELS).mux(halfUp.add(2).eq(len32), isOp(TILE_OP.LOAD_TRANSITIONS).mux(transLen, quarterUp.add(2).eq(len32))));
  const size = isOp(TILE_OP.LOAD_LEVELS).mux(m.const(sz.levelEntries, 32), isOp(TILE_OP.LOAD_TRANSITIONS).mux(m.const(sz.transitionEntries, 32), m.const(sz.devices, 32)));
  const scOp = any([TILE_OP.WRITE_STATES, TILE_OP.READ_STATES, TILE_OP.WRITE_VARIANTS, TILE_OP.LOAD_LEVELS, TILE_OP.LOAD_TRANSITIONS].map(isOp));
  const sc = a2Second.and(scOp);
  const scBadLen = lenOk.not();
  const scBadRange = count.ugt(size).or(arg0.ugt(size.sub(count)));
  fail(sc.and(scBadLen), STATUS.BAD_LENGTH, moreArgs);
  fail(sc.and(scBadLen.not()).and(scBadRange), STATUS.ARG_OUT_OF_RANGE, moreArgs);
  const scGo = sc.and(scBadLen.not()).and(scBadRange.not());
  q.set(cRem, scGo, w);
  respond(scGo.and(w.eq(0)), 0, 0); // nothing to move
  const scRun = scGo.and(w.ne(0));
  const devOp = isOp(TILE_OP.WRITE_STATES).or(isOp(TILE_OP.READ_STATES)).or(isOp(TILE_OP.WRITE_VARIANTS));
  // Device index -> (high set, pair, slot): the pair index is then divided by C and L by repeated subtraction.
  const lowDevices = dpw * sz.pairs;
  const hiStart = m.const(p.carry ? 1 : 0, 1).and(arg0.uge(lowDevices));
  const inSet = hiStart.mux(arg0.sub(lowDevices), arg0);
  q.set(cHi, scRun, hiStart);
  q.set(cSlot, scRun, dpw === 2 ? inSet.bit(0) : m.const(0, 1));
  q.set(seekRem, scRun, dpw === 2 ? inSet.shr(1) : inSet);
  for (const r of [cI, cIG, cG, cLane, cJ]) q.set(r, scRun, 0);
  q.set(st, scRun.and(devOp), ST.SEEK_I);
  q.set(romAddr, scRun, arg0);
  q.set(st, scRun.and(isOp(TILE_OP.LOAD_LEVELS)), ST.LPAY);
  q.set(st, scRun.and(isOp(TILE_OP.LOAD_TRANSITIONS)), ST.TPAY);

  // ---------- SEEK: start device -> cursor ----------
  const seekI = is(ST.SEEK_I);
  const geC = seekRem.uge(C);
  q.set(seekRem, seekI.and(geC), seekRem.sub(C));
  q.set(cI, seekI.and(geC), cI.add(1));
  q.set(cIG, seekI.and(geC), cIG.add(G));
  q.set(cJ, seekI.and(geC.not()), seekRem.resize(jW));
  q.set(st, seekI.and(geC.not()), ST.SEEK_J);
  const seekJ = is(ST.SEEK_J);
  const geL = seekRem.uge(L);
  q.set(seekRem, seekJ.and(geL), seekRem.sub(L));
  q.set(cG, seekJ.and(geL), cG.add(1));
  const seekDone = seekJ.and(geL.not());
  q.set(cLane, seekDone, seekRem.resize(lW));
  q.set(st, seekDone.and(isOp(TILE_OP.READ_STATES).not()), ST.WPAY);
  respond(seekDone.and(isOp(TILE_OP.READ_STATES)), 0, cRem.shr(2).add(cRem.slice(1, 0).ne(0).uext(32)).resize(24));

  // Cursor advance: next slot, next column (lane, group), next row, then the high set.
  const advance = (cond: Signal) => {
    const nextPair = dpw === 2 ? cond.and(cSlot.eq(1)) : cond;
    if (dpw === 2) q.set(cSlot, cond, cSlot.not());
    const endRow = cJ.eq(C - 1);
    q.set(cJ, nextPair, endRow.mux(m.const(0, jW), cJ.add(1)));
    q.set(cLane, nextPair, endRow.or(cLane.eq(L - 1)).mux(m.const(0, lW), cLane.add(1)));
    q.set(cG, nextPair, endRow.mux(m.const(0, gW), cLane.eq(L - 1).mux(cG.add(1), cG)));
    const endSet = endRow.and(cI.eq(R - 1));
    q.set(cI, nextPair.and(endRow), endSet.mux(m.const(0, iW), cI.add(1)));
    q.set(cIG, nextPair.and(endRow), endSet.mux(m.const(0, aW + 1), cIG.add(G)));
    q.set(cHi, nextPair.and(endSet), 1);
    q.set(cRem, cond, cRem.sub(1));
  };
  const slotIdx = cHi.mux(m.const(dpw, 2), m.const(0, 2)).add(cSlot.uext(2)); // device slot of the cursor

  // ---------- WRITE_STATES / WRITE_VARIANTS payload ----------
  q.set(wordReg, is(ST.WPAY).and(take), w);
  q.set(byteIdx, is(ST.WPAY).and(take), 0);
  q.set(st, is(ST.WPAY).and(take), ST.WUNP);
  const wUnp = is(ST.WUNP);
  const curByte = mux(byteIdx, [0, 1, 2, 3].map((b) => wordReg.slice(8 * b + 7, 8 * b)));
  const wLimit = isOp(TILE_OP.WRITE_STATES).mux(m.const(N, 9), m.const(p.variants, 9));
  const wOk = curByte.uext(9).ult(wLimit);
  const wWrite = wUnp.and(wOk); // one device written this cycle
  const wordsLeft = argc.ne(len);
  fail(wUnp.and(wOk.not()), STATUS.ARG_OUT_OF_RANGE, wordsLeft);
  advance(wWrite);
  const wLast = cRem.eq(1);
  respond(wWrite.and(wLast), 0, 0);
  q.set(st, wWrite.and(wLast.not()).and(byteIdx.eq(3)), ST.WPAY);
  q.set(byteIdx, wWrite, byteIdx.add(1));

  // ---------- LOAD_LEVELS payload ----------
  q.set(wordReg, is(ST.LPAY).and(take), w);
  q.set(byteIdx, is(ST.LPAY).and(take), 0);
  q.set(st, is(ST.LPAY).and(take), ST.LUNP);
  const lUnp = is(ST.LUNP);
  const curHalf = byteIdx.bit(0).mux(wordReg.slice(31, 16), wordReg.slice(15, 0));
  const lOk = GB >= 16 ? m.const(1, 1) : curHalf.ult(2 ** GB);
  const lWrite = lUnp.and(lOk);
  fail(lUnp.and(lOk.not()), STATUS.ARG_OUT_OF_RANGE, wordsLeft);
  q.set(romAddr, lWrite, romAddr.add(1));
  q.set(cRem, lWrite, cRem.sub(1));
  respond(lWrite.and(cRem.eq(1)), 0, 0);
  q.set(st, lWrite.and(cRem.ne(1)).and(byteIdx.eq(1)), ST.LPAY);
  q.set(byteIdx, lWrite, byteIdx.add(1));

  // ---------- LOAD_TRANSITIONS payload: 1 + ceil(K/2) words per entry ----------
  const tTake = is(ST.TPAY).and(take);
  const thrOk: Signal[] = [];
  const fields: Signal[] = [];
  for (let k = K - 1; k >= 0; k--) {
    const hv = k % 2 === 0 ? w.slice(15, 0) : w.slice(31, 16);
    const mine = trWord.eq(1 + (k >> 1));
    thrOk.push(P >= 16 ? m.const(1, 1) : mine.not().or(hv.ult(2 ** P)));
    fields.push(mine.mux(hv.resize(P), trEntry.slice(8 + (k + 1) * P - 1, 8 + k * P)));
  }
  fields.push(trWord.eq(0).mux(w.slice(7, 0), trEntry.slice(7, 0)));
  const entryNext = concat(...fields);
  const tOk = any(thrOk.map((x) => x.not())).not();
  q.set(trEntry, tTake, entryNext);
  fail(tTake.and(tOk.not()), STATUS.ARG_OUT_OF_RANGE, lastArg.not());
  const tEnd = tTake.and(tOk).and(trWord.eq(E - 1));
  const tWrite = tEnd;
  q.set(trWord, tTake.and(tOk), trWord.eq(E - 1).mux(m.const(0, 3), trWord.add(1)));
  q.set(romAddr, tWrite, romAddr.add(1));
  q.set(cRem, tWrite, cRem.sub(1));
  respond(tTake.and(tOk).and(lastArg), 0, 0);

  // ---------- READ_STATES: 2 cycles per device, 4 per word ----------
  q.set(st, is(ST.RD_A), ST.RD_B);
  const rdB = is(ST.RD_B);
  // (the state memories' read data for the cursor address is muxed below, once they exist)
  const rdByte = m.wire('rd_byte', 8);
  q.set(wordReg, rdB, wordReg.or(rdByte.uext(32).shl(byteIdx.uext(5).shl(3))));
  advance(rdB);
  const rdFull = cRem.eq(1).or(byteIdx.eq(3));
  q.set(st, rdB, rdFull.mux(m.const(ST.RD_EMIT, 6), m.const(ST.RD_A, 6)));
  q.set(byteIdx, rdB, byteIdx.add(1));
  const give = rspReady.and(any([ST.RSP_HDR, ST.RSP_RES, ST.RD_EMIT, ST.O_EMIT, ST.O_CYC].map(is)));
  const rdGive = is(ST.RD_EMIT).and(give);
  q.set(wordReg, rdGive, 0);
  q.set(byteIdx, rdGive, 0);
  q.set(st, rdGive, cRem.eq(0).mux(m.const(ST.IDLE, 6), m.const(ST.RD_A, 6)));

  // ---------- UPDATE arguments: row codes, then column codes ----------
  const rowWords = Math.ceil(R / 4);
  for (const [pay, unp] of [[ST.UROW, ST.URUNP], [ST.UCOL, ST.UCUNP], [ST.FIN, ST.FUNP], [ST.XIN, ST.XUNP]] as const) {
    q.set(wordReg, is(pay).and(take), w);
    q.set(byteIdx, is(pay).and(take), 0);
    q.set(st, is(pay).and(take), unp);
  }
  const code8 = curByte; // the byte being unpacked, as a signed code
  const code16 = curHalf;
  const rowUnp = is(ST.URUNP);
  const inRowRange = ui.ult(R);
  const rowBad = inRowRange.and(abs(code8).ugt(p.rowSlots));
  const rowAppend = rowUnp.and(inRowRange).and(code8.ne(0)).and(rowBad.not());
  const rowStep = rowUnp.and(inRowRange);
  q.set(errFlag, rowUnp.and(rowBad), 1);
  q.set(nzRows, rowAppend, nzRows.add(1));
  q.set(ui, rowStep, ui.add(1));
  q.set(uiG, rowStep, uiG.add(G));
  q.set(uiC, rowStep, uiC.add(C));
  q.set(byteIdx, rowUnp, byteIdx.add(1));
  q.set(st, rowUnp.and(byteIdx.eq(3)), argc.eq(rowWords).mux(m.const(ST.UCOL, 6), m.const(ST.UROW, 6)));

  // Column codes (UPDATE, 8-bit) and transposed inputs (TRANSPOSE, 16-bit): per lane buffer, group list.
  const colUnp = is(ST.UCUNP);
  const xUnp = is(ST.XUNP);
  const cUnp = colUnp.or(xUnp);
  const inColRange = uj.ult(C);
  const dLim = 2 ** (p.dacBits - 1);
  const inputBad = (x16: Signal) => x16.slt(m.const(-dLim, 16)).or(x16.sgt(m.const(dLim - 1, 16)));
  const colVal = colUnp.mux(code8.sext(16), code16);
  const colBad = inColRange.and(colUnp.mux(abs(code8).ugt(p.colLevels), dLim >= 32768 ? m.const(0, 1) : inputBad(code16)));
  const cStep = cUnp.and(inColRange);
  const groupEnd = ul.eq(L - 1).or(uj.eq(C - 1));
  const actNow = gAct.or(colVal.ne(0));
  const gAppend = cStep.and(groupEnd).and(actNow);
  q.set(errFlag, cUnp.and(colBad), 1);
  q.set(nGroups, gAppend, nGroups.add(1));
  q.set(uj, cStep, uj.add(1));
  q.set(ul, cStep, groupEnd.mux(m.const(0, lW), ul.add(1)));
  q.set(ug, cStep.and(groupEnd), ug.add(1));
  q.set(ugL, cStep.and(groupEnd), ugL.add(L));
  q.set(gAct, cStep, groupEnd.mux(m.const(0, 1), actNow));
  const errNow = (bad: Signal) => errFlag.or(bad);
  q.set(byteIdx, cUnp, byteIdx.add(1));
  const colWordDone = colUnp.and(byteIdx.eq(3));
  q.set(st, colWordDone.and(wordsLeft), ST.UCOL);
  respond(colWordDone.and(wordsLeft.not()).and(errNow(colBad)), STATUS.ARG_OUT_OF_RANGE, 0);
  q.set(st, colWordDone.and(wordsLeft.not()).and(errNow(colBad).not()), ST.USEED0);
  const xWordDone = xUnp.and(byteIdx.eq(1));
  q.set(st, xWordDone.and(wordsLeft), ST.XIN);
  respond(xWordDone.and(wordsLeft.not()).and(errNow(colBad)), STATUS.ARG_OUT_OF_RANGE, 0);
  const xGo = xWordDone.and(wordsLeft.not()).and(errNow(colBad).not());
  q.set(st, xGo, ST.XRUN);
  q.set(iss, xGo, nGroups.ne(0).or(gAppend));

  // ---------- FORWARD arguments: inputs, non-zero ones listed ----------
  const fUnp = is(ST.FUNP);
  const inBad = inRowRange.and(dLim >= 32768 ? m.const(0, 1) : inputBad(code16));
  const fAppend = fUnp.and(inRowRange).and(code16.ne(0)).and(inBad.not());
  const fStep = fUnp.and(inRowRange);
  q.set(errFlag, fUnp.and(inBad), 1);
  q.set(nzRows, fAppend, nzRows.add(1));
  q.set(ui, fStep, ui.add(1));
  q.set(uiG, fStep, uiG.add(G));
  q.set(byteIdx, fUnp, byteIdx.add(1));
  const fWordDone = fUnp.and(byteIdx.eq(1));
  q.set(st, fWordDone.and(wordsLeft), ST.FIN);
  respond(fWordDone.and(wordsLeft.not()).and(errNow(inBad)), STATUS.ARG_OUT_OF_RANGE, 0);
  const fGo = fWordDone.and(wordsLeft.not()).and(errNow(inBad).not());
  q.set(st, fGo, ST.FRUN);
  q.set(iss, fGo, nzRows.ne(0).or(fAppend));

  // ---------- memories ----------
  // A list is read the cycle after its last entry may have been written (the first issue follows the last
  // argument): forward the written word when the addresses meet (block RAM reads the old word).
  const writeFirst = (name: string, data: Signal, raddr: Signal, waddr: Signal, wdata: Signal, wen: Signal) => {
    const hit = m.reg(`${name}_hit`, 1);
    const held = m.reg(`${name}_fwd`, wdata.width);
    hit.next(wen.and(waddr.eq(raddr)));
    held.next(wdata);
    return hit.mux(held, data);
  };
  // Row list (UPDATE rows / FORWARD inputs): {code 16, row base i*G, row pair base i*C}.
  const rlW = 16 + (aW + 1) + kW;
  const rlDepth = Math.max(2, 2 ** bitsFor(R));
  const rlist = m.memory('row_list', { width: rlW, depth: rlDepth });
  const rlAddrW = Math.log2(rlDepth);
  const rlWAddr = nzRows.resize(rlAddrW);
  const rlWData = concat(rowUnp.mux(code8.sext(16), code16), uiG, uiC);
  const rlWEn = rowAppend.or(fAppend);
  rlist.write(rlWAddr, rlWData, rlWEn);
  const rlRead = m.wire('row_list_addr', rlAddrW);
  const rlData = writeFirst('row_list', rlist.read(rlRead), rlRead, rlWAddr, rlWData, rlWEn);
  const rlCode = rlData.slice(rlW - 1, rlW - 16);
  const rlBase = rlData.slice(rlW - 17, kW);
  const rlPairBase = rlData.slice(kW - 1, 0);
  // Group list (UPDATE / TRANSPOSE): {group g, first column g*L}.
  const glW = gW + jW;
  const gDepth = Math.max(2, 2 ** bitsFor(G));
  const glist = m.memory('group_list', { width: glW, depth: gDepth });
  const gAddrW = Math.log2(gDepth);
  const glWAddr = nGroups.resize(gAddrW);
  const glWData = concat(ug, ugL);
  glist.write(glWAddr, glWData, gAppend);
  const glRead = m.wire('group_list_addr', gAddrW);
  const glData = writeFirst('group_list', glist.read(glRead), glRead, glWAddr, glWData, gAppend);
  const glG = glData.slice(glW - 1, jW);
  const glJ = glData.slice(jW - 1, 0);

  // The one address all state / variant memories read (per phase of the state machine).
  const stAddr = m.wire('st_addr', aW);
  // Per lane: column code / transposed input buffer by group.
  const cbuf = Array.from({ length: L }, (_, l) => {
    const mem = m.memory(`col_buf${l}`, { width: 16, depth: gDepth });
    mem.write(ug.resize(gAddrW), colVal, cStep.and(ul.eq(l)).and(colBad.not()));
    return mem;
  });
  const cbufAddr = m.wire('col_buf_addr', gAddrW);
  const cbufData = cbuf.map((mem) => mem.read(cbufAddr));

  // Level ROM: one read port per (lane, slot).
  const lvlAW = Math.log2(lay.lvlDepth);
  const lvl = m.memory('level_rom', { width: GB, depth: lay.lvlDepth });
  lvl.write(romAddr.resize(lvlAW), curHalf.resize(GB), lWrite);
  // Transition ROM: one read port per lane.
  const trnAW = Math.log2(lay.trnDepth);
  const trn = m.memory('transition_rom', { width: lay.trnBits, depth: lay.trnDepth });
  trn.write(romAddr.resize(trnAW), entryNext, tWrite);

  // ---------- execution: UPDATE pair-steps ----------
  const uPair = is(ST.UPAIR);
  const last = (x: Signal, n: Signal) => x.eq(n.sub(1).resize(x.width));
  const lastGroup = last(gidx, nGroups);
  const rowEnd = p.fault === 'row-list-off-by-one' ? ridx.eq(nzRows.resize(iW)) : last(ridx, nzRows);
  // Serial: a pair-step ends in its last RNG phase; pipelined: every cycle of UPAIR issues one.
  const stepEnd = pipelined ? uPair : uPair.and(ph.eq(SERIAL_DRAW.PAIR_PHASES - 1));
  if (!pipelined) {
    q.set(ph, uPair, ph.add(1));
    q.set(ph, stepEnd, 0);
  }
  q.set(gidx, stepEnd, lastGroup.mux(m.const(0, gW), gidx.add(1)));
  q.set(ridx, stepEnd.and(lastGroup), ridx.add(1));
  // Seed part of the RNG key, then the first pair-step (or nothing to do).
  q.set(st, is(ST.USEED0), ST.USEED1);
  q.set(step, is(ST.USEED0), step.add(1));
  q.set(cntUpd, is(ST.USEED0), cntUpd.add(1));
  q.set(st, is(ST.USEED1), ST.USEED2);
  const rngPhase = is(ST.USEED0).mux(m.const(SERIAL_DRAW.SEED_PHASE_0, 4), is(ST.USEED1).mux(m.const(SERIAL_DRAW.SEED_PHASE_1, 4), ph));
  const rngRun = any([ST.USEED0, ST.USEED1, ST.UPAIR].map(is));
  const nothing = nzRows.eq(0).or(nGroups.eq(0));
  respond(is(ST.USEED2).and(nothing), 0, 2);
  q.set(st, is(ST.USEED2).and(nothing.not()), ST.UPAIR);

  // ---------- execution: FORWARD / TRANSPOSE / CARRY issue counters ----------
  const fRun = is(ST.FRUN);
  const xRun = is(ST.XRUN);
  const cRun = is(ST.CRUN);
  // FORWARD: g outer (pG), listed input inner (pI).
  const fLastIn = last(pI, nzRows);
  const fIssue = fRun.and(iss);
  q.set(pI, fIssue, fLastIn.mux(m.const(0, iW), pI.add(1)));
  q.set(pG, fIssue.and(fLastIn), pG.add(1));
  q.set(iss, fIssue.and(fLastIn).and(pG.eq(G - 1)), 0);
  // TRANSPOSE: row outer (pI, pIG), listed group inner (gidx).
  const xIssue = xRun.and(iss);
  const xLastG = lastGroup;
  q.set(gidx, xIssue, xLastG.mux(m.const(0, gW), gidx.add(1)));
  q.set(pI, xIssue.and(xLastG), pI.add(1));
  q.set(pIG, xIssue.and(xLastG), pIG.add(G));
  q.set(iss, xIssue.and(xLastG).and(pI.eq(R - 1)), 0);
  // CARRY: row outer, group inner, every (row, group).
  const cIssue = cRun.and(iss);
  const cLastG = pG.eq(G - 1);
  q.set(pG, cIssue, cLastG.mux(m.const(0, gW), pG.add(1)));
  q.set(pI, cIssue.and(cLastG), pI.add(1));
  q.set(pIG, cIssue.and(cLastG), pIG.add(G));
  q.set(iss, cIssue.and(cLastG).and(pI.eq(R - 1)), 0);
  // The issue ends: the ADC time (reads), or the response (carry; its last write lands during the header).
  q.set(st, fRun.and(iss.not()), ST.FADC);
  q.set(st, xRun.and(iss.not()), ST.FADC);
  q.set(adcCnt, fRun.or(xRun), 0);
  respond(cRun.and(iss.not()), 0, 2);
  const fadc = is(ST.FADC);
  const adcM = isOp(TILE_OP.FORWARD).mux(m.const(M_F, adcCnt.width), m.const(M_T, adcCnt.width));
  q.set(adcCnt, fadc, adcCnt.add(1));
  respond(fadc.and(adcCnt.eq(adcM.sub(1))), 0, isOp(TILE_OP.FORWARD).mux(m.const(Math.ceil(C / 2) + 1, 24), m.const(Math.ceil(R / 2) + 1, 24)));

  // Stage registers of the read pipelines (FORWARD, TRANSPOSE) and of CARRY's write-back.
  const v1 = m.reg('v1', 1);
  const v2 = m.reg('v2', 1);
  const first1 = m.reg('first1', 1);
  const first2 = m.reg('first2', 1);
  const last1 = m.reg('last1', 1);
  const last2 = m.reg('last2', 1);
  const out1 = m.reg('out1', Math.max(iW, gW));
  const out2 = m.reg('out2', Math.max(iW, gW));
  const x1 = m.reg('x1', 16);
  const x2 = m.reg('x2', 16);
  const j1 = m.reg('j1', jW);
  const a1 = m.reg('a1', aW);
  const readIssue = fIssue.or(xIssue);
  v1.next(readIssue.or(cIssue));
  v2.next(v1.and(isOp(TILE_OP.CARRY).not()));
  first1.next(fRun.mux(pI.eq(0), gidx.eq(0)));
  last1.next(fRun.mux(fLastIn, xLastG));
  out1.next(fRun.mux(pG.resize(out1.width), pI.resize(out1.width)));
  x1.next(rlCode);
  first2.next(first1);
  last2.next(last1);
  out2.next(out1);
  x2.next(x1);
  j1.next(cRun.mux(mulConst(pG, L, jW), glJ));
  a1.next(stAddr);

  // List read addresses: the next value of the index that walks the list (so data and index agree each cycle).
  rlRead.assign(uPair.mux(q.next(ridx), q.next(pI)).resize(rlAddrW));
  glRead.assign(q.next(gidx).resize(gAddrW));
  // Memory addresses by phase: the cursor (READ/WRITE_STATES), the listed row + listed group (UPDATE), the listed
  // input + group counter (FORWARD), the row counter + listed group (TRANSPOSE), both counters (CARRY).
  const add = (a: Signal, b: Signal) => a.resize(aW).add(b.resize(aW));
  stAddr.assign(
    uPair.mux(add(rlBase, glG), fRun.mux(add(rlBase, pG), xRun.mux(add(pIG, glG), cRun.mux(add(pIG, pG), add(cIG, cG))))),
  );
  cbufAddr.assign(uPair.or(xRun).mux(glG.resize(gAddrW), q.next(ug).resize(gAddrW)));

  // Stage registers of the pipelined UPDATE (shared by the lanes): valid, row code, column and stream bases of the
  // pair-step issued last cycle (stage 1), and the state address of stage 2.
  const stage = (name: string, width: number, d: Signal) => {
    const r = m.reg(name, width);
    r.next(d);
    return r;
  };
  const pu = pipelined
    ? {
        v1: stage('pu_v1', 1, uPair),
        r1: stage('pu_r1', 8, rlCode.slice(7, 0)),
        j1: stage('pu_j1', jW, glJ),
        k1: stage('pu_k1', 32, rlPairBase.uext(32).add(glJ.uext(32))),
        a2: stage('pu_a2', aW, a1),
      }
    : undefined;
  const rsc = p.rowSlots * p.colLevels;
  /** Transition-ROM address of a device: (variant, direction, state) block, then the request p - 1 within it. */
  const transitionIndex = (vv: Signal, dir: Signal, ns: Signal, pReqM1: Signal) => {
    const base = mulConst(vv, 2 * N, trnAW).add(dir.mux(m.const(N, trnAW), m.const(0, trnAW))).add(ns.uext(trnAW));
    return mulConst(base, rsc, trnAW).add(pReqM1.resize(trnAW));
  };
  // ---------- per lane datapath ----------
  const stepNew = step; // step was incremented in USEED0
  const shiftP = 16 - P;
  const laneTouched: Signal[] = [];
  const laneCarried: Signal[] = [];
  const rdBytes: Signal[][] = [];
  const transProducts: Signal[] = [];
  const resF: Signal[] = [];
  let seedKeyFrom: Signal | undefined;
  const rCode = rlCode.slice(7, 0);
  const rMag = abs(rCode).resize(7);
  for (let l = 0; l < L; l++) {
    const stMems = Array.from({ length: slots }, (_, s) => m.memory(`states${l}_${s}`, { width: S, depth: lay.stDepth }));
    const varMems = Array.from({ length: slots }, (_, s) => m.memory(`variants${l}_${s}`, { width: lay.vBits, depth: lay.stDepth }));
    const n = stMems.map((mm) => mm.read(stAddr));
    const v = varMems.map((mm) => mm.read(stAddr));
    rdBytes.push(n.map((x) => x.uext(8)));
    // Level codes of the pair's devices.
    const lv = n.map((ns, s) => lvl.read(mulConst(v[s]!, N, lvlAW).add(ns.resize(lvlAW))));
    const L0 = lv[0]!.uext(lay.wW);
    let W: Signal;
    if (parallel) W = L0.sub(gpar.uext(lay.wW));
    else {
      W = L0.sub(lv[1]!.uext(lay.wW));
      if (p.carry) W = mulConst(lv[2]!.uext(lay.wW).sub(lv[3]!.uext(lay.wW)), N, lay.wW).add(W);
    }
    // FORWARD: this lane's column accumulates x * W over the listed inputs of the group.
    const prodF = x2.smul(W, accW);
    const accF = m.reg(`acc${l}`, accW);
    const accFNext = first2.mux(prodF, accF.add(prodF));
    accF.next(v2.and(isOp(TILE_OP.FORWARD)).mux(accFNext, accF));
    const resMem = m.memory(`res_fwd${l}`, { width: accW, depth: gDepth });
    resMem.write(out2.resize(gAddrW), accFNext, v2.and(last2).and(isOp(TILE_OP.FORWARD)));
    resF.push(resMem.read(oG.resize(gAddrW)));
    // TRANSPOSE: this lane's input y_j (delayed to stage 2) times W.
    const y2 = m.reg(`y2_${l}`, 16);
    y2.next(cbufData[l]!);
    transProducts.push(y2.smul(W, accW));

    // UPDATE: the pair of this lane in the current pair-step.
    const cCode = cbufData[l]!.slice(7, 0);
    const laneActive = uPair.and(glJ.resize(jW).add(l).ult(C)).and(cCode.ne(0));
    const pReq = rMag.uext(14).mul(abs(cCode).resize(7).uext(14), 14).sub(1); // p - 1
    const up = rCode.msb().eq(cCode.msb());
    const romIndex = (vv: Signal, dir: Signal, ns: Signal) => transitionIndex(vv, dir, ns, pReq);
    const dirP = up.not();
    const addrP = romIndex(v[0]!, dirP, n[0]!);
    const addrM = parallel ? addrP : romIndex(v[1]!, up, n[1]!);
    const trnData = pipelined ? m.const(0, lay.trnBits) : trn.read(ph.eq(1).mux(addrP, addrM));
    const entryP = m.reg(`entry_p${l}`, lay.trnBits);
    entryP.next(pipelined ? entryP : ph.eq(2).mux(trnData, entryP));
    const k = rlPairBase.uext(32).add(glJ.uext(32)).add(l);
    let nP: Signal;
    let nM: Signal | undefined;
    let uWrite: Signal;
    let uAddr: Signal;
    if (!pipelined) {
      const rng = serialDraw(m, `rng${l}`, { phase: rngPhase, run: rngRun, stream: k, seed, seedKey, step: stepNew });
      if (l === 0) seedKeyFrom = rng.seedKey;
      const bits = rng.bits;
      nP = moveLogic(n[0]!, parallel ? trnData : entryP, bits.slice(15, shiftP), K, P, N);
      nM = parallel ? undefined : moveLogic(n[1]!, trnData, bits.slice(31, 16 + shiftP), K, P, N);
      uWrite = stepEnd.and(laneActive);
      uAddr = stAddr;
      laneTouched.push(laneActive);
    } else {
      // Stage 1 (the pair issued last cycle): states, variants and column code are read; the draw and both
      // transition addresses are computed, both transition entries read (two ports).
      const { v1: pv1, r1: pr1, j1: pj1, k1: pk1, a2: pa2 } = pu!;
      const cCode1 = cbufData[l]!.slice(7, 0);
      const active1 = pv1.and(pj1.add(l).ult(C)).and(cCode1.ne(0));
      laneTouched.push(active1);
      const pReq1 = abs(pr1).resize(7).uext(14).mul(abs(cCode1).resize(7).uext(14), 14).sub(1);
      const up1 = pr1.msb().eq(cCode1.msb());
      const romIndex1 = (vv: Signal, dir: Signal, ns: Signal) => transitionIndex(vv, dir, ns, pReq1);
      // Outside UPDATE the addresses rest at 0: a simulation reads one cached word instead of random ones.
      const rest = (x: Signal) => pv1.mux(x, m.const(0, trnAW));
      const trnP = trn.read(rest(romIndex1(v[0]!, up1.not(), n[0]!)));
      const trnM = parallel ? trnP : trn.read(rest(romIndex1(v[1]!, up1, n[1]!)));
      const stream1 = pk1.add(l);
      const key1 = streamKeyFromSeedKeyLogic(seedKey, stream1);
      const bits2 = stage(`bits2_${l}`, 32, drawWithKeyLogic(key1, stepNew));
      const act2 = stage(`act2_${l}`, 1, active1);
      const n2 = n.slice(0, dpw).map((x, s) => stage(`n2_${l}_${s}`, S, x));
      // Stage 2: move both devices, write back (the address of stage 2; the fault writes at stage 1's).
      nP = moveLogic(n2[0]!, trnP, bits2.slice(15, shiftP), K, P, N);
      nM = parallel ? undefined : moveLogic(n2[1]!, trnM, bits2.slice(31, 16 + shiftP), K, P, N);
      uWrite = act2;
      uAddr = p.fault === 'pipeline-write-early' ? a1 : pa2;
    }

    // CARRY: stage 1 computes and writes back at the issued address.
    const cv = v1.and(isOp(TILE_OP.CARRY)).and(j1.add(l).ult(C));
    const cr = p.carry ? carryLogic(n[2]!, n[3]!, n[0]!, n[1]!, N) : undefined;
    laneCarried.push(cr ? cv.and(cr.carried) : m.const(0, 1));
    const cWrite = cr ? cv.and(cr.carried) : m.const(0, 1);

    // Host writes (WRITE_STATES / WRITE_VARIANTS) at the cursor.
    const hostW = (s: number, which: number) => wWrite.and(isOp(which)).and(cLane.eq(l)).and(slotIdx.eq(s));
    stMems.forEach((mm, s) => {
      const updV = s === 0 ? nP : s === 1 ? nM : undefined;
      const carV = cr ? [cr.loP, cr.loM, cr.hiP, cr.hiM][s]! : undefined;
      const hw = hostW(s, TILE_OP.WRITE_STATES);
      const uw = updV ? uWrite : m.const(0, 1);
      const data = hw.mux(curByte.resize(S), uw.mux(updV ?? curByte.resize(S), carV ?? curByte.resize(S)));
      const addr = hw.mux(add(cIG, cG), uw.mux(uAddr, a1));
      mm.write(addr, data, hw.or(uw).or(cWrite));
    });
    varMems.forEach((mm, s) => mm.write(add(cIG, cG), curByte.resize(lay.vBits), hostW(s, TILE_OP.WRITE_VARIANTS)));
  }
  rdByte.assign(mux(cLane, rdBytes.map((lane) => mux(slotIdx, lane))));
  const lastStep = stepEnd.and(lastGroup).and(rowEnd);
  if (!pipelined) {
    q.set(touched, stepEnd, touched.add(popcount(laneTouched, 32)));
    respond(lastStep, 0, 2);
    q.set(res0, lastStep, touched.add(popcount(laneTouched, 32)));
    q.set(seedKey, is(ST.USEED2), seedKeyFrom!);
  } else {
    // The last pair-step's touched lanes are known in stage 1 (UDRAIN); its write lands during the header.
    q.set(st, lastStep, ST.UDRAIN);
    q.set(touched, pu!.v1, touched.add(popcount(laneTouched, 32)));
    respond(is(ST.UDRAIN), 0, 2);
    q.set(res0, is(ST.UDRAIN), touched.add(popcount(laneTouched, 32)));
    q.set(seedKey, is(ST.USEED2), seedKeyLogic(seed));
  }
  q.set(res0, v1.and(isOp(TILE_OP.CARRY)), res0.add(popcount(laneCarried, 32)));

  // TRANSPOSE: the lanes' products summed (adder tree), accumulated over the listed groups of the row.
  const tSum = transProducts.reduce((a, b) => a.add(b));
  const accT = m.reg('acc_t', accW);
  const accTNext = first2.mux(tSum, accT.add(tSum));
  accT.next(v2.and(isOp(TILE_OP.TRANSPOSE)).mux(accTNext, accT));
  const resTDepth = Math.max(2, 2 ** bitsFor(R));
  const resTMem = m.memory('res_trans', { width: accW, depth: resTDepth });
  resTMem.write(out2.resize(Math.log2(resTDepth)), accTNext, v2.and(last2).and(isOp(TILE_OP.TRANSPOSE)));
  const resT = resTMem.read(oIdx.resize(Math.log2(resTDepth)));

  // ---------- responses ----------
  const hdr = is(ST.RSP_HDR);
  const hdrGive = hdr.and(give);
  const resIdx = m.reg('res_idx', 3);
  const resGive = is(ST.RSP_RES).and(give);
  resIdx.next(hdrGive.mux(m.const(0, 3), resGive.mux(resIdx.add(1), resIdx)));
  const info = infoWords(p).map((x) => m.const(x >>> 0, 32));
  const resWord = isOp(TILE_OP.INFO).mux(mux(resIdx, info), isOp(TILE_OP.STATUS).mux(mux(resIdx, [cntCmd, cntErr, cntUpd, cntCyc]), resIdx.eq(0).mux(res0, ccount)));
  const nOut = isOp(TILE_OP.FORWARD).mux(m.const(C, oIdx.width), m.const(R, oIdx.width));
  const codesRead = isOp(TILE_OP.FORWARD).or(isOp(TILE_OP.TRANSPOSE));
  q.set(st, hdrGive.and(nres.ne(0)), isOp(TILE_OP.READ_STATES).mux(m.const(ST.RD_A, 6), codesRead.mux(m.const(ST.O_A, 6), m.const(ST.RSP_RES, 6))));
  // Codes out: two per word, each through the ADC; no listed input (group) means every sum is 0.
  q.set(st, is(ST.O_A), ST.O_B);
  const oB = is(ST.O_B);
  const noInputs = isOp(TILE_OP.FORWARD).mux(nzRows.eq(0), nGroups.eq(0));
  const sumOut = isOp(TILE_OP.FORWARD).mux(mux(oLane, resF), resT);
  const code = oIdx.uge(nOut).or(noInputs).mux(m.const(0, 16), adcLogic(sumOut, adcShift, p.adcBits));
  q.set(codeA, oB.and(half.eq(0)), code);
  q.set(codeB, oB.and(half.eq(1)), code);
  q.set(oIdx, oB, oIdx.add(1));
  const oWrap = oLane.eq(L - 1);
  q.set(oLane, oB, oWrap.mux(m.const(0, lW), oLane.add(1)));
  q.set(oG, oB.and(oWrap), oG.add(1));
  q.set(half, oB, half.not());
  q.set(st, oB, half.mux(m.const(ST.O_EMIT, 6), m.const(ST.O_A, 6)));
  const oGive = is(ST.O_EMIT).and(give);
  q.set(st, oGive, oIdx.uge(nOut).mux(m.const(ST.O_CYC, 6), m.const(ST.O_A, 6)));

  const data = hdr.mux(
    concat(status, nres),
    is(ST.RSP_RES).mux(resWord, is(ST.RD_EMIT).mux(wordReg, is(ST.O_EMIT).mux(concat(codeB, codeA), ccount))),
  );
  // The response's last word: count the command (STATUS reports the counters before its own count).
  const finalGive = any([
    hdrGive.and(nres.eq(0)),
    resGive.and(resIdx.uext(24).eq(nres.sub(1))),
    rdGive.and(cRem.eq(0)),
    is(ST.O_CYC).and(give),
  ]);
  q.set(st, finalGive, ST.IDLE);
  q.set(cntCmd, finalGive, cntCmd.add(1));
  q.set(cntErr, finalGive.and(status.ne(0)), cntErr.add(1));
  const reports = status.eq(0).and(any([TILE_OP.UPDATE, TILE_OP.CARRY, TILE_OP.FORWARD, TILE_OP.TRANSPOSE].map(isOp)));
  q.set(cntCyc, finalGive.and(reports), cntCyc.add(ccount));

  // Compute cycles: from the cycle after the last argument word (the header of a command without arguments) to
  // the cycle before the response header; frozen while the response goes out.
  const inResponse = any([ST.RSP_HDR, ST.RSP_RES, ST.O_A, ST.O_B, ST.O_EMIT, ST.O_CYC, ST.RD_A, ST.RD_B, ST.RD_EMIT].map(is));
  q.set(ccount, inResponse.not(), ccount.add(1));
  q.set(ccount, hTake.and(hLen.eq(0)).or(argTake.and(lastArg)), 0);

  q.finish();
  m.output('cmd_ready', cmdReady);
  m.output('rsp_valid', any([ST.RSP_HDR, ST.RSP_RES, ST.RD_EMIT, ST.O_EMIT, ST.O_CYC].map(is)));
  m.output('rsp_data', data);
});
