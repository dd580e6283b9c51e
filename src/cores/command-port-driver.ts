// Drive any command-port core (src/semantics/command-port.ts) through a CycleSim: the compiled TypeScript
// simulation (`cycle` levels) or Verilator's (`verilator` levels, VerilatorSim). One command in, one response
// out; every wait is bounded, so a core that stops answering is reported, not waited for forever.
import { COMMAND_PORT, parseHeader } from '../semantics/command-port.ts';
import type { CycleSim } from '../kernel/index.ts';

const I = COMMAND_PORT.inputs;
const O = COMMAND_PORT.outputs;

export class CommandPortDriver {
  /** Clock cycles spent so far. */
  cycles = 0;
  constructor(readonly sim: CycleSim, private readonly maxIdleCycles = 1 << 20) {
    sim.poke(I.cmdValid, 0);
    sim.poke(I.rspReady, 0);
    sim.reset();
    this.cycles++;
  }

  /** Send one whole command (header + args) and return its response (header + results). */
  execute(words: ArrayLike<number>): number[] {
    const { sim } = this;
    let i = 0;
    let idle = 0;
    const rsp: number[] = [];
    let need = -1;
    sim.poke(I.rspReady, 1);
    while (need < 0 || rsp.length < need) {
      const sending = i < words.length;
      sim.poke(I.cmdValid, sending ? 1 : 0);
      sim.poke(I.cmdData, sending ? words[i]! >>> 0 : 0);
      sim.eval();
      let progressed = false;
      if (sending && sim.peek(O.cmdReady) === 1n) {
        i++;
        progressed = true;
      }
      if (sim.peek(O.rspValid) === 1n) {
        const w = Number(sim.peek(O.rspData));
        if (rsp.length === 0) need = 1 + parseHeader(w).length;
        rsp.push(w);
        progressed = true;
      }
      sim.tick();
      this.cycles++;
      idle = progressed ? 0 : idle + 1;
      if (idle > this.maxIdleCycles) throw new Error(`command port: no progress for ${this.maxIdleCycles} cycles (sent ${i}/${words.length} words, got ${rsp.length} response words)`);
    }
    sim.poke(I.cmdValid, 0);
    sim.poke(I.rspReady, 0);
    return rsp;
  }
}
