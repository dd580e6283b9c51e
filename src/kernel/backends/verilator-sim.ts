// The CycleSim interface over a Verilator harness, synchronous, so the test suites written against the TypeScript
// simulator (poke / eval / peek / tick / reset) run unchanged against Verilator. Node cannot read a child's stdout
// synchronously, so the harness speaks the protocol of harness-protocol.ts over two named pipes that this side
// opens with blocking fs calls. One round trip per eval/tick: for long runs use VerilatorProcess.runBatch.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../base/errors.ts';
import type { PortInfo } from '../ir/elaborate.ts';
import { packedWords, unpackPort, wordsOf, type CycleSim } from '../sim/cyclesim.ts';
import { PROTOCOL } from './harness-protocol.ts';
import type { VerilatorBuild } from './verilator.ts';
import type { StreamResult, StreamSim } from '../sim/stream.ts';

export class VerilatorSim implements CycleSim, StreamSim {
  readonly inputs: readonly PortInfo[];
  readonly outputs: readonly PortInfo[];
  private readonly inWords: Uint32Array;
  private outWords: Uint32Array;
  private readonly inOffset = new Map<string, { off: number; width: number }>();
  private readonly outOffset = new Map<string, { off: number; width: number }>();
  private readonly child: ChildProcess;
  private readonly dir: string;
  private toHarness: number;
  private fromHarness: number;
  private closed = false;

  constructor(build: VerilatorBuild) {
    this.inputs = build.spec.inputs;
    this.outputs = build.spec.outputs;
    this.inWords = new Uint32Array(packedWords(this.inputs));
    this.outWords = new Uint32Array(packedWords(this.outputs));
    let off = 0;
    for (const p of this.inputs) {
      this.inOffset.set(p.name, { off, width: p.width });
      off += wordsOf(p.width);
    }
    off = 0;
    for (const p of this.outputs) {
      this.outOffset.set(p.name, { off, width: p.width });
      off += wordsOf(p.width);
    }
    if (!existsSync(build.binary)) throw new Error(`verilator-sim: harness binary missing: ${build.binary}`);
    this.dir = mkdtempSync(join(tmpdir(), 'dwtwin-vsim-'));
    const inFifo = join(this.dir, 'in');
    const outFifo = join(this.dir, 'out');
    const mk = spawnSync('mkfifo', [inFifo, outFifo], { encoding: 'utf8' });
    if (mk.status !== 0) throw new Error(`verilator-sim: mkfifo failed: ${mk.stderr}`);
    // The child's stderr goes to ours: a harness error is visible even though this side blocks in read().
    this.child = spawn(build.binary, ['--fifo', inFifo, outFifo], { stdio: ['ignore', 'ignore', 'inherit'] });
    this.child.unref(); // if the host forgets close(), the harness still exits on EOF when the host does
    // Opening order mirrors the harness (it opens `in` for reading, then `out` for writing): each open blocks until
    // the other end is there. Only the read end of `out` is held here, so a dead harness reads as EOF, not a hang.
    this.toHarness = openSync(inFifo, 'w');
    this.fromHarness = openSync(outFifo, 'r');
    const hello = this.read(4);
    if (hello[0] !== PROTOCOL.MAGIC || hello[1] !== PROTOCOL.VERSION) throw new Error(`verilator-sim: bad hello ${Array.from(hello).join(',')}`);
    if (hello[2] !== this.inWords.length || hello[3] !== this.outWords.length) {
      throw new Error(`verilator-sim: layout mismatch: harness has ${hello[2]}/${hello[3]} words, host expects ${this.inWords.length}/${this.outWords.length}`);
    }
  }

  private read(words: number): Uint32Array {
    const buf = Buffer.alloc(words * 4);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(this.fromHarness, buf, got, buf.length - got, null);
      if (n === 0) throw new Error('verilator-sim: harness exited (EOF on its output pipe)');
      got += n;
    }
    return new Uint32Array(buf.buffer, buf.byteOffset, words);
  }

  private write(words: Uint32Array): void {
    const buf = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
    let put = 0;
    while (put < buf.length) put += writeSync(this.toHarness, buf, put, buf.length - put);
  }

  private step(cmd: number): void {
    if (this.closed) throw new Error('verilator-sim: used after close()');
    const msg = new Uint32Array(2 + this.inWords.length);
    msg[0] = cmd;
    msg[1] = 1;
    msg.set(this.inWords, 2);
    this.write(msg);
    this.outWords = this.read(this.outWords.length);
  }

  /** Streaming (harness built with stream ports): one round trip per call; see sim/stream.ts. */
  stream(words: Uint32Array, responses: number, maxCycles: number): StreamResult {
    if (this.closed) throw new Error('verilator-sim: used after close()');
    const msg = new Uint32Array(4 + words.length);
    msg.set([PROTOCOL.CMD_STREAM, words.length, responses, maxCycles]);
    msg.set(words, 4);
    this.write(msg);
    const h = this.read(4).slice();
    const got = h[3]! ? this.read(h[3]!).slice() : new Uint32Array(0);
    return { cycles: h[0]!, fed: h[1]!, complete: h[2] === 1, words: got };
  }

  poke(port: string, value: bigint | number): void {
    const p = this.inOffset.get(port);
    if (!p) throw new InputError(`poke: '${port}' is not an input of ${this.inputs.map((i) => i.name).join(', ')}`);
    const v = BigInt.asUintN(p.width, BigInt(value));
    this.inWords[p.off] = Number(v & 0xffffffffn);
    if (p.width > 32) this.inWords[p.off + 1] = Number(v >> 32n);
  }

  /** The value of an output as of the last eval() or tick(). */
  peek(port: string): bigint {
    const p = this.outOffset.get(port);
    if (!p) throw new InputError(`peek: '${port}' is not an output of ${this.outputs.map((o) => o.name).join(', ')}`);
    return unpackPort(this.outWords, p.off, p.width);
  }

  eval(): void {
    this.step(PROTOCOL.CMD_EVAL);
  }

  tick(): void {
    this.step(PROTOCOL.CMD_TICK);
  }

  reset(): void {
    this.poke('rst', 1);
    this.tick();
    this.poke('rst', 0);
    this.eval();
  }

  /** Stop the harness and remove the pipes. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.write(new Uint32Array([PROTOCOL.CMD_QUIT, 0]));
    } catch {
      // harness already gone
    }
    closeSync(this.toHarness);
    closeSync(this.fromHarness);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
