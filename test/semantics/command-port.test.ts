// The header decision (unknown opcode, then a length the command does not take) is derived from a command set:
// the twins call headerStatus and the cores build it as logic (rtl-helpers headerDecode), so both must agree here.
import { describe, expect, it } from 'vitest';
import { headerDecode } from '../../src/cores/rtl-helpers.ts';
import { compileSim, defineModule, elaborate } from '../../src/kernel/index.ts';
import { activationCommands } from '../../src/semantics/activation-commands.ts';
import { activationDefaults } from '../../src/semantics/activation-params.ts';
import { header, headerStatus, STATUS } from '../../src/semantics/command-port.ts';
import { NEURON_OP, neuronCommands } from '../../src/semantics/neuron-commands.ts';
import { neuronArrayDefaults } from '../../src/semantics/neuron-params.ts';

describe('command-port header decision', () => {
  it('fixed-length commands take exactly argWords, ROM loads any length from their fixed words up', () => {
    const p = neuronArrayDefaults;
    expect(headerStatus(neuronCommands, p, NEURON_OP.SET_SEED, 2)).toBe(STATUS.OK);
    expect(headerStatus(neuronCommands, p, NEURON_OP.SET_SEED, 3)).toBe(STATUS.BAD_LENGTH);
    expect(headerStatus(neuronCommands, p, NEURON_OP.LOAD_DRIVE, 0)).toBe(STATUS.BAD_LENGTH);
    expect(headerStatus(neuronCommands, p, NEURON_OP.LOAD_DRIVE, 1)).toBe(STATUS.OK);
    expect(headerStatus(neuronCommands, p, NEURON_OP.LOAD_DRIVE, 100000)).toBe(STATUS.OK); // range is the command's own check
    expect(headerStatus(neuronCommands, p, 0x7f, 0)).toBe(STATUS.UNKNOWN_OPCODE);
  });

  it('the logic built from a command set decides every (opcode, length) as headerStatus does', () => {
    for (const [set, params] of [
      [neuronCommands, neuronArrayDefaults],
      [activationCommands, activationDefaults],
    ] as const) {
      const top = defineModule('hdr', (m) => {
        const { hStatus } = headerDecode(m, m.input('w', 32), set as never, params as never);
        m.output('s', hStatus);
      });
      const sim = compileSim(elaborate(top, {}));
      for (let op = 0; op < 20; op++)
        for (const len of [0, 1, 2, 3, 4, 5, 8, 16, 17, 1000, 0xffffff]) {
          sim.poke('w', header(op, len));
          sim.eval();
          expect(Number(sim.peek('s')), `opcode ${op} length ${len}`).toBe(headerStatus(set as never, params as never, op, len));
        }
    }
  });
});
