// Property tests of the command line (issue 18): generated argument vectors for every verb, each with at least
// one bad element (a number out of range or of the wrong type, an unknown name or option, a missing, truncated or
// garbage input file, an unwritable output), run as a user would run them. Every run must end within a bound with
// exit 0 or 2, print no stack trace, and leave nothing half-written (an exit 2 leaves nothing at all). The verbs
// and their options are read from the yargs command modules (test/support/cli-verbs.ts), so new verbs are covered.
// Seeded: DWTWIN_PROPERTY_SEED and DWTWIN_PROPERTY_RUNS replay or widen a campaign (README, "Property tests").
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cliVerbs, type OptionKind, type Verb } from '../support/cli-verbs.ts';
import { repoRoot } from '../support/requirements.ts';

const SEED = Number(process.env.DWTWIN_PROPERTY_SEED ?? 18);
const RUNS = Number(process.env.DWTWIN_PROPERTY_RUNS ?? 80);
/** A run that validates its input ends in about a second; this bound only separates that from a hang or real work. */
const RUN_BOUND_MS = 60_000;

/**
 * Cheap valid options per verb: a vector is this plus the generated bad elements, so that a bad element the verb
 * fails to check shows as real work (slow, or exit 0 with results) instead of hiding behind a missing option.
 * Verbs not listed get only their generated elements. Every baseline alone must be a quick, successful run.
 */
const baselines: Record<string, string[]> = {
  train: ['--synapse=ideal', '--epochs=1', '--limit=10', '--test-limit=10', '--workers=1'],
  sweep: ['lr', '--synapse=ideal', '--lr=0.02', '--epochs=1', '--limit=10', '--test-limit=10', '--workers=1'],
  sim: ['--core=mac16', '--cycles=10'],
  rtl: ['--core=mac16', '--out=rtl-out'],
  'data info': ['--dataset=mnist'],
};

// Fixtures, made once: a regular file, a garbage file, truncated JSON, an empty file, an empty directory.
const fixtures = mkdtempSync(join(tmpdir(), 'dwtwin-prop-fixtures-'));
const fx = {
  file: join(fixtures, 'a-file'),
  garbage: join(fixtures, 'garbage.bin'),
  truncated: join(fixtures, 'truncated.json'),
  empty: join(fixtures, 'empty.txt'),
  emptyDir: join(fixtures, 'empty-dir'),
  missing: join(fixtures, 'no-such-entry'),
};
writeFileSync(fx.file, 'not a directory\n');
writeFileSync(fx.garbage, Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 151 + 7) & 255)));
writeFileSync(fx.truncated, '{"ramps": [1, 2');
writeFileSync(fx.empty, '');
mkdirSync(fx.emptyDir);

/** Values that are wrong for an option of each kind (never a valid value that could start expensive work). */
const bad: Record<Exclude<OptionKind, 'boolean'>, string[]> = {
  // Not '' (yargs reads an empty number as 0, which is valid for --limit: the whole dataset).
  number: ['abc', '-1', '1e999', 'NaN', '0x'],
  name: ['no-such-name', '-1', ',,', '1e999'],
  outDir: ['/proc/forbidden/dwtwin', fx.file, join(fx.file, 'sub')],
  outFile: ['/proc/forbidden/x.vcd', fx.emptyDir, join(fx.file, 'x.vcd')],
  inFile: [fx.missing, fx.emptyDir, fx.garbage, fx.truncated, fx.empty],
  inDir: [fx.missing, fx.file, fx.emptyDir],
};

type Element = { kind: 'option'; name: string; value: string } | { kind: 'unknown-option'; name: string } | { kind: 'positional'; value: string };

function elementArb(v: Verb): fc.Arbitrary<Element> {
  const opts = v.options.filter((o) => o.kind !== 'boolean');
  const choices: fc.Arbitrary<Element>[] = [
    fc.constantFrom('no-such-option', 'cycels', 'x').map((name) => ({ kind: 'unknown-option' as const, name })),
    fc.constant({ kind: 'positional' as const, value: 'garbage' }),
  ];
  if (opts.length) {
    choices.push(
      fc.constantFrom(...opts).chain((o) => fc.constantFrom(...bad[o.kind as Exclude<OptionKind, 'boolean'>]).map((value) => ({ kind: 'option' as const, name: o.name, value }))),
      fc.constantFrom(...opts).chain((o) => fc.constantFrom(...bad[o.kind as Exclude<OptionKind, 'boolean'>]).map((value) => ({ kind: 'option' as const, name: o.name, value }))),
    );
  }
  return fc.oneof(...choices);
}

