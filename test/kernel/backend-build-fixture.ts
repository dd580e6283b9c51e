// Child process for the concurrent-build test: builds the shared test design into $DWTWIN_CACHE and prints the result.
import { buildVerilator } from '../../src/kernel/backends/verilator.ts';
import { harnessSpec } from '../../src/kernel/cosim/lockstep.ts';
import { elaborate } from '../../src/kernel/index.ts';
import { stepper } from './backend-design.ts';

const b = buildVerilator(harnessSpec(elaborate(stepper, {})));
process.stdout.write(JSON.stringify({ cached: b.cached, binary: b.binary }) + '\n');
