import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/requirements.ts';

function dwtwin(...args: string[]) {
  return spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });
}

describe('CLI bad input', () => {
  it('an unknown verb exits 2 with a message and no stack trace', () => {
    const r = dwtwin('no-such-verb');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/dwtwin: Unknown argument: no-such-verb/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('a missing sub-verb exits 2', () => {
    const r = dwtwin('device');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/dwtwin: /);
  });
  it('--help lists the verbs and exits 0', () => {
    const r = dwtwin('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/dwtwin demo/);
  });
});
