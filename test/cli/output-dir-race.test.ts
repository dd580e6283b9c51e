// Several processes checking the same new output directory at once (the tasks of a cluster sweep start side by side
// and write seeds of one point into one directory): outputDir's probe (create, then remove) must not make one of
// them fail because another created or removed the probe meanwhile. A CI run of the SLURM round trip lost a task to
// exactly this ("--out: cannot create …: EEXIST").
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../support/requirements.ts';

const PROCESSES = 6;
const DIRS = 150;

/** Each process checks dirs d0..d{DIRS-1} under `root` in the same order, starting at the same moment. */
const script = (root: string, startAt: number) => `
  import { outputDir } from ${JSON.stringify(join(repoRoot, 'src/cli/args.ts'))};
  while (Date.now() < ${startAt}) {}
  let failed = 0, first = '';
  for (let i = 0; i < ${DIRS}; i++) {
    try { outputDir('out', ${JSON.stringify(root)} + '/d' + i + '/seeds'); } catch (e) { failed++; first ||= e.message; }
  }
  console.log(JSON.stringify({ failed, first }));
`;

function run(file: string): Promise<{ failed: number; first: string }> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => (code === 0 ? res(JSON.parse(out)) : rej(new Error(`exit ${code}: ${out}`))));
  });
}

it('concurrent checks of the same new directories all pass and leave no probe behind', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dwtwin-outdir-race-'));
  const file = join(root, 'check.mts');
  // Start a few seconds ahead, so that every process has loaded its modules and they probe at the same time.
  writeFileSync(file, script(root, Date.now() + 4000));
  const results = await Promise.all(Array.from({ length: PROCESSES }, () => run(file)));
  for (const r of results) expect(r.failed, r.first).toBe(0);
  // No probe file is left. A probe directory can stay (empty) when another process's probe went inside it before it
  // was removed: both processes then go on to write their results there, as the sweep's tasks do.
  const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => e.name);
  expect(files).toEqual(['check.mts']);
}, 60_000);
