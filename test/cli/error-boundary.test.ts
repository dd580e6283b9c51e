// The error boundary (issue 18): the reported cases exit 2 within seconds with one line and no stack or module
// source; whatever escapes a command prints one line (the stack only with DWTWIN_DEBUG=1) and exits 1; the tfjs wasm
// backend's own process handlers are gone once it is loaded; a write that fails part way (a file-size limit)
// names the file, exits 1, leaves no partial file and keeps the files written before it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/cli/error-boundary.ts';
import { InputError, WriteFailed } from '../../src/base/errors.ts';
import { withoutForeignHandlers } from '../../src/base/process-handlers.ts';
import { repoRoot } from '../support/requirements.ts';

const dwtwin = (...args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
const tmp = (tag: string) => mkdtempSync(join(tmpdir(), `dwtwin-boundary-${tag}-`));

function expectOneLine(stderr: string, msg: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(msg);
}

describe("the issue's three cases exit 2 before any work, with one line", () => {
  const small = ['train', '--epochs', '1', '--limit', '10', '--test-limit', '10'];
  it('--out naming an existing file', () => {
    const dir = tmp('file');
    const file = join(dir, 'FILE');
    writeFileSync(file, 'mine');
    const r = dwtwin(...small, '--out', file);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /^dwtwin: --out: .*FILE exists and is not a directory$/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });
  it('--out /proc/forbidden (Node recursive mkdir spins forever there)', () => {
    const r = dwtwin(...small, '--out', '/proc/forbidden');
    expect(r.signal).toBe(null);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /^dwtwin: --out: cannot create \/proc\/forbidden \(.*ENOENT/);
  });
  it('--notches 300 (a notch index is one byte)', () => {
    const r = dwtwin('train', '--notches', '300');
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /^dwtwin: --notches: expected a notch count in 2\.\.256 \(got 300\)$/);
  });
});

describe('whatever escapes a command', () => {
  // A script that loads tfjs (wasm: its Emscripten glue adds process handlers) and then fails asynchronously.
  const script = (how: string) => `
    import { installErrorBoundary } from '../src/cli/error-boundary.ts';
    import { loadTf } from '../src/tasks/tf-backend.ts';
    installErrorBoundary();
    await loadTf();
    ${how}
  `;
  const runScript = (how: string, env: Record<string, string> = {}) => {
    // Inside the repository (ignored .scratch/), so that tsx and the relative imports resolve.
    mkdirSync(join(repoRoot, '.scratch'), { recursive: true });
    const f = join(repoRoot, '.scratch', `boundary-${process.pid}-${how.length}.ts`);
    writeFileSync(f, script(how));
    try {
      return spawnSync(process.execPath, ['--import', 'tsx', f], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
    } finally {
      rmSync(f, { force: true });
    }
  };
  it('an uncaught error after tfjs loaded prints one line and exits 1 (not tfjs source, not exit 7)', () => {
    const r = runScript("setTimeout(() => { throw new Error('boom\\nsecond line'); }, 10);");
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /^dwtwin: internal error: boom \(DWTWIN_DEBUG=1 shows the stack; 1 more line\(s\)\)$/);
    expect(r.stderr.length).toBeLessThan(300);
  });
  it('an unhandled rejection too; DWTWIN_DEBUG=1 adds the stack', () => {
    const r = runScript("Promise.reject(new Error('late'));", { DWTWIN_DEBUG: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^dwtwin: internal error: late/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('describeFailure', () => {
  it('user errors keep their message and code; system errors name the call and path; others are one line', () => {
    expect(describeFailure(new InputError('--a: expected b'))).toEqual({ line: '--a: expected b', code: 2 });
    const sys = Object.assign(new Error("ENOSPC: no space left on device, write '/x'"), { code: 'ENOSPC', syscall: 'write', path: '/x' });
    expect(describeFailure(sys)).toEqual({ line: 'write /x failed: ENOSPC (no space left on device)', code: 1 });
    expect(describeFailure(new WriteFailed('/r/seed-1.json', sys))).toEqual({ line: 'cannot write /r/seed-1.json: ENOSPC (no space left on device); files written before it are complete', code: 1 });
    expect(describeFailure(new Error('a\nb\nc')).line).toBe('internal error: a (DWTWIN_DEBUG=1 shows the stack; 2 more line(s))');
  });
});

describe('third-party process handlers', () => {
  it('the tfjs wasm backend adds uncaughtException / unhandledRejection listeners; withoutForeignHandlers removes them', async () => {
    const count = () => process.listeners('uncaughtException').length + process.listeners('unhandledRejection').length;
    const before = count();
    // The checker catches the fault: the same initialisation without the guard leaves listeners behind.
    const fake = () => {
      process.on('uncaughtException', (e) => {
        throw e;
      });
      process.on('unhandledRejection', (r) => {
        throw r;
      });
    };
    await withoutForeignHandlers(async () => fake());
    expect(count()).toBe(before);
    const { loadTf } = await import('../../src/tasks/tf-backend.ts');
    const { backend } = await loadTf();
    expect(count(), backend).toBe(before);
  });
});

describe('a write that fails part way (file-size limit)', () => {
  it('names the file, exits 1, leaves no partial file and keeps the seed files written before it', () => {
    const args = ['train', '--synapse', 'ideal', '--epochs', '1', '--limit', '200', '--test-limit', '200', '--seeds', '2', '--workers', '1'];
    const ref = tmp('ref');
    expect(dwtwin(...args, '--out', ref).status).toBe(0);
    const out = tmp('efbig');
    // 8 blocks (4 or 8 KiB, by shell): the seed and summary files fit, the accuracy plot (about 10 KiB) does not.
    // TSX_DISABLE_CACHE: tsx would otherwise write its transform cache under the same limit.
    const r = spawnSync('sh', ['-c', `ulimit -f 8; exec "${process.execPath}" src/cli/dwtwin.mjs ${args.join(' ')} --out ${out}`], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, TSX_DISABLE_CACHE: '1' }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(1);
    const dwtwinLines = r.stderr.split('\n').filter((l) => l.startsWith('dwtwin: '));
    expect(dwtwinLines).toEqual([`dwtwin: cannot write ${join(out, 'accuracy-per-epoch.svg')}: EFBIG (file too large); files written before it are complete`]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out).sort()).toEqual(['seed-1.json', 'seed-2.json', 'summary.json']);
    for (const f of ['seed-1.json', 'seed-2.json', 'summary.json']) expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(ref, f), 'utf8'));
    expect(existsSync(join(out, 'accuracy-per-epoch.svg'))).toBe(false);
  });
});
