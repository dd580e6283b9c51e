// Frame receiver: COBS decoding as the bytes stream in, the decoded body (seq | words | CRC) checked by a running
// CRC-32 and stored word by word in the frame buffer; at the delimiter the frame is judged exactly as protocol.ts's
// decodeFrame does (cut-short block, too long, CRC, layout, in that order) and held (in_ready low) until `ack`.
// An empty frame (two delimiters) is ignored. One byte per cycle.
import { concat, defineModule } from '../../kernel/index.ts';
import { nextOf } from '../../kernel/lib/next-state.ts';
import { CRC32, CRC_BYTES, LINK_STATUS, SEQ_BYTES, WORD_BYTES } from '../protocol.ts';
import { crcNext } from './crc32-network.ts';

export const frameRx = defineModule('frame_rx', (m, p: { maxWords: number }) => {
  const aw = Math.log2(p.maxWords);
  const inValid = m.input('in_valid', 1);
  const inData = m.input('in_data', 8);
  const ack = m.input('ack', 1);
  const rdAddr = m.input('rd_addr', aw);

  // Longest body accepted: seq + maxWords words + the CRC word; one byte more sets `over` (TOO_LONG).
  const limit = SEQ_BYTES + (p.maxWords + 1) * WORD_BYTES;
  const lw = Math.ceil(Math.log2(limit + 2));
  const done = m.reg('done_r', 1);
  const rem = m.reg('rem', 8); // data bytes left in the current COBS block
  const zp = m.reg('zero_pending', 1); // the current block implies a zero if another block follows
  const inFrame = m.reg('in_frame', 1);
  const blen = m.reg('blen', lw); // decoded body bytes so far (saturates at limit + 1)
  const crc = m.reg('crc', 32, { reset: CRC32.init });
  const part = m.reg('part', 24); // bytes 0..2 of the word being assembled
  const seq = m.reg('seq_r', 8);
  const status = m.reg('status_r', 8);
  const nwords = m.reg('nwords_r', aw + 1);

  const fire = inValid.and(done.not());
  const isDelim = inData.eq(0);
  const byteIn = fire.and(isDelim.not());
  const codeByte = rem.eq(0);
  // A decoded byte leaves the decoder on a data byte, or as the pending zero before the next code byte.
  const emit = byteIn.and(codeByte.not().or(zp));
  const b = codeByte.mux(0, inData);
  const over = blen.ugt(limit);
  const first = blen.eq(0);
  const idx = blen.sub(1); // byte index within the words (valid when !first)
  const lane = idx.slice(1, 0);
  const widx = idx.slice(lw - 1, 2);
  const store = emit.and(first.not()).and(lane.eq(3)).and(widx.ult(p.maxWords));
  const endFrame = fire.and(isDelim).and(inFrame);

  const lenOk = blen.uge(SEQ_BYTES + WORD_BYTES + CRC_BYTES).and(idx.slice(1, 0).eq(0));
  const verdict = rem
    .ne(0)
    .mux(LINK_STATUS.BAD_FRAME, over.mux(LINK_STATUS.TOO_LONG, crc.ne(CRC32.residue).mux(LINK_STATUS.BAD_CRC, lenOk.mux(0, LINK_STATUS.BAD_FRAME))));

  nextOf(done, [
    [ack, 0],
    [endFrame, 1],
  ]);
  nextOf(rem, [
    [ack, 0],
    [byteIn, codeByte.mux(inData.sub(1), rem.sub(1))],
  ]);
  nextOf(zp, [
    [ack, 0],
    [byteIn.and(codeByte), inData.ne(0xff)],
  ]);
  nextOf(inFrame, [
    [ack, 0],
    [byteIn, 1],
  ]);
  nextOf(blen, [
    [ack, 0],
    [emit.and(over.not()), blen.add(1)],
  ]);
  nextOf(crc, [
    [ack, CRC32.init],
    [emit, crcNext(crc, b)],
  ]);
  nextOf(part, [[emit.and(first.not()), lane.eq(0).mux(b.uext(24), lane.eq(1).mux(concat(part.slice(23, 16), b, part.slice(7, 0)), concat(b, part.slice(15, 0))))]]);
  nextOf(seq, [
    [ack, 0],
    [emit.and(first), b],
  ]);
  nextOf(status, [[endFrame, verdict]]);
  // Command words in the frame: body words minus the CRC word (meaningful only when status is 0).
  nextOf(nwords, [[endFrame, idx.slice(lw - 1, 2).sub(1).resize(aw + 1)]]);

  const mem = m.memory('frame_buf', { width: 32, depth: p.maxWords });
  mem.write(widx.resize(aw), concat(b, part), store);
  m.output('in_ready', done.not());
  m.output('done', done);
  m.output('status', status);
  m.output('seq', seq);
  m.output('nwords', nwords);
  m.output('rd_data', mem.read(rdAddr));
  m.output('idle', inFrame.not().and(done.not()));
});
