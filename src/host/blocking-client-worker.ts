// The worker thread behind BlockingLinkClient (blocking-client.ts): a LinkClient on its own event loop, so the
// serial port's asynchronous reads go on while the calling thread blocks. It opens the transport named in
// workerData (a serial path such as the Verilator target's pty, or the in-process `cycle` / `model` targets),
// connects (ECHO + IDENTIFY, checked against the expected identity), then executes batches of frames: each frame
// one command, sent and answered in order (one response per command, retransmitted by sequence number). Every
// answer is posted on the port first, then the shared counter is bumped and notified (the caller wakes and reads
// the message synchronously).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { InputError } from '../base/errors.ts';
import type { LinkConfig } from '../link/attach.ts';
import type { LinkIdentity } from '../link/protocol.ts';
import { LinkClient } from './link-client.ts';
import { openTarget, parseTarget } from './targets.ts';
import { openTty } from './tty-transport.ts';

export interface BlockingWorkerData {
  module: string;
  spec: string;
  cfg: LinkConfig;
  expected: LinkIdentity;
  timeoutMs: number;
  retries: number;
  nonce: number;
  port: MessagePort;
  signal: SharedArrayBuffer;
}

export type WorkerReply = { id: number; words?: number[][]; error?: string; input?: boolean; retransmissions?: number };

const CONNECT_TIMEOUT_MS = 3000;
const d = workerData as BlockingWorkerData;
const flag = new Int32Array(d.signal);
const reply = (r: WorkerReply) => {
  d.port.postMessage(r);
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
};

try {
  // A serial path through the tty transport (serialport's addon cannot run in a worker); cycle / model in process.
  const t = parseTarget(d.spec);
  const target = t.kind === 'serial' ? (() => {
    const transport = openTty(t.path, t.baud);
    return { transport, close: () => transport.close() };
  })() : await openTarget(d.spec, d.cfg);
  // Connecting waits briefly (a device that is not ours is refused within seconds); commands wait long.
  const client = new LinkClient(target.transport, { timeoutMs: CONNECT_TIMEOUT_MS, retries: d.retries });
  await client.connect(d.expected, d.nonce);
  client.opts.timeoutMs = d.timeoutMs;
  d.port.on('message', async (m: { id: number; frames?: number[][]; groups?: number[]; close?: boolean }) => {
    if (m.close) {
      await target.close();
      reply({ id: m.id, words: [] });
      d.port.close();
      return;
    }
    try {
      const out: number[][] = [];
      // Frames of one group (the chunks of one split command) stop at the first error response: see exchange().
      let failed = -1;
      for (let i = 0; i < m.frames!.length; i++) {
        const g = m.groups?.[i] ?? i;
        if (g === failed) {
          out.push([]);
          continue;
        }
        const w = (await client.command(m.frames![i]!)).words;
        if (w[0]! >>> 24 !== 0) failed = g;
        out.push(w);
      }
      reply({ id: m.id, words: out, retransmissions: client.retransmissions });
    } catch (e) {
      reply({ id: m.id, error: (e as Error).message });
    }
  });
  parentPort!.postMessage({ ready: true, maxWords: client.maxWords });
} catch (e) {
  parentPort!.postMessage({ ready: false, error: (e as Error).message, input: e instanceof InputError });
}
