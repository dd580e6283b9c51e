// Run a command script against a target and check every response against the link model (`--check model`): the
// model is fed exactly the bytes the target was sent, so both see the same frames. The first difference stops
// the run with the step index, the command, the bytes expected and got, and a VCD of the link top's TypeScript
// cycle model (the same bytes replayed) around that step.
import { join } from 'node:path';
import { writeFileAtomic } from '../base/atomic-file.ts';
import { type LinkConfig, linkIdentity } from '../link/attach.ts';
import { LinkCycleTarget } from '../link/cycle-target.ts';
import { LinkModel } from '../link/model.ts';
import { decodeFrame, FRAME_DELIMITER, UNCOMPARED_OPCODES } from '../link/protocol.ts';
import { parseHeader } from '../semantics/command-port.ts';
import { LinkClient } from './link-client.ts';
import type { Step } from './script.ts';
import type { Transport } from './transport.ts';

export interface Mismatch {
  index: number;
  step: Step;
  expected: string; // hex of the response frames (without delimiters), '|' between frames
  got: string;
  vcd?: string;
}

export interface ScriptResult {
  compared: number;
  mismatches: number;
  first?: Mismatch;
  retransmissions: number;
}

/** Response frames (without delimiters) of a byte stream from the model. */
function framesOf(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let cur: number[] = [];
  for (const b of bytes) {
    if (b === FRAME_DELIMITER) {
      if (cur.length) out.push(Uint8Array.from(cur));
      cur = [];
    } else cur.push(b);
  }
  return out;
}

const hex = (fs: Uint8Array[]) => fs.map((f) => Buffer.from(f).toString('hex')).join('|') || '(nothing)';

/** Whether two response frames agree (results of timing-dependent commands are not compared). */
function same(sentWords: number[] | undefined, e: Uint8Array, g: Uint8Array): boolean {
  if (Buffer.from(e).equals(Buffer.from(g))) return true;
  if (!sentWords || !UNCOMPARED_OPCODES.includes(parseHeader(sentWords[0]!).code)) return false;
  const de = decodeFrame(e);
  const dg = decodeFrame(g);
  return de.ok && dg.ok && de.seq === dg.seq && de.words[0] === dg.words[0] && de.words.length === dg.words.length;
}

export async function runScript(
  transport: Transport,
  cfg: LinkConfig,
  steps: Step[],
  opts: { timeoutMs: number; retries: number; nonce: number; vcdDir?: string; onStep?: (i: number) => void },
): Promise<ScriptResult> {
  const model = new LinkModel(cfg);
  const log: { step: number; bytes: Uint8Array }[] = [];
  let stepNo = -1;
  const client = new LinkClient(transport, { timeoutMs: opts.timeoutMs, retries: opts.retries, onWrite: (b) => log.push({ step: stepNo, bytes: b }) });
  const modelOut = (bytes: Uint8Array) => framesOf(model.receive(bytes));
  // The handshake's frames go to the model too (same counters on both sides).
  const before = log.length;
  await client.connect(linkIdentity(cfg), opts.nonce);
  for (const l of log.slice(before)) model.receive(l.bytes);
  const res: ScriptResult = { compared: 0, mismatches: 0, retransmissions: 0 };
  for (let i = 0; i < steps.length; i++) {
    stepNo = i;
    const st = steps[i]!;
    let expected: Uint8Array[];
    let got: Uint8Array[];
    let sentWords: number[] | undefined;
    if (st.kind === 'command') {
      sentWords = st.words;
      const bytes = client.frameFor(st.words);
      expected = modelOut(bytes);
      try {
        got = [(await client.command(st.words)).bytes];
      } catch {
        got = [];
      }
    } else {
      expected = modelOut(st.bytes);
      got = (await client.raw(st.bytes, expected.length)).map((f) => f.bytes);
    }
    opts.onStep?.(i);
    res.compared++;
    const ok = expected.length === got.length && expected.every((e, k) => same(sentWords, e, got[k]!));
    if (!ok) {
      res.mismatches++;
      res.first = { index: i, step: st, expected: hex(expected), got: hex(got) };
      if (opts.vcdDir) res.first.vcd = writeVcdWindow(cfg, log, i, opts.vcdDir);
      break;
    }
  }
  res.retransmissions = client.retransmissions;
  return res;
}

/** Replay the logged bytes into the cycle model, recording the steps index-1..index; returns the VCD path. */
function writeVcdWindow(cfg: LinkConfig, log: { step: number; bytes: Uint8Array }[], index: number, dir: string): string {
  const target = new LinkCycleTarget(cfg);
  let recording = false;
  for (const l of log) {
    if (!recording && l.step >= index - 1) {
      target.record();
      recording = true;
    }
    if (l.step > index) break;
    target.exchange(l.bytes);
  }
  if (!target.vcdText()) target.record();
  const path = join(dir, `mismatch-step-${index}.vcd`);
  writeFileAtomic(path, target.vcdText()!);
  return path;
}
