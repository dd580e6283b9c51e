// The host side of the link protocol (protocol.ts): frames out with a sequence number, responses matched by it,
// retransmission on a timeout or an error response of the transmission (BAD_CRC, BAD_FRAME), resynchronisation
// by a leading delimiter per frame, and a connection handshake that cannot be fooled by the target's stored
// response (an ECHO of a nonce first). Every wait has a timeout.
import { InputError } from '../base/errors.ts';
import { decodeFrame, encodeFrame, FRAME_DELIMITER, LINK_MAGIC, LINK_OPCODES, LINK_PROTOCOL_VERSION, LINK_STATUS, type LinkIdentity } from '../link/protocol.ts';
import { header, parseHeader } from '../semantics/command-port.ts';
import type { Transport } from './transport.ts';

export interface Received {
  seq: number;
  words: number[];
  /** The frame's bytes as received (without delimiters). */
  bytes: Uint8Array;
}

export interface ClientOptions {
  timeoutMs: number;
  retries: number;
  /** First sequence number. */
  seq?: number;
  /** Called with every byte chunk written (the check replays them into a model). */
  onWrite?: (bytes: Uint8Array) => void;
}

export class LinkLost extends Error {}

export class LinkClient {
  private seq: number;
  private pending: number[] = [];
  private frames: Received[] = [];
  private wake?: () => void;
  retransmissions = 0;
  stray = 0;
  /** The target's frame size, known after connect(). */
  maxWords?: number;

  constructor(readonly transport: Transport, readonly opts: ClientOptions) {
    this.seq = (opts.seq ?? 1) & 0xff;
    transport.onData((b) => this.receive(b));
  }

  private receive(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (b !== FRAME_DELIMITER) {
        this.pending.push(b);
        continue;
      }
      if (!this.pending.length) continue;
      const raw = Uint8Array.from(this.pending);
      this.pending = [];
      const f = decodeFrame(raw);
      if (f.ok) this.frames.push({ seq: f.seq, words: f.words, bytes: raw });
      else this.stray++;
    }
    this.wake?.();
  }

  private write(bytes: Uint8Array): void {
    this.opts.onWrite?.(bytes);
    this.transport.write(bytes);
  }

  /** Wait until `pick` finds a frame (removing it and everything before it) or the timeout passes. */
  private async next(pick: (f: Received) => boolean, timeoutMs: number): Promise<Received | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex(pick);
      if (i >= 0) {
        const f = this.frames[i]!;
        this.frames.splice(0, i + 1);
        return f;
      }
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** The frame bytes the next command will be sent as (leading delimiter included). */
  frameFor(words: readonly number[], seq = this.seq): Uint8Array {
    return Uint8Array.from([FRAME_DELIMITER, ...encodeFrame(seq, words)]);
  }

  /** One command, exactly once on the target: retransmitted with the same seq until answered. */
  async command(words: readonly number[]): Promise<Received & { sent: Uint8Array }> {
    const seq = this.seq;
    this.seq = (this.seq + 1) & 0xff;
    const sent = this.frameFor(words, seq);
    this.frames = [];
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (attempt > 0) this.retransmissions++;
      this.write(sent);
      const f = await this.next((x) => x.seq === seq, this.opts.timeoutMs);
      if (!f) continue;
      const st = parseHeader(f.words[0]!).code;
      if (st === LINK_STATUS.BAD_CRC || st === LINK_STATUS.BAD_FRAME) continue; // damaged on the way: send again
      // TOO_LONG for a frame that fits the target's buffer: two frames merged by a lost delimiter.
      if (st === LINK_STATUS.TOO_LONG && this.maxWords !== undefined && words.length <= this.maxWords) continue;
      return { ...f, sent };
    }
    throw new LinkLost(`no response to ${this.opts.retries + 1} transmissions of seq ${seq} (${this.transport.name})`);
  }

  /** Send raw bytes and collect `expect` response frames (any seq); fewer if the timeout passes. */
  async raw(bytes: Uint8Array, expect: number): Promise<Received[]> {
    this.frames = [];
    this.write(bytes);
    const got: Received[] = [];
    while (got.length < expect) {
      const f = await this.next(() => true, this.opts.timeoutMs);
      if (!f) break;
      got.push(f);
    }
    return got;
  }

  /**
   * Handshake: an ECHO of a nonce (a target that still holds a response with our first seq would answer it
   * from its store: then the echo differs and we go on with the next seq), then IDENTIFY, checked against the
   * expected identity. A silent or foreign device is an InputError naming the transport.
   */
  async connect(expected: LinkIdentity | undefined, nonce: number): Promise<LinkIdentity> {
    const where = this.transport.name;
    const echo = async () => (await this.command([header(LINK_OPCODES.ECHO, 1), nonce >>> 0])).words;
    let r: number[];
    try {
      r = await echo();
      if (r[1] !== nonce >>> 0) r = await echo();
    } catch (e) {
      if (e instanceof LinkLost) throw new InputError(`${where}: not a dwtwin target (no valid response to ECHO within ${this.opts.timeoutMs} ms x ${this.opts.retries + 1})`);
      throw e;
    }
    const id = (await this.command([header(LINK_OPCODES.IDENTIFY, 0)])).words;
    if (id[1] !== LINK_MAGIC) throw new InputError(`${where}: not a dwtwin target (IDENTIFY magic 0x${(id[1] ?? 0).toString(16)}, expected 0x${LINK_MAGIC.toString(16)})`);
    if (id[2] !== LINK_PROTOCOL_VERSION) throw new InputError(`${where}: protocol version ${id[2]}, this host speaks ${LINK_PROTOCOL_VERSION}`);
    const got: LinkIdentity = { coreId: id[3]!, paramHash: id[4]!, maxWords: id[5]!, clocksPerBit: id[6]! };
    this.maxWords = got.maxWords;
    if (expected) {
      if (got.coreId !== expected.coreId) throw new InputError(`${where}: the target carries another core (core id 0x${got.coreId.toString(16)}, expected 0x${expected.coreId.toString(16)}): rebuild it or pass --core`);
      if (got.paramHash !== expected.paramHash) throw new InputError(`${where}: the target was built with other parameters (hash 0x${got.paramHash.toString(16)}, expected 0x${expected.paramHash.toString(16)}): rebuild it or pass the same --params`);
    }
    return got;
  }
}
