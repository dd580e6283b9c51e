// The link top: UART (or, with byte_mode = 1, a byte port straight into the FIFOs) -> RX FIFO -> frame receiver
// -> command processor -> the attached core's command port; responses -> COBS encoder -> TX FIFO -> UART. The
// command processor (this file) implements protocol.ts: error responses for bad frames, link commands answered
// here, core commands forwarded word by word while the core's response words are stored with their running CRC;
// the last response is kept, so a frame repeating the last sequence number is answered again without executing.
// Ports: rx, tx (8N1 at clocksPerBit); byte_mode, bi_valid/bi_data/bi_ready (bytes in), bo_valid/bo_data/bo_ready
// (bytes out); idle (nothing in flight: the Verilator harness may sleep).
import { concat, defineModule, mux, type Signal } from '../../kernel/index.ts';
import { anyOf, nextOf } from '../../kernel/lib/next-state.ts';
import { COMMAND_PORT, STATUS } from '../../semantics/command-port.ts';
import { findAttachable, type LinkConfig } from '../attach.ts';
import { CRC32, LINK_COUNTERS, LINK_MAGIC, LINK_OPCODES, LINK_OPCODE_BASE, LINK_PROTOCOL_VERSION, LINK_STATUS, IDENTIFY_RESULTS, type LinkIdentity } from '../protocol.ts';
import { byteFifo } from './byte-fifo.ts';
import { cobsEncoder } from './cobs-encoder.ts';
import { crcNext } from './crc32-network.ts';
import { frameRx } from './frame-rx.ts';
import { uartRx } from './uart-rx.ts';
import { uartTx } from './uart-tx.ts';

export type LinkTopParams = LinkConfig & LinkIdentity & Record<string, unknown>;

const P = { IDLE: 0, HDR: 1, FWD: 2, LINK: 3, COMMIT: 4, ERR: 5, TXSTART: 6, TX: 7 } as const;

