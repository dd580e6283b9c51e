// Closed-loop stimulus for cores with a valid/ready word-stream input and a valid/ready response output (the
// command port of src/semantics/command-port.ts; the kernel only knows the port names it is given). A random
// plain-input stimulus almost never forms a valid command, so a core behind such a port would only ever answer
// "unknown opcode". Here the stimulus offers the words of meaningful commands from `next()`: each cycle the
// valid bit is high with probability 3/4 (cmd_data is random garbage while it is low, to check it is ignored),
// the response ready bit likewise, and a word advances only when the TypeScript simulation raised ready on that
// cycle. Since the inputs depend only on the TypeScript side's outputs, both simulators get identical stimulus;
// any divergence of the Verilog side shows up as an output mismatch. rst is asserted on cycle 0 only (a reset in
// the middle of a command would desynchronise the stream). Random bits: draw32(seed, stream, cycle).
import { draw32 } from '../../base/rng.ts';
import type { PortInfo } from '../ir/elaborate.ts';
import { packedWords, wordsOf } from '../sim/cyclesim.ts';
import type { TsSim } from '../sim/compile.ts';

export interface StreamStimulus {
  /** Input port names: word valid, word data, response ready; output port name: word ready. */
  valid: string;
  data: string;
  rspReady: string;
  ready: string;
  /** The next whole command (header and argument words); called whenever the previous one is sent. */
  next(): number[];
}

export class StreamDriver {
  private words: number[] = [];
  private pos = 0;
  private readonly inW: number;
  private readonly outW: number;
  private readonly inOff = new Map<string, number>();
  private readyOff = -1;
  /** Words sent so far (a measure that the stimulus is not vacuous). */
  sent = 0;

  constructor(inputs: readonly PortInfo[], outputs: readonly PortInfo[], private readonly s: StreamStimulus, private readonly seed: number) {
    this.inW = packedWords(inputs);
    this.outW = packedWords(outputs);
    let off = 0;
    for (const p of inputs) {
      this.inOff.set(p.name, off);
      off += wordsOf(p.width);
    }
    off = 0;
    for (const p of outputs) {
      if (p.name === s.ready) this.readyOff = off;
      off += wordsOf(p.width);
    }
    for (const n of [s.valid, s.data, s.rspReady]) if (!this.inOff.has(n)) throw new Error(`stream stimulus: the design has no input '${n}'`);
    if (this.readyOff < 0) throw new Error(`stream stimulus: the design has no output '${s.ready}'`);
  }

  /** Run `n` cycles from cycle `start` on the TypeScript side; returns that batch's stimulus and outputs. */
  runBatch(ts: TsSim, start: number, n: number): { stim: Uint32Array; out: Uint32Array } {
    const stim = new Uint32Array(n * this.inW);
    const out = new Uint32Array(n * this.outW);
    const row = new Uint32Array(this.inW);
    const orow = new Uint32Array(this.outW);
    const vOff = this.inOff.get(this.s.valid)!;
    const dOff = this.inOff.get(this.s.data)!;
    const rOff = this.inOff.get(this.s.rspReady)!;
    for (let i = 0; i < n; i++) {
      const c = start + i;
      row.fill(0);
      if (c === 0) row[0] = 1; // rst (port 0)
      if (this.pos >= this.words.length) {
        this.words = this.s.next();
        this.pos = 0;
      }
      const valid = c > 0 && (draw32(this.seed, 1, c) & 3) !== 0 ? 1 : 0;
      row[vOff] = valid;
      row[dOff] = valid ? this.words[this.pos]! >>> 0 : draw32(this.seed, 2, c);
      row[rOff] = (draw32(this.seed, 3, c) & 3) !== 0 ? 1 : 0;
      ts.runBatch(1, row, orow);
      if (valid && orow[this.readyOff] === 1) {
        this.pos++;
        this.sent++;
      }
      stim.set(row, i * this.inW);
      out.set(orow, i * this.outW);
    }
    return { stim, out };
  }
}
