// Byte transports a link client talks through: a serial port (a board or the Verilator target's pty), the link
// model in process (`model`) and the link top's TypeScript cycle simulation (`cycle`). All deliver received bytes
// through one callback, asynchronously, as a serial port does.
import { SerialPort } from 'serialport';
import { InputError } from '../base/errors.ts';
import type { LinkConfig } from '../link/attach.ts';
import { LinkCycleTarget } from '../link/cycle-target.ts';
import { LinkModel } from '../link/model.ts';

export interface Transport {
  readonly name: string;
  write(bytes: Uint8Array): void;
  onData(cb: (bytes: Uint8Array) => void): void;
  close(): Promise<void>;
}

/** Opens a serial device (or pty); a missing or unopenable path is an InputError naming it (timeout included). */
export async function openSerial(path: string, baudRate: number, timeoutMs = 5000): Promise<Transport> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new InputError(`serial:${path}: opening the port timed out after ${timeoutMs} ms`)), timeoutMs);
    port.open((err) => {
      clearTimeout(t);
      if (err) reject(new InputError(`serial:${path}: cannot open the port (${err.message})`));
      else resolve();
    });
  });
  let cb: (b: Uint8Array) => void = () => {};
  port.on('data', (d: Buffer) => cb(new Uint8Array(d.buffer, d.byteOffset, d.length)));
  port.on('error', () => {});
  return {
    name: `serial:${path}`,
    write: (b) => {
      port.write(Buffer.from(b));
    },
    onData: (f) => {
      cb = f;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}

/** The link model in process: the reference, and a target without hardware. */
export function modelTransport(cfg: LinkConfig): Transport {
  const model = new LinkModel(cfg);
  let cb: (b: Uint8Array) => void = () => {};
  return {
    name: 'model',
    write: (b) => {
      const out = model.receive(b);
      if (out.length) setImmediate(() => cb(out));
    },
    onData: (f) => {
      cb = f;
    },
    close: async () => {},
  };
}

/** The link top's cycle simulation at its byte port (TypeScript; slow but exact to the RTL). */
export function cycleTransport(cfg: LinkConfig): Transport & { target: LinkCycleTarget } {
  const target = new LinkCycleTarget(cfg);
  let cb: (b: Uint8Array) => void = () => {};
  return {
    name: 'cycle',
    target,
    write: (b) => {
      const out = target.exchange(b);
      if (out.length) setImmediate(() => cb(out));
    },
    onData: (f) => {
      cb = f;
    },
    close: async () => {},
  };
}