export const linkTop = defineModule('dwlink', (m, p: LinkTopParams) => {
  const { maxWords, clocksPerBit, fifoDepth } = p.link;
  const aw = Math.log2(maxWords);
  const cw = aw + 1; // word counts 0..maxWords
  const rx = m.input('rx', 1);
  const byteMode = m.input('byte_mode', 1);
  const biValid = m.input('bi_valid', 1);
  const biData = m.input('bi_data', 8);
  const boReady = m.input('bo_ready', 1);

  // ---- receive path ----
  const urx = m.instance('urx', uartRx, { clocksPerBit }, { rx });
  const rxIn = byteMode.mux(biValid, urx.out('valid'));
  const rxByte = byteMode.mux(biData, urx.out('data'));
  const frxAck = m.wire('frx_ack', 1);
  const frxAddr = m.wire('frx_addr', aw);
  const rxPop = m.wire('rxf_pop', 1);
  const rxf = byteFifo(m, 'rxf', fifoDepth, rxIn, rxByte, rxPop);
  const frx = m.instance('frx', frameRx, { maxWords }, { in_valid: rxf.outValid, in_data: rxf.outData, ack: frxAck, rd_addr: frxAddr });
  rxPop.assign(frx.out('in_ready'));

  // ---- processor state ----
  const pst = m.reg('pst', 3);
  const at = (s: number) => pst.eq(s);
  const op = m.reg('op', 8);
  const lstat = m.reg('lstat', 8);
  const lnres = m.reg('lnres', cw);
  const pidx = m.reg('pidx', cw);
  const fetched = m.reg('fetched', 1);
  const sentAll = m.reg('sent_all', 1);
  const rspDone = m.reg('rsp_done', 1);
  const widx = m.reg('widx', cw);
  const rspN = m.reg('rsp_n', 25);
  const crcAcc = m.reg('crc_acc', 32);
  const rspLen = m.reg('rsp_len', cw);
  const rspCrc = m.reg('rsp_crc', 32);
  const rspSeq = m.reg('rsp_seq', 8);
  const haveLast = m.reg('have_last', 1);
  const errMode = m.reg('err_mode', 1);
  const errStatus = m.reg('err_status', 8);
  const errCrc = m.reg('err_crc', 32);
  const coreRst = m.reg('core_rst', 1);
  const cycles = m.reg('cycles', 32);
  cycles.next(cycles.add(1));

  const fdone = frx.out('done');
  const fstatus = frx.out('status');
  const fseq = frx.out('seq');
  const fwords = frx.out('nwords');
  const fdata = frx.out('rd_data');
  const hdrOp = fdata.slice(31, 24);
  const hdrLen = fdata.slice(23, 0);

  // ---- the core ----
  const cmdValid = at(P.FWD).and(fetched).and(sentAll.not());
  const rspReady = at(P.FWD).and(rspDone.not());
  const core = m.instance('core', findAttachable(p.core).def, p.coreParams, {
    [COMMAND_PORT.inputs.cmdValid]: cmdValid,
    [COMMAND_PORT.inputs.cmdData]: fdata,
    [COMMAND_PORT.inputs.rspReady]: rspReady,
    rst: m.rst.or(coreRst),
  });
  const cmdFire = cmdValid.and(core.out(COMMAND_PORT.outputs.cmdReady));
  const rspData = core.out(COMMAND_PORT.outputs.rspData);
  const rspFire = rspReady.and(core.out(COMMAND_PORT.outputs.rspValid));

  // ---- decisions at the header ----
  const frameIn = at(P.IDLE).and(fdone);
  const frameBad = frameIn.and(fstatus.ne(0));
  const frameGood = frameIn.and(fstatus.eq(0));
  const inHdr = at(P.HDR);
  const lenMismatch = hdrLen.ne(fwords.sub(1).uext(24));
  const replay = haveLast.and(fseq.eq(rspSeq));
  const isLink = hdrOp.uge(LINK_OPCODE_BASE);
  const hdrErr = inHdr.and(lenMismatch);
  const hdrReplay = inHdr.and(lenMismatch.not()).and(replay);
  const hdrLink = inHdr.and(lenMismatch.not()).and(replay.not()).and(isLink);
  const hdrFwd = inHdr.and(lenMismatch.not()).and(replay.not()).and(isLink.not());
  const noArgs = hdrLen.eq(0);
  const is = (o: number) => hdrOp.eq(o);
  const bad = STATUS.BAD_LENGTH;
  const linkStat = is(LINK_OPCODES.ECHO).mux(
    STATUS.OK,
    anyOf(is(LINK_OPCODES.IDENTIFY), is(LINK_OPCODES.STATUS), is(LINK_OPCODES.RESET), is(LINK_OPCODES.CYCLES)).mux(noArgs.mux(STATUS.OK, bad), STATUS.UNKNOWN_OPCODE),
  );
  const okNres = (n: number) => noArgs.mux(n, 0);
  const linkNres = is(LINK_OPCODES.ECHO).mux(
    hdrLen.resize(cw),
    is(LINK_OPCODES.IDENTIFY).mux(okNres(IDENTIFY_RESULTS.length), is(LINK_OPCODES.STATUS).mux(okNres(LINK_COUNTERS.length), is(LINK_OPCODES.CYCLES).mux(okNres(1), 0))),
  );
  const crcSeq = crcNext(m.const(CRC32.init, 32), fseq);

  // ---- counters (STATUS) ----
  const counter = (name: string, inc: Signal) => {
    const r = m.reg(`n_${name}`, 32);
    nextOf(r, [[inc, r.add(1)]]);
    return r;
  };
  const rxOverrun = rxIn.and(rxf.inReady.not());
  const incs: Record<(typeof LINK_COUNTERS)[number][0], Signal> = {
    framesOk: frameGood,
    crcErrors: frameBad.and(fstatus.eq(LINK_STATUS.BAD_CRC)),
    frameErrors: frameBad.and(fstatus.ne(LINK_STATUS.BAD_CRC)),
    executed: hdrFwd,
    replays: hdrReplay,
    rxOverruns: rxOverrun,
    uartErrors: byteMode.not().and(urx.out('frame_err')),
  };
  const counters = LINK_COUNTERS.map(([k]) => counter(k, incs[k]));

  // ---- response words ----
  const linkFetchDone = at(P.LINK).and(fetched);
  const identify = [LINK_MAGIC, LINK_PROTOCOL_VERSION, p.coreId, p.paramHash, maxWords, clocksPerBit].map((v) => m.const(v >>> 0, 32));
  const ridx = widx.sub(1);
  const sel = (ws: Signal[]) => mux(ridx.resize(Math.max(1, Math.ceil(Math.log2(ws.length)))), ws);
  const linkWord = widx
    .eq(0)
    .mux(
      concat(lstat, lnres.uext(24)),
      op.eq(LINK_OPCODES.IDENTIFY).mux(sel(identify), op.eq(LINK_OPCODES.STATUS).mux(sel(counters), op.eq(LINK_OPCODES.CYCLES).mux(cycles, fdata))),
    );
  const linkWrite = linkFetchDone;
  const wen = rspFire.or(linkWrite);
  const wdata = at(P.FWD).mux(rspData, linkWord);
  const errWord = concat(errStatus, m.const(0, 24));
  const crcStep = crcNext(crcAcc, at(P.ERR).mux(errWord, wdata));
  const lastLinkWord = widx.eq(lnres);
  const respHdrWords = rspData.slice(23, 0).uext(25).add(1);
  const rspLast = widx.eq(0).mux(rspData.slice(23, 0).eq(0), widx.uext(25).eq(rspN.sub(1)));

  const encDone = m.wire('enc_done', 1);
  nextOf(pst, [
    [frameBad, P.ERR],
    [frameGood, P.HDR],
    [hdrErr, P.ERR],
    [hdrReplay, P.TXSTART],
    [hdrLink, P.LINK],
    [hdrFwd, P.FWD],
    [at(P.FWD).and(sentAll).and(rspDone), P.COMMIT],
    [linkWrite.and(lastLinkWord), P.COMMIT],
    [at(P.COMMIT), P.TXSTART],
    [at(P.ERR), P.TXSTART],
    [at(P.TXSTART), P.TX],
    [at(P.TX).and(encDone), P.IDLE],
  ]);
  nextOf(op, [[inHdr, hdrOp]]);
  nextOf(lstat, [[inHdr, linkStat]]);
  nextOf(lnres, [[inHdr, linkNres]]);
  nextOf(coreRst, [[m.const(1, 1), hdrLink.and(is(LINK_OPCODES.RESET)).and(noArgs)]]);
  nextOf(pidx, [
    [at(P.IDLE), 0],
    [cmdFire, pidx.add(1)],
  ]);
  nextOf(fetched, [
    [inHdr, 0],
    [cmdFire, 0],
    [linkWrite, 0],
    [at(P.FWD).or(at(P.LINK)), 1],
  ]);
  nextOf(sentAll, [
    [inHdr, 0],
    [cmdFire.and(pidx.eq(fwords.sub(1))), 1],
  ]);
  nextOf(rspDone, [
    [inHdr, 0],
    [rspFire.and(rspLast), 1],
  ]);
  nextOf(widx, [
    [inHdr, 0],
    [wen, widx.add(1)],
  ]);
  nextOf(rspN, [[rspFire.and(widx.eq(0)), respHdrWords]]);
  nextOf(crcAcc, [
    [frameBad.or(inHdr), crcSeq],
    [wen, crcStep],
  ]);
  nextOf(rspLen, [[at(P.COMMIT), widx]]);
  nextOf(rspCrc, [[at(P.COMMIT), crcAcc.xor(CRC32.xorOut)]]);
  nextOf(rspSeq, [[at(P.COMMIT), fseq]]);
  nextOf(haveLast, [[at(P.COMMIT), 1]]);
  nextOf(errMode, [
    [at(P.ERR), 1],
    [at(P.COMMIT).or(hdrReplay), 0],
  ]);
  nextOf(errStatus, [
    [frameBad, fstatus],
    [hdrErr, LINK_STATUS.BAD_LENGTH],
  ]);
  nextOf(errCrc, [[at(P.ERR), crcStep.xor(CRC32.xorOut)]]);

  // ---- response frame out ----
  const rspMem = m.memory('rsp', { width: 32, depth: maxWords });
  rspMem.write(widx.resize(aw), wdata, wen);
  const encWord = m.wire('enc_word', 32);
  const txReady = m.wire('txf_ready', 1);
  const iw = Math.max(9, Math.ceil(Math.log2(maxWords * 4 + 16)));
  const enc = cobsEncoder(
    m,
    {
      start: at(P.TXSTART),
      seq: errMode.mux(fseq, rspSeq),
      len: errMode.mux(m.const(1, cw), rspLen),
      crc: errMode.mux(errCrc, rspCrc),
      word: encWord,
      outReady: txReady,
    },
    iw,
  );
  encWord.assign(errMode.mux(errWord, rspMem.read(enc.wordAddr.resize(aw))));
  encDone.assign(enc.done);
  frxAck.assign(at(P.TX).and(encDone));
  frxAddr.assign(at(P.LINK).mux(widx, pidx).resize(aw));

  const utxReady = m.wire('utx_ready', 1);
  const txf = byteFifo(m, 'txf', fifoDepth, enc.outValid, enc.outData, byteMode.mux(boReady, utxReady));
  txReady.assign(txf.inReady);
  const utx = m.instance('utx', uartTx, { clocksPerBit }, { valid: byteMode.not().and(txf.outValid), data: txf.outData });
  utxReady.assign(utx.out('ready'));

  m.output('tx', utx.out('tx'));
  m.output('bi_ready', byteMode.and(rxf.inReady));
  m.output('bo_valid', byteMode.and(txf.outValid));
  m.output('bo_data', txf.outData);
  m.output('idle', anyOf(at(P.IDLE).not(), fdone, frx.out('idle').not(), rxf.empty.not(), txf.empty.not(), urx.out('idle').not(), utx.out('idle').not()).not());
});
