// Target specifications: `model`, `cycle`, `verilator` (builds and starts the pty target), `serial:PATH[@BAUD]`.
import { InputError } from '../base/errors.ts';
import { type LinkConfig } from '../link/attach.ts';
import { buildPtyTarget, startPtyTarget, type UartLevel } from '../link/verilator-target.ts';
import type { VerilogOutput } from '../kernel/index.ts';
import { cycleTransport, modelTransport, openSerial, type Transport } from './transport.ts';

export const DEFAULT_BAUD = 115200;

export interface OpenTarget {
  transport: Transport;
  /** A pty target started here: its path. */
  path?: string;
  /** Bit-level timing of the target (verilator bit level): responses take longer. */
  slow: boolean;
  close(): Promise<void>;
}

export function parseTarget(spec: string): { kind: 'model' | 'cycle' | 'verilator' } | { kind: 'serial'; path: string; baud: number } {
  if (spec === 'model' || spec === 'cycle' || spec === 'verilator') return { kind: spec };
  const m = /^serial:([^@]+)(?:@(\d+))?$/.exec(spec);
  if (!m) throw new InputError(`--target: expected model, cycle, verilator or serial:PATH[@BAUD] (got ${JSON.stringify(spec)})`);
  const baud = m[2] ? Number(m[2]) : DEFAULT_BAUD;
  if (!(baud > 0)) throw new InputError(`--target: baud must be a positive integer (got ${m[2]})`);
  return { kind: 'serial', path: m[1]!, baud };
}

export async function openTarget(spec: string, cfg: LinkConfig, opts: { level?: UartLevel; transformVerilog?: (v: VerilogOutput) => VerilogOutput; log?: (l: string) => void } = {}): Promise<OpenTarget> {
  const t = parseTarget(spec);
  switch (t.kind) {
    case 'model': {
      const transport = modelTransport(cfg);
      return { transport, slow: false, close: () => transport.close() };
    }
    case 'cycle': {
      const transport = cycleTransport(cfg);
      return { transport, slow: true, close: () => transport.close() };
    }
    case 'verilator': {
      const level = opts.level ?? 'bit';
      const build = await buildPtyTarget(cfg, { transformVerilog: opts.transformVerilog, log: opts.log });
      const running = await startPtyTarget(build, level, cfg.link.clocksPerBit);
      opts.log?.(`verilator target (${level} level) on ${running.path}`);
      let transport: Transport;
      try {
        transport = await openSerial(running.path, DEFAULT_BAUD);
      } catch (e) {
        await running.stop();
        throw e;
      }
      return {
        transport,
        path: running.path,
        slow: level === 'bit',
        close: async () => {
          await transport.close();
          await running.stop();
        },
      };
    }
    default: {
      const transport = await openSerial(t.path, t.baud);
      return { transport, slow: true, close: () => transport.close() };
    }
  }
}
