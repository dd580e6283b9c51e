// A link client with a synchronous call, for callers that must block (the tile's accelerator levels are
// synchronous, as SynapseArray is): the LinkClient runs in a worker thread (blocking-client-worker.ts) on its own
// event loop; exchange() posts a batch of frames and waits on a shared counter (Atomics.wait, with a deadline),
// then takes the answer off the port synchronously (receiveMessageOnPort). The same code serves a board's serial
// port, the Verilator target's pty and the in-process cycle / model targets: only the transport spec differs.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { InputError } from '../base/errors.ts';
import { onStop, stopRequested } from '../base/interrupt.ts';
import { WORKER_BOOTSTRAP } from '../base/workers.ts';
import { linkIdentity, type LinkConfig } from '../link/attach.ts';
import type { BlockingWorkerData, WorkerReply } from './blocking-client-worker.ts';

export interface BlockingOptions {
  /** Per transmission (a frame's compute time included: a large tile's UPDATE on a slow target takes seconds). */
  timeoutMs: number;
  retries: number;
  nonce: number;
}

export class BlockingLinkClient {
  private readonly flag: Int32Array;
  private nextId = 1;
  private closed = false;
  private inFlight = false;
  private readonly offStop: () => void;
  retransmissions = 0;
  frames = 0;

  private constructor(private readonly worker: Worker, private readonly port: MessagePort, signal: SharedArrayBuffer, private readonly opts: BlockingOptions, readonly maxWords: number) {
    this.flag = new Int32Array(signal);
    this.offStop = onStop(() => this.worker.terminate().then(() => undefined));
  }

  /** Open `spec` (serial:PATH[@BAUD], cycle, model) for the link `cfg`, connect and check its identity. */
  static async open(spec: string, cfg: LinkConfig, opts: BlockingOptions): Promise<BlockingLinkClient> {
    const signal = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const data: BlockingWorkerData = { module: new URL('./blocking-client-worker.ts', import.meta.url).href, spec, cfg, expected: linkIdentity(cfg), timeoutMs: opts.timeoutMs, retries: opts.retries, nonce: opts.nonce, port: port2, signal };
    const worker = new Worker(WORKER_BOOTSTRAP, { workerData: data, transferList: [port2] });
    worker.unref();
    const ready = await new Promise<{ ready: boolean; error?: string; input?: boolean; maxWords?: number }>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (e) => resolve({ ready: false, error: e.message }));
      worker.once('exit', (c) => resolve({ ready: false, error: `link worker exited (${c})` }));
    });
    if (!ready.ready) {
      await worker.terminate();
      port1.close();
      if (ready.input) throw new InputError(ready.error!);
      throw new Error(`link client (${spec}): ${ready.error}`);
    }
    return new BlockingLinkClient(worker, port1, signal, opts, ready.maxWords!);
  }

  /**
   * Send frames (each one whole command), in order; returns each one's response words. Blocks. `groups` (one
   * number per frame) ties frames together: after an error response (status != 0) the rest of its group is not
   * sent and answers [].
   */
  exchange(frames: number[][], groups?: number[]): number[][] {
    return this.post(frames, groups)();
  }

  /**
   * exchange() in two halves: post now, and a function that blocks for the answer (the caller computes meanwhile,
   * e.g. the twin of --check twin while the target runs). One batch in flight at a time.
   */
  post(frames: number[][], groups?: number[]): () => number[][] {
    if (this.closed) throw new Error('link client used after close()');
    this.checkStop();
    if (this.inFlight) throw new Error('link client: a batch is already in flight');
    const id = this.nextId++;
    const before = Atomics.load(this.flag, 0);
    this.port.postMessage({ id, frames, groups });
    this.inFlight = true;
    return () => {
      try {
        const r = this.wait(id, before, frames.length);
        if (r.error) throw new Error(`link: ${r.error}`);
        this.frames += frames.length;
        this.retransmissions = r.retransmissions ?? this.retransmissions;
        return r.words!;
      } finally {
        this.inFlight = false;
      }
    };
  }

  private wait(id: number, before: number, frames: number): WorkerReply {
    // The worker always answers (its client gives up after its retries); the deadline only guards a dead worker.
    const deadline = Date.now() + (frames + 1) * (this.opts.retries + 1) * this.opts.timeoutMs + 10_000;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`link: no answer from the link worker within ${Math.round((frames + 1) * (this.opts.retries + 1) * this.opts.timeoutMs / 1000) + 10} s`);
      Atomics.wait(this.flag, 0, before, Math.min(left, 1000));
      this.checkStop();
      const m = receiveMessageOnPort(this.port);
      if (m) {
        const r = m.message as WorkerReply;
        if (r.id === id) return r;
      }
      before = Atomics.load(this.flag, 0);
    }
  }

  /**
   * A signal is stopping dwtwin (its handler ran between two commands and is ending the worker and the target):
   * no command may block on them now. The error unwinds to the error boundary, which exits with the signal's code.
   */
  private checkStop(): void {
    const sig = stopRequested();
    if (sig) throw new Error(`link: stopped by ${sig}`);
  }

  /** Close the transport (stops nothing else) and end the worker. Idempotent. */
  close(): void {
    if (this.closed) return;
    try {
      const before = Atomics.load(this.flag, 0);
      this.port.postMessage({ id: 0, close: true });
      Atomics.wait(this.flag, 0, before, 5000);
    } finally {
      this.closed = true;
      this.offStop();
      void this.worker.terminate();
      this.port.close();
    }
  }
}
