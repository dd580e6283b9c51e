// Bad input to the link verbs: one line naming what was expected, exit 2 — a missing device, a device that is
// not a dwtwin target (a socat pty nobody answers on), a baud the clock cannot produce, a malformed target.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWith, repoRoot } from '../support/requirements.ts';

const dwtwin = (args: string[]) => spawnSync('node', [join(repoRoot, 'src/cli/dwtwin.mjs'), ...args], { encoding: 'utf8', timeout: 120_000 });
const oneLine = (r: ReturnType<typeof dwtwin>, re: RegExp) => {
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(re);
};

describeWith(['socat'], 'link CLI bad input', () => {
  const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const ptys = new Promise<string[]>((resolve) => {
    let text = '';
    socat.stderr.on('data', (d: Buffer) => {
      text += d.toString();
      const m = [...text.matchAll(/PTY is (\S+)/g)].map((x) => x[1]!);
      if (m.length === 2) resolve(m);
    });
  });
  afterAll(() => {
    socat.kill('SIGTERM');
  });

  it('a missing serial device', () => {
    oneLine(dwtwin(['host', '--target', 'serial:/dev/no-such-dwtwin-port']), /serial:\/dev\/no-such-dwtwin-port: cannot open the port/);
  });

  it('a device that is not a dwtwin target (nothing answers)', async () => {
    const [a] = await ptys;
    oneLine(dwtwin(['host', '--target', `serial:${a}`, '--timeout', '200']), /not a dwtwin target/);
  });

  it('a baud the clock cannot produce, and a malformed target', () => {
    oneLine(dwtwin(['host', '--target', 'model', '--baud', '1600000', '--clock', '12000000']), /--baud: baud 1600000 from a 12000000 Hz clock: 8 clocks per bit give 1500000 baud/);
    oneLine(dwtwin(['host', '--target', 'usb']), /--target: expected model, cycle, verilator or serial:PATH/);
  });
});
