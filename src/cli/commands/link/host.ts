// `dwtwin host --target T [--check model] --script selftest|FILE`: run a command script through the link and
// compare every response with the link model.
import type { CommandModule } from 'yargs';
import { CheckFailed, InputError } from '../../../base/errors.ts';
import { findAttachable } from '../../../link/attach.ts';
import { readScript, selftestMac16, type Step } from '../../../host/script.ts';
import { runScript } from '../../../host/run-script.ts';
import { openTarget } from '../../../host/targets.ts';
import type { Mac16CmdParams } from '../../../semantics/mac16-commands.ts';
import { oneOf, positiveInt } from '../../args.ts';
import { configFrom, linkOptions } from './common.ts';

export const hostCommand: CommandModule = {
  command: 'host',
  describe: 'Drive a link target (model, cycle, verilator, serial:PATH[@BAUD]) with a command script, checking every response',
  builder: (y) =>
    linkOptions(y)
      .option('target', { type: 'string', demandOption: true, describe: 'model | cycle | verilator | serial:PATH[@BAUD]' })
      .option('check', { type: 'string', default: 'model', describe: 'model (compare every response with the link model)' })
      .option('script', { type: 'string', default: 'selftest', describe: 'selftest | a script file' })
      .option('byte-level', { type: 'boolean', default: false, describe: 'verilator target: bytes straight into the FIFOs (no UART timing)' })
      .option('timeout', { type: 'number', describe: 'ms to wait for a response before retransmitting (default 2000, 20000 for bit-level targets)' })
      .option('vcd-dir', { type: 'string', default: '.', describe: 'where a mismatch writes its VCD window' }),
  handler: async (argv) => {
    oneOf('check', argv.check, ['model'] as const);
    const cfg = configFrom(argv as Record<string, unknown>);
    const att = findAttachable(cfg.core);
    const steps: Step[] =
      argv.script === 'selftest'
        ? cfg.core === 'mac16cmd'
          ? selftestMac16(cfg.coreParams as Mac16CmdParams, cfg.link.maxWords)
          : (() => {
              throw new InputError(`--script selftest: no built-in self test for core ${cfg.core}`);
            })()
        : readScript(String(argv.script), att.commands);
    const target = await openTarget(String(argv.target), cfg, { level: argv['byte-level'] ? 'byte' : 'bit', log: (l) => process.stderr.write(l + '\n') });
    const stop = () => {
      void target.close().then(() => process.exit(130));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const timeoutMs = argv.timeout !== undefined ? positiveInt('timeout', argv.timeout) : target.slow ? 20_000 : 2000;
      const res = await runScript(target.transport, cfg, steps, { timeoutMs, retries: 2, nonce: process.pid, vcdDir: String(argv['vcd-dir']) });
      if (res.mismatches === 0) {
        process.stdout.write(`${argv.script}: ${res.compared} commands compared against the model, 0 mismatches (${target.transport.name})\n`);
        return;
      }
      const f = res.first!;
      const what = f.step.kind === 'command' ? `${f.step.name} [${f.step.words.map((w) => '0x' + w.toString(16)).join(' ')}]` : f.step.name;
      throw new CheckFailed(
        `${argv.script}: mismatch at command ${f.index} (${what}${f.step.line ? `, line ${f.step.line}` : ''}) after ${res.compared - 1} matching\n  expected ${f.expected}\n  got      ${f.got}${f.vcd ? `\n  VCD of the cycle model around it: ${f.vcd}` : ''}`,
      );
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await target.close();
    }
  },
};
