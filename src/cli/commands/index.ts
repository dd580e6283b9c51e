// Every CLI verb, one module each. Add a line here when you add a verb.
import type { CommandModule } from 'yargs';
import { demoCommand } from './demo.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [demoCommand];
