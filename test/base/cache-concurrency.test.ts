// Caches shared by concurrent processes (SLURM array tasks starting at once): several processes asking for the
// same table set or dataset cache at the same moment leave one valid entry, built by one of them, and all get
// the same bytes. A lock left by a dead process, a half-written entry and a truncated cache file are recovered.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/requirements.ts';

const root = mkdtempSync(join(tmpdir(), 'dwtwin-cache-conc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CHILD_TIMEOUT_MS = 120_000;

/** Start `n` children on one cache directory, release them together, collect their answers. */
async function race(what: 'tables' | 'dataset', cache: string, n: number): Promise<{ built: boolean; digest: string }[]> {
  mkdirSync(cache, { recursive: true });
  const go = join(cache, `.go-${process.pid}-${n}-${Date.now()}`);
  const kids = Array.from({ length: n }, () => spawn(process.execPath, ['--import', 'tsx', 'test/support/cache-child.ts', what, go], { cwd: repoRoot, env: { ...process.env, DWTWIN_CACHE: cache }, stdio: ['ignore', 'pipe', 'pipe'] }));
  const outs = kids.map((k) => {
    let out = '';
    let err = '';
    k.stdout!.on('data', (d) => (out += String(d)));
    k.stderr!.on('data', (d) => (err += String(d)));
    const ready = new Promise<void>((res) => {
      const check = () => (out.includes('ready') ? res() : setTimeout(check, 10));
      check();
    });
    const done = new Promise<string>((res, rej) => {
      const t = setTimeout(() => {
        k.kill('SIGKILL');
        rej(new Error(`child timed out\n${err}`));
      }, CHILD_TIMEOUT_MS);
      k.on('exit', (code) => {
        clearTimeout(t);
        if (code === 0) res(out);
        else rej(new Error(`child exited ${code}\n${err}`));
      });
    });
    return { ready, done };
  });
  await Promise.all(outs.map((o) => o.ready));
  writeFileSync(go, '');
  const texts = await Promise.all(outs.map((o) => o.done));
  rmSync(go);
  return texts.map((t) => JSON.parse(t.trim().split('\n').pop()!) as { built: boolean; digest: string });
}

/** Files dwtwin left beside the entries: temporaries and locks must all be gone. */
const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock')) : []);

describe('table cache under concurrent processes', () => {
  const cache = join(root, 'tables-cache');
  it('three processes generating the same table set: built once, one entry, the same bytes for all', async () => {
    const r = await race('tables', cache, 3);
    expect(r.filter((x) => x.built)).toHaveLength(1);
    expect(new Set(r.map((x) => x.digest)).size).toBe(1);
    const entries = readdirSync(join(cache, 'tables'));
    expect(entries.filter((e) => !e.startsWith('.'))).toHaveLength(1);
    expect(leftovers(join(cache, 'tables'))).toEqual([]);
    expect(readdirSync(join(cache, 'tables', entries[0]!)).sort()).toEqual(['dG_decreasing0.txt.gz', 'dG_decreasing1.txt.gz', 'dG_increasing0.txt.gz', 'dG_increasing1.txt.gz', 'meta.json', 'params.json']);
    // The entry is reused as it is.
    const again = await race('tables', cache, 1);
    expect(again[0]).toEqual({ built: false, digest: r[0]!.digest });
  }, 180_000);

  it('a half-written entry (no meta.json) and a lock of a dead process are replaced by one valid entry', async () => {
    const tables = join(cache, 'tables');
    const entry = join(tables, readdirSync(tables).find((e) => !e.startsWith('.'))!);
    const digest = (await race('tables', cache, 1))[0]!.digest;
    rmSync(join(entry, 'meta.json'));
    truncateSync(join(entry, 'dG_increasing0.txt.gz'), 10);
    // pid 2^22 + 1 is above Linux's pid_max default range and is not running.
    writeFileSync(`${entry}.lock`, `${hostname()} 4194305 2026-01-01T00:00:00Z\n`);
    const r = await race('tables', cache, 2);
    expect(r.filter((x) => x.built)).toHaveLength(1);
    expect(r.map((x) => x.digest)).toEqual([digest, digest]);
    expect(existsSync(join(entry, 'meta.json'))).toBe(true);
    expect(leftovers(tables)).toEqual([]);
  }, 180_000);
});

describe('dataset cache under concurrent processes', () => {
  const cache = join(root, 'data-cache');
  it('three processes building the mnist cache: built once, one valid file, the same bytes for all', async () => {
    const r = await race('dataset', cache, 3);
    expect(r.filter((x) => x.built)).toHaveLength(1);
    expect(new Set(r.map((x) => x.digest)).size).toBe(1);
    expect(readdirSync(join(cache, 'data'))).toEqual(['mnist.bin']);
  }, 180_000);

  it('a truncated cache file is rebuilt, not read', async () => {
    const file = join(cache, 'data', 'mnist.bin');
    const digest = (await race('dataset', cache, 1))[0]!.digest;
    const size = readFileSync(file).length;
    truncateSync(file, size - 100);
    const r = await race('dataset', cache, 2);
    expect(r.filter((x) => x.built)).toHaveLength(1);
    expect(r.map((x) => x.digest)).toEqual([digest, digest]);
    expect(readFileSync(file).length).toBe(size);
    expect(leftovers(join(cache, 'data'))).toEqual([]);
  }, 180_000);
});
