// COBS encoder of a response frame, built inside the command processor (it reads the processor's response buffer).
// The body is seq | len words | CRC (4 bytes); byte i of it is fetched in two cycles (address, then the block-RAM
// data). Per block: scan ahead to the next zero, the 254-byte limit or the end; push the code byte; push the block's
// bytes; skip the zero. Output: a leading delimiter, the encoded body, the closing delimiter (protocol.ts's
// cobsEncode, byte for byte). One byte per two cycles at most, far above any UART rate.
import { mux, type ModuleBuilder, type Signal } from '../../kernel/index.ts';
import { nextOf } from '../../kernel/lib/next-state.ts';
import { COBS_MAX_BLOCK, CRC_BYTES, SEQ_BYTES } from '../protocol.ts';

export interface EncoderPorts {
  start: Signal; // 1-cycle pulse: encode the frame described by the other inputs (held stable until done)
  seq: Signal; // 8
  len: Signal; // words
  crc: Signal; // 32, final value (after xor)
  word: Signal; // 32: the word at `wordAddr` (read data of the response buffer, or a register)
  outReady: Signal; // the TX FIFO accepts a byte
}

const E = { IDLE: 0, LEAD: 1, SCAN_F: 2, SCAN_U: 3, CODE: 4, DATA_F: 5, DATA_U: 6, DELIM: 7 } as const;

export function cobsEncoder(m: ModuleBuilder, io: EncoderPorts, iw: number): { wordAddr: Signal; outValid: Signal; outData: Signal; done: Signal; busy: Signal } {
  const st = m.reg('enc_state', 3);
  const j = m.reg('enc_j', iw);
  const k = m.reg('enc_k', iw);
  const blk = m.reg('enc_blk', iw);
  const code = m.reg('enc_code', 8);
  const zend = m.reg('enc_zero_end', 1);
  const at = (s: number) => st.eq(s);
  const total = io.len.resize(iw).shl(2).add(SEQ_BYTES + CRC_BYTES); // body bytes
  // The byte being fetched: j while scanning, k while emitting.
  const scanning = at(E.SCAN_F).or(at(E.SCAN_U));
  const i = scanning.mux(j, k);
  const wi = i.sub(SEQ_BYTES);
  const crcStart = io.len.resize(iw).shl(2).add(SEQ_BYTES);
  const inCrc = i.uge(crcStart);
  const crcByte = mux(i.sub(crcStart).slice(1, 0), [io.crc.slice(7, 0), io.crc.slice(15, 8), io.crc.slice(23, 16), io.crc.slice(31, 24)]);
  const wordByte = mux(wi.slice(1, 0), [io.word.slice(7, 0), io.word.slice(15, 8), io.word.slice(23, 16), io.word.slice(31, 24)]);
  const byte = i.eq(0).mux(io.seq, inCrc.mux(crcByte, wordByte));
  const atEnd = j.eq(total);
  const atLimit = j.sub(blk).eq(COBS_MAX_BLOCK);
  const blockDone = k.eq(blk.add(code.resize(iw)).sub(1));
  const push = io.outReady;
  const outValid = at(E.LEAD).or(at(E.CODE)).or(at(E.DATA_U)).or(at(E.DELIM));
  const outData = at(E.CODE).mux(code, at(E.DATA_U).mux(byte, 0));
  const codeOf = j.sub(blk).add(1).resize(8);
  const scanStop = at(E.SCAN_F).and(atEnd.or(atLimit));
  const scanZero = at(E.SCAN_U).and(byte.eq(0));

  nextOf(st, [
    [at(E.IDLE).and(io.start), E.LEAD],
    [at(E.LEAD).and(push), E.SCAN_F],
    [scanStop, E.CODE],
    [at(E.SCAN_F), E.SCAN_U],
    [scanZero, E.CODE],
    [at(E.SCAN_U), E.SCAN_F],
    [at(E.CODE).and(push), E.DATA_F],
    [at(E.DATA_F).and(blockDone), zend.mux(E.SCAN_F, atEnd.mux(E.DELIM, E.SCAN_F))],
    [at(E.DATA_F), E.DATA_U],
    [at(E.DATA_U).and(push), E.DATA_F],
    [at(E.DELIM).and(push), E.IDLE],
  ]);
  nextOf(j, [
    [at(E.IDLE), 0],
    [at(E.SCAN_U).and(byte.ne(0)), j.add(1)],
    [at(E.DATA_F).and(blockDone).and(zend), j.add(1)],
  ]);
  nextOf(blk, [
    [at(E.IDLE), 0],
    [at(E.DATA_F).and(blockDone), zend.mux(j.add(1), j)],
  ]);
  nextOf(k, [
    [at(E.CODE), blk],
    [at(E.DATA_U).and(push), k.add(1)],
  ]);
  nextOf(code, [[scanStop.or(scanZero), codeOf]]);
  nextOf(zend, [
    [scanStop, 0],
    [scanZero, 1],
  ]);
  const wordAddr = wi.slice(iw - 1, 2);
  return { wordAddr, outValid, outData, done: at(E.DELIM).and(push), busy: at(E.IDLE).not() };
}
