// The link's TypeScript model: the bytes a target answers for the bytes it receives, computed from protocol.ts
// and the attached core's twin. It is the reference the host checks a target against (`--check model`) and the
// `model` target itself. It follows the RTL's command processor exactly (frame verdicts, replay of the last
// sequence number, counters), except the CYCLES result (timing: 0 here, not compared).
import { header, parseHeader } from '../semantics/command-port.ts';
import type { CommandExecutor } from '../twin/mac16-twin.ts';
import { findAttachable, linkIdentity, type LinkConfig } from './attach.ts';
import { cobsEncode, decodeFrame, FRAME_DELIMITER, frameBody, isLinkOpcode, LINK_COUNTERS, LINK_OPCODES, LINK_STATUS, linkResponse, type LinkCounter, type LinkIdentity } from './protocol.ts';

export class LinkModel {
  readonly identity: LinkIdentity;
  private readonly core: CommandExecutor;
  private pending: number[] = [];
  private last?: { seq: number; words: number[] };
  readonly counters = Object.fromEntries(LINK_COUNTERS.map(([k]) => [k, 0])) as Record<LinkCounter, number>;

  constructor(readonly cfg: LinkConfig) {
    this.identity = linkIdentity(cfg);
    this.core = findAttachable(cfg.core).twin(cfg.coreParams);
  }

  /** Feed received bytes; returns the bytes sent back (complete response frames). */
  receive(bytes: ArrayLike<number>): Uint8Array {
    const out: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b !== FRAME_DELIMITER) {
        this.pending.push(b);
        continue;
      }
      if (this.pending.length === 0) continue; // empty frame: ignored
      const frame = this.pending;
      this.pending = [];
      const r = this.frame(frame);
      out.push(FRAME_DELIMITER, ...cobsEncode(frameBody(r.seq, r.words)), FRAME_DELIMITER);
    }
    return Uint8Array.from(out);
  }

  /** One complete frame (delimiters removed) -> the response's seq and words. */
  private frame(enc: number[]): { seq: number; words: number[] } {
    const f = decodeFrame(enc, this.identity.maxWords);
    if (!f.ok) {
      if (f.status === LINK_STATUS.BAD_CRC) this.counters.crcErrors++;
      else this.counters.frameErrors++;
      return { seq: f.seq, words: [header(f.status, 0)] };
    }
    this.counters.framesOk++;
    const { code: op, length } = parseHeader(f.words[0]!);
    if (length !== f.words.length - 1) return { seq: f.seq, words: [header(LINK_STATUS.BAD_LENGTH, 0)] };
    if (this.last && this.last.seq === f.seq) {
      this.counters.replays++;
      return this.last;
    }
    let words: number[];
    if (isLinkOpcode(op)) {
      words = linkResponse(this.identity, this.counters, f.words);
      if (op === LINK_OPCODES.RESET && length === 0) this.core.reset();
    } else {
      this.counters.executed++;
      words = this.core.execute(f.words);
    }
    this.last = { seq: f.seq, words };
    return this.last;
  }
}
