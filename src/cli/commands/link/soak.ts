// `dwtwin soak link --commands N --fault-rate F --seed S`: reliability of the link through a faulty line against
// the Verilator target (byte level); prints lost, duplicated and undetected counts. Ctrl-C stops early and
// prints the counts so far.
import type { CommandModule } from 'yargs';
import { CheckFailed, InputError } from '../../../base/errors.ts';
import { progress } from '../../../base/progress.ts';
import { soak } from '../../../host/soak.ts';
import { openTarget } from '../../../host/targets.ts';
import { oneOf, positiveInt, seed } from '../../args.ts';
import { configFrom, linkOptions } from './common.ts';

export const soakCommand: CommandModule = {
  command: 'soak <what>',
  describe: 'Reliability soak: commands through a fault-injecting transport (what: link)',
  builder: (y) =>
    linkOptions(y.positional('what', { type: 'string' }))
      .option('commands', { type: 'number', default: 100000 })
      .option('fault-rate', { type: 'number', default: 0.01, describe: 'probability that a byte is dropped, corrupted, duplicated or preceded by an inserted byte' })
      .option('seed', { type: 'number', default: 1 })
      .option('target', { type: 'string', default: 'verilator', describe: 'verilator | model | cycle | serial:PATH[@BAUD]' })
      .option('timeout', { type: 'number', default: 25, describe: 'ms before a retransmission' }),
  handler: async (argv) => {
    oneOf('what', argv.what, ['link'] as const);
    const n = positiveInt('commands', argv.commands);
    const rate = Number(argv['fault-rate']);
    if (!(rate >= 0 && rate < 0.5)) throw new InputError(`--fault-rate: expected a probability in [0, 0.5) (got ${JSON.stringify(argv['fault-rate'])})`);
    const s = seed('seed', argv.seed);
    const cfg = configFrom(argv as Record<string, unknown>);
    if (cfg.core !== 'mac16cmd') throw new InputError('--core: the soak drives mac16cmd');
    const target = await openTarget(String(argv.target), cfg, { level: 'byte', log: (l) => process.stderr.write(l + '\n') });
    let stop = false;
    const onSig = () => {
      stop = true;
    };
    process.once('SIGINT', onSig);
    const bar = progress('soak', n);
    let done = 0;
    try {
      const r = await soak(target.transport, cfg, {
        commands: n,
        rate,
        seed: s,
        timeoutMs: positiveInt('timeout', argv.timeout),
        stopped: () => stop,
        onProgress: (d) => {
          bar.tick(d - done);
          done = d;
        },
      });
      bar.done();
      const f = r.faults;
      const line = `soak: ${r.commands} commands at fault rate ${rate} (seed ${s}): lost ${r.lost}, duplicated ${r.duplicated}, undetected ${r.undetected}; ${r.retransmissions} retransmissions; faults injected: ${f.dropped} dropped, ${f.corrupted} corrupted, ${f.duplicated} duplicated, ${f.inserted} inserted bytes; ${r.seconds.toFixed(1)} s${stop ? ' (stopped early)' : ''}`;
      process.stdout.write(line + '\n');
      if (r.lost || r.duplicated || r.undetected) throw new CheckFailed('soak: the link lost, duplicated or let through a damaged command');
    } finally {
      process.off('SIGINT', onSig);
      await target.close();
    }
  },
};
