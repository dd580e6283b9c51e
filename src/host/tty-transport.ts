// A serial port (or pseudo-terminal) as a Transport without the serialport addon, for a link client inside a
// worker thread: serialport's native poller is not safe off the main thread (it aborts Node there). Line settings
// (raw 8N1, the baud) come from `stty -F`; reads go through Node's own tty stream (libuv, event-driven), writes
// through the same descriptor. The pty of the Verilator target and a board's /dev/ttyUSBn take the same path.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { isatty, ReadStream } from 'node:tty';
import { InputError } from '../base/errors.ts';
import type { Transport } from './transport.ts';

export function openTty(path: string, baud: number): Transport {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  } catch (e) {
    throw new InputError(`serial:${path}: cannot open the port (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (!isatty(fd)) {
    closeSync(fd);
    throw new InputError(`serial:${path}: not a serial port or terminal`);
  }
  const stty = spawnSync('stty', ['-F', path, String(baud), 'raw', '-echo', 'cs8', '-cstopb', '-parenb', 'clocal', '-crtscts'], { encoding: 'utf8', timeout: 5000 });
  if (stty.status !== 0) {
    closeSync(fd);
    throw new InputError(`serial:${path}: cannot set ${baud} baud 8N1 raw (stty: ${(stty.stderr || stty.error?.message || '').trim()})`);
  }
  const rs = new ReadStream(fd);
  let cb: (b: Uint8Array) => void = () => {};
  rs.on('data', (d: Buffer) => cb(new Uint8Array(d.buffer, d.byteOffset, d.length)));
  rs.on('error', () => {});
  const wake = new Int32Array(new SharedArrayBuffer(4));
  let closed = false;
  return {
    name: `serial:${path}`,
    write: (b) => {
      // Non-blocking descriptor: a full output buffer answers EAGAIN; wait a little and go on (bounded).
      let put = 0;
      const deadline = Date.now() + 10_000;
      while (put < b.length) {
        try {
          put += writeSync(fd, b, put, b.length - put);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EAGAIN' || Date.now() > deadline) throw e;
          Atomics.wait(wake, 0, 0, 1);
        }
      }
    },
    onData: (f) => {
      cb = f;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      rs.destroy(); // closes fd
    },
  };
}
