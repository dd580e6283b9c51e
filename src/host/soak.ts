// The link soak: N commands through a fault-injecting transport (drop, corrupt, duplicate, insert bytes in both
// directions) against a target; every accepted response is compared with the link model fed the clean frames.
// lost = commands that got no acceptable response within the retries; duplicated = commands the target executed
// more than once (its STATUS executed counter, read over the clean line at the end, against the commands sent);
// undetected = accepted responses that differ from the model's (a corruption the protocol let through, or the
// consequence of a double execution: MAC keep accumulates, so state diverges).
import { draw32 } from '../base/rng.ts';
import { type LinkConfig, linkIdentity } from '../link/attach.ts';
import { LinkModel } from '../link/model.ts';
import { decodeFrame, LINK_COUNTERS, LINK_OPCODES } from '../link/protocol.ts';
import { header } from '../semantics/command-port.ts';
import { MAC16_OPCODES, type Mac16CmdParams } from '../semantics/mac16-commands.ts';
import { faultyTransport, type FaultCounts } from './fault-transport.ts';
import { LinkClient, LinkLost } from './link-client.ts';
import type { Transport } from './transport.ts';

export interface SoakResult {
  commands: number;
  lost: number;
  duplicated: number;
  undetected: number;
  retransmissions: number;
  faults: FaultCounts;
  seconds: number;
}

/** Command i of the soak (seeded): small WRITEs, accumulating MACs and ECHOs. */
export function soakCommand(p: Mac16CmdParams, seed: number, i: number): number[] {
  const r = (k: number) => draw32(seed, 0x50a0 + k, i);
  const kind = r(0) % 3;
  const n = 1 + (r(1) % 3);
  const addr = r(2) % (p.depth - n + 1);
  const mask = (1 << p.dataWidth) - 1;
  const data = Array.from({ length: n }, (_, k) => draw32(seed, 0x50b0 + k, i) & mask);
  if (kind === 0) return [header(MAC16_OPCODES.WRITE, n + 1), ((r(3) % p.lanes) << 16) | addr, ...data];
  if (kind === 1) return [header(MAC16_OPCODES.MAC, n + 1), (1 << 31) | addr, ...data];
  return [header(LINK_OPCODES.ECHO, n), ...data.map((d, k) => d ^ draw32(seed, 0x50c0 + k, i))];
}

export async function soak(inner: Transport, cfg: LinkConfig, opts: { commands: number; rate: number; seed: number; timeoutMs: number; onProgress?: (done: number) => void; stopped?: () => boolean }): Promise<SoakResult> {
  const t0 = Date.now();
  const faulty = faultyTransport(inner, 0, opts.seed);
  const client = new LinkClient(faulty, { timeoutMs: opts.timeoutMs, retries: 30 });
  await client.connect(linkIdentity(cfg), opts.seed ^ 0x5a5a);
  const model = new LinkModel(cfg);
  const status = async () => (await client.command([header(LINK_OPCODES.STATUS, 0)])).words;
  const before = await status();
  const executedIdx = 1 + LINK_COUNTERS.findIndex(([k]) => k === 'executed');
  faulty.setRate(opts.rate);
  const res: SoakResult = { commands: 0, lost: 0, duplicated: 0, undetected: 0, retransmissions: 0, faults: faulty.faults, seconds: 0 };
  let coreCommands = 0;
  for (let i = 0; i < opts.commands && !opts.stopped?.(); i++) {
    const words = soakCommand(cfg.coreParams as Mac16CmdParams, opts.seed, i);
    const sent = client.frameFor(words);
    const expOut = model.receive(sent);
    const exp = decodeFrame(expOut.subarray(1, expOut.length - 1));
    if (words[0]! >>> 24 < 0xf0) coreCommands++;
    res.commands++;
    try {
      const got = await client.command(words);
      if (!exp.ok || JSON.stringify(exp.words) !== JSON.stringify(got.words)) res.undetected++;
    } catch (e) {
      if (!(e instanceof LinkLost)) throw e;
      res.lost++;
    }
    if (i % 256 === 0) opts.onProgress?.(i);
  }
  faulty.setRate(0);
  const after = await status();
  res.duplicated = Math.max(0, (after[executedIdx]! - before[executedIdx]!) - coreCommands);
  // A lost command may or may not have executed; only executions beyond one per command are duplicates.
  res.retransmissions = client.retransmissions;
  res.seconds = (Date.now() - t0) / 1000;
  return res;
}
