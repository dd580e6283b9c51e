// The neuron array and the activation generators attached to the link (src/link/attach.ts): a command script
// through the link top's cycle simulation (link RTL + core) matches the link model (protocol + the core's twin)
// response for response, including the link's RESET (the twin's reset() is the core's rst: registers cleared,
// memories kept). The tile over the link: test/accel/tile-level-serial.test.ts.
import { describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/link/attach.ts';
import { runScript } from '../../src/host/run-script.ts';
import { parseScript } from '../../src/host/script.ts';
import { cycleTransport } from '../../src/host/transport.ts';
import { findAttachable } from '../../src/link/attach.ts';

const scripts: Record<string, string> = {
  'neuron-array': `INFO
SET_SEED 7 3
SET_CONFIG 1 100 0x00ff0cc0 0x01000100
LOAD_DRIVE 0 300 400 500 600 700 800 900 1000
WRITE
STEP 1024 1024 2048 2048 1024 0 0 4096
STEP 1024 1024 2048 2048 1024 0 0 4096
READ_STATE
RESET
STEP 1024 1024 2048 2048 1024 0 0 4096
READ_STATE
STATUS`,
  activation: `INFO
SET_SEED 9 0
SET_CONFIG 4000 0
LOAD_THRESH 0 100 200 300 400 500 600 700 800 900 1000 1100 1200 1300 1400 1500 1600
LOAD_RES 0 11 22 33 44 55 66 77 88
NEW_CYCLE
APPLY 500 3000
APPLY 1500 3500
READ_STATE
RESET
APPLY 1500 3500
READ_STATE
NEW_CYCLE
APPLY 2500 100`,
};

describe('command-port cores over the link (cycle target = model)', () => {
  for (const [core, text] of Object.entries(scripts)) {
    it(`${core}: every response as the model's, RESET included`, { timeout: 300_000 }, async () => {
      const cfg = linkConfig(core);
      const steps = parseScript(text, `${core}.txt`, findAttachable(core).commands);
      const r = await runScript(cycleTransport(cfg), cfg, steps, { timeoutMs: 120_000, retries: 0, nonce: 5 });
      expect(r.first).toBeUndefined();
      expect(r).toMatchObject({ compared: steps.length, mismatches: 0 });
    });
  }
});
