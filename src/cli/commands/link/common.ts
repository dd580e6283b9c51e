// Options shared by the link verbs (host, target, soak, bench link): which core, its parameters, clock and baud.
import type { Argv } from 'yargs';
import { InputError } from '../../../base/errors.ts';
import { attachableCores, DEFAULT_LINK_CORE, linkConfig, type LinkConfig } from '../../../link/attach.ts';
import { clocksPerBitFor } from '../../../link/protocol.ts';

export const BOARD_CLOCK_HZ = 12_000_000;

export function linkOptions<T>(y: Argv<T>) {
  return y
    .option('core', { type: 'string', default: DEFAULT_LINK_CORE, describe: `attached core (${attachableCores.map((c) => c.name).join(', ')})` })
    .option('params', { type: 'string', describe: 'JSON file {"core": {...}, "link": {...}} overriding parameters' })
    .option('baud', { type: 'number', default: 115200, describe: 'UART baud rate of the target' })
    .option('clock', { type: 'number', default: BOARD_CLOCK_HZ, describe: 'target clock in Hz (gives the clocks per bit)' });
}

export function configFrom(argv: { core?: unknown; params?: unknown; baud?: unknown; clock?: unknown }): LinkConfig {
  const baud = Number(argv.baud);
  const clock = Number(argv.clock);
  if (!(baud > 0) || !Number.isFinite(baud)) throw new InputError(`--baud: expected a positive number (got ${JSON.stringify(argv.baud)})`);
  if (!(clock > 0) || !Number.isFinite(clock)) throw new InputError(`--clock: expected a positive number of Hz (got ${JSON.stringify(argv.clock)})`);
  const c = clocksPerBitFor(clock, baud);
  if ('error' in c) throw new InputError(`--baud: ${c.error}`);
  return linkConfig(String(argv.core), argv.params as string | undefined, { clocksPerBit: c.cpb });
}