/** The argument vector: verb words, positionals (the baseline's, else bad ones), baseline options, the elements. */
function argv(v: Verb, elements: Element[], positionalValue: string): string[] {
  const out = [...v.path];
  const base = baselines[v.path.join(' ')];
  if (base) out.push(...base.filter((a) => !a.startsWith('--')));
  else for (const p of v.positionals) out.push(p.kind === 'inDir' ? positionalValue : 'no-such-name');
  const opts = new Map<string, string>();
  for (const a of (base ?? []).filter((x) => x.startsWith('--'))) {
    const [k, ...rest] = a.slice(2).split('=');
    opts.set(k!, rest.join('='));
  }
  const extra: string[] = [];
  for (const e of elements) {
    if (e.kind === 'option') opts.set(e.name, e.value);
    else if (e.kind === 'unknown-option') extra.push(`--${e.name}=1`);
    else extra.push(e.value);
  }
  return [...out, ...[...opts].map(([k, val]) => `--${k}=${val}`), ...extra];
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stderr: string;
}

function run(args: string[], cwd: string): Promise<Outcome> {
  return new Promise((res) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [resolve(repoRoot, 'src/cli/dwtwin.mjs'), ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DWTWIN_WORKERS: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), RUN_BOUND_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      res({ code, signal, ms: Date.now() - t0, stderr });
    });
  });
}

const allFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name));

function checkOutcome(args: string[], r: Outcome, cwd: string): void {
  const what = `dwtwin ${args.join(' ')}\n${r.stderr}`;
  expect(r.signal, `killed after ${RUN_BOUND_MS} ms: ${what}`).toBe(null);
  expect([0, 2], what).toContain(r.code);
  expect(r.stderr, what).not.toMatch(/\n\s+at |node:internal|Node\.js v/);
  const dwtwinLines = r.stderr.split('\n').filter((l) => l.startsWith('dwtwin: '));
  if (r.code === 2) {
    expect(dwtwinLines.length, what).toBeGreaterThan(0);
    // Bad input writes nothing: no result, no directory, no temporary file (under cwd or the fixtures).
    expect(allFiles(cwd), what).toEqual([]);
  }
  expect([...allFiles(cwd), ...allFiles(fixtures)].filter((f) => /\.tmp$|\.dwtwin-probe/.test(f)), what).toEqual([]);
}

const verbs = cliVerbs();

describe('dwtwin command line, generated bad input', () => {
  it('reads every verb from the command modules', () => {
    const names = verbs.map((v) => v.path.join(' '));
    for (const n of ['train', 'sweep', 'cosim', 'fuzz', 'device ramp', 'bench sim', 'data download']) expect(names).toContain(n);
  });

  it.each(Object.entries(baselines))('baseline of %s is a quick valid run', async (verb, args) => {
    const cwd = mkdtempSync(join(tmpdir(), 'dwtwin-prop-'));
    const a = [...verb.split(' '), ...args];
    const r = await run(a, cwd);
    expect(r.code, `dwtwin ${a.join(' ')}\n${r.stderr}`).toBe(0);
    rmSync(cwd, { recursive: true, force: true });
  }, RUN_BOUND_MS + 10_000);

  it(`${RUNS} generated vectors (seed ${SEED}) end with exit 0 or 2, one line, no stack, nothing half-written`, async () => {
    process.stdout.write(`CLI property test: seed ${SEED}, ${RUNS} runs (DWTWIN_PROPERTY_SEED / DWTWIN_PROPERTY_RUNS)\n`);
    const vector = fc
      .constantFrom(...verbs)
      .chain((v) => fc.record({ verb: fc.constant(v), elements: fc.array(elementArb(v), { minLength: 1, maxLength: 3 }), positional: fc.constantFrom(...bad.inDir) }));
    await fc.assert(
      fc.asyncProperty(vector, async ({ verb, elements, positional }) => {
        const args = argv(verb, elements, positional);
        const cwd = mkdtempSync(join(tmpdir(), 'dwtwin-prop-'));
        try {
          checkOutcome(args, await run(args, cwd), cwd);
        } finally {
          rmSync(cwd, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 30 * 60_000);
});
