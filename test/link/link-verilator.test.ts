// The same host code against the Verilator pty target: the self test at the board's baud and clocks per bit with
// the bit-level UART (the closest check to a real iCEBreaker without one attached), at byte level, an injected
// RTL fault reported at the right command with a VCD window, and bad input (a path that is not a target).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { linkConfig } from '../../src/link/attach.ts';
import { selftestMac16 } from '../../src/host/script.ts';
import { runScript } from '../../src/host/run-script.ts';
import { openTarget } from '../../src/host/targets.ts';
import { openSerial } from '../../src/host/transport.ts';
import { LinkClient } from '../../src/host/link-client.ts';
import type { VerilogOutput } from '../../src/kernel/index.ts';
import type { Mac16CmdParams } from '../../src/semantics/mac16-commands.ts';
import { describeWith } from '../support/requirements.ts';

// The iCEBreaker configuration: 12 MHz, 115200 baud = 104 clocks per bit (the link defaults).
const cfg = linkConfig('mac16cmd');
const steps = selftestMac16(cfg.coreParams as Mac16CmdParams, cfg.link.maxWords);
const firstMac = steps.findIndex((s) => s.name === 'MAC');
// Lane 0's accumulator reads one bit wrong: only MAC results differ.
const lane0Fault = (v: VerilogOutput): VerilogOutput => ({ ...v, files: v.files.map((f) => ({ ...f, text: f.text.replace('assign acc_0 = acc0;', "assign acc_0 = acc0 ^ 32'd1;") })) });
const dir = mkdtempSync(join(tmpdir(), 'dwtwin-link-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWith(['verilator'], 'link against the Verilator pty target', () => {
  it('bit-level UART at 104 clocks per bit: self test, 0 mismatches', async () => {
    const t = await openTarget('verilator', cfg, { level: 'bit' });
    try {
      const r = await runScript(t.transport, cfg, steps, { timeoutMs: 30_000, retries: 1, nonce: 1 });
      expect(r.first).toBeUndefined();
      expect(r).toMatchObject({ compared: steps.length, mismatches: 0, retransmissions: 0 });
    } finally {
      await t.close();
    }
  });

  it('byte level: self test twice on one target (reconnect), 0 mismatches', async () => {
    const t = await openTarget('verilator', cfg, { level: 'byte' });
    try {
      const r = await runScript(t.transport, cfg, steps.slice(0, 20), { timeoutMs: 10_000, retries: 1, nonce: 2 });
      expect(r.mismatches).toBe(0);
      // A second host on the same target: its counters are not the fresh model's, so compare only commands.
      const c = new LinkClient(t.transport, { timeoutMs: 10_000, retries: 1 });
      const id = await c.connect(undefined, 3);
      expect(id.maxWords).toBe(cfg.link.maxWords);
    } finally {
      await t.close();
    }
  });

  it('an RTL fault is reported at the first MAC, with a VCD window', async () => {
    const t = await openTarget('verilator', cfg, { level: 'byte', transformVerilog: lane0Fault });
    try {
      const r = await runScript(t.transport, cfg, steps, { timeoutMs: 10_000, retries: 1, nonce: 4, vcdDir: dir });
      expect(r.mismatches).toBe(1);
      expect(r.first!.index).toBe(firstMac);
      expect(r.first!.expected).not.toBe(r.first!.got);
      expect(existsSync(r.first!.vcd!)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('a missing serial path is an input error naming it', async () => {
    await expect(openSerial('/dev/does-not-exist-dwtwin', 115200)).rejects.toThrow(/serial:\/dev\/does-not-exist-dwtwin: cannot open/);
  });
});
