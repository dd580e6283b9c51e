// Every CLI verb, one module each (groups of verbs in a folder). Add a line here when you add a verb.
import type { CommandModule } from 'yargs';
import { benchCommand } from './bench/index.ts';
import { clusterCommand } from './cluster/index.ts';
import { cosimCommand } from './cosim.ts';
import { dataCommand } from './data.ts';
import { demoCommand } from './demo.ts';
import { deviceCommand } from './device/index.ts';
import { fuzzCommand } from './fuzz.ts';
import { boardCommand } from './link/board.ts';
import { hostCommand } from './link/host.ts';
import { protocolDocCommand } from './link/protocol-doc.ts';
import { soakCommand } from './link/soak.ts';
import { targetCommand } from './link/target.ts';
import { reportCommand } from './report.ts';
import { rtlCommand } from './rtl.ts';
import { simCommand } from './sim.ts';
import { sweepCommand } from './sweep.ts';
import { synthCommand } from './synth.ts';
import { trainCommand } from './train.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [demoCommand, rtlCommand, simCommand, cosimCommand, synthCommand, fuzzCommand, trainCommand, sweepCommand, reportCommand, clusterCommand, dataCommand, deviceCommand, benchCommand, hostCommand, targetCommand, protocolDocCommand, soakCommand, boardCommand];
