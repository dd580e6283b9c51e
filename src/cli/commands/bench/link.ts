// `dwtwin bench link`: the serial link's speed. (1) efficiency: payload bytes (command words) per line capacity on
// the bit-level Verilator target at the board's 104 clocks per bit, in the design's own cycles (CYCLES before and
// after a run of full-size WRITE frames; the host's turnaround is not in them: the harness does not clock the
// design while it waits for the host). 8N1 carries 8 payload bits per 10 line bits, so the line limit is
// clock / (10 * clocksPerBit) bytes/s. (2) commands/s over the byte-level pty. (3) lockstep overhead: the same
// commands with every response checked against the link model, over the target alone.
import type { CommandModule } from 'yargs';
import { LinkClient } from '../../../host/link-client.ts';
import { openTarget } from '../../../host/targets.ts';
import { linkConfig, linkIdentity } from '../../../link/attach.ts';
import { LinkModel } from '../../../link/model.ts';
import { decodeFrame, LINK_OPCODES } from '../../../link/protocol.ts';
import { header } from '../../../semantics/command-port.ts';
import { MAC16_OPCODES, type Mac16CmdParams } from '../../../semantics/mac16-commands.ts';
import { positiveInt } from '../../args.ts';

export const benchLinkCommand: CommandModule = {
  command: 'link',
  describe: 'Serial link: efficiency on the bit-level target, commands/s over the byte-level pty, lockstep overhead',
  builder: (y) => y.option('frames', { type: 'number', default: 4 }).option('commands', { type: 'number', default: 2000 }),
  handler: async (argv) => {
    const cfg = linkConfig('mac16cmd');
    const p = cfg.coreParams as Mac16CmdParams;
    const frames = positiveInt('frames', argv.frames);
    const n = positiveInt('commands', argv.commands);
    // (1) efficiency
    const bit = await openTarget('verilator', cfg, { level: 'bit' });
    let efficiency = 0;
    try {
      const c = new LinkClient(bit.transport, { timeoutMs: 60_000, retries: 0 });
      await c.connect(linkIdentity(cfg), 7);
      const cycles = async () => (await c.command([header(LINK_OPCODES.CYCLES, 0)])).words[1]!;
      const count = Math.min(p.depth, cfg.link.maxWords - 2);
      const words = [header(MAC16_OPCODES.WRITE, count + 1), 0, ...Array.from({ length: count }, (_, i) => (i * 37 + 11) & 0x7f)];
      const c0 = await cycles();
      for (let f = 0; f < frames; f++) await c.command(words);
      const c1 = await cycles();
      const payload = frames * words.length * 4;
      const lineBytesPerCycle = 1 / (10 * cfg.link.clocksPerBit);
      efficiency = payload / ((c1 - c0) >>> 0) / lineBytesPerCycle;
      process.stdout.write(`bit level (${cfg.link.clocksPerBit} clocks per bit): ${frames} WRITE frames of ${words.length} words, ${payload} payload bytes in ${(c1 - c0) >>> 0} cycles\n`);
      process.stdout.write(`efficiency: ${efficiency.toFixed(3)}\n`);
    } finally {
      await bit.close();
    }
    // (2) and (3): byte level
    const byte = await openTarget('verilator', cfg, { level: 'byte' });
    try {
      const c = new LinkClient(byte.transport, { timeoutMs: 5000, retries: 0 });
      await c.connect(linkIdentity(cfg), 8);
      const cmd = (i: number) => [header(MAC16_OPCODES.MAC, 3), (1 << 31) | (i % 200), i & 0x7f, 3];
      let t = performance.now();
      for (let i = 0; i < n; i++) await c.command(cmd(i));
      const alone = (performance.now() - t) / 1000;
      // RESET clears the accumulators, so a fresh model (weights never written: zero on both) predicts every MAC.
      await c.command([header(LINK_OPCODES.RESET, 0)]);
      const model = new LinkModel(cfg);
      let mismatches = 0;
      t = performance.now();
      for (let i = 0; i < n; i++) {
        const words = cmd(i);
        const out = model.receive(c.frameFor(words));
        const exp = decodeFrame(out.subarray(1, out.length - 1));
        const got = await c.command(words);
        if (!exp.ok || JSON.stringify(exp.words) !== JSON.stringify(got.words)) mismatches++;
      }
      const checked = (performance.now() - t) / 1000;
      process.stdout.write(`byte level: ${(n / alone).toFixed(0)} commands/s (MAC of 2 inputs, ${p.lanes} results)\n`);
      process.stdout.write(`lockstep overhead (host + model check over target alone): ${(checked / alone).toFixed(2)} (${(n / checked).toFixed(0)} commands/s checked, ${mismatches} mismatches)\n`);
    } finally {
      await byte.close();
    }
  },
};
