// The command port (src/semantics/command-port.ts) as the kernel's stream ports (src/kernel/sim/stream.ts), and a
// runner that executes whole commands on any StreamSim (the compiled TypeScript simulation or a Verilator harness)
// in one round trip: every command gets exactly one response, so k commands wait for k responses. The cycle limit
// is generous but finite, so a core that stops answering is reported, not waited for.
import { COMMAND_PORT } from '../semantics/command-port.ts';
import type { StreamPorts, StreamSim } from '../kernel/sim/stream.ts';

export const COMMAND_STREAM_PORTS: StreamPorts = {
  inValid: COMMAND_PORT.inputs.cmdValid,
  inReady: COMMAND_PORT.outputs.cmdReady,
  inData: COMMAND_PORT.inputs.cmdData,
  outValid: COMMAND_PORT.outputs.rspValid,
  outReady: COMMAND_PORT.inputs.rspReady,
  outData: COMMAND_PORT.outputs.rspData,
  lengthMask: COMMAND_PORT.lengthMask,
};

/** Number of whole commands in a word stream (header + length words each). */
export function countCommands(words: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < words.length; i += 1 + ((words[i]! >>> 0) & COMMAND_PORT.lengthMask)) n++;
  return n;
}

export class CommandRunner {
  /** Cycles run so far (the port's handshakes included). */
  cycles = 0;
  /** @param maxCycles the cycle limit of one command with `words` words (a bound of the core's work). */
  constructor(readonly sim: StreamSim, private readonly maxCycles: (words: number, commands: number) => number) {}

  execute(words: ArrayLike<number>): number[] {
    const w = Uint32Array.from(words as ArrayLike<number>, (x) => x >>> 0);
    const n = countCommands(w);
    const limit = this.maxCycles(w.length, n);
    const r = this.sim.stream(w, n, limit);
    this.cycles += r.cycles;
    if (!r.complete) throw new Error(`command port: ${n} command(s) not answered within ${limit} cycles (core accepted ${r.fed}/${w.length} words, answered ${r.words.length} words)`);
    return Array.from(r.words);
  }
}
