// The SLURM round trip on a real single-node cluster (munged, slurmctld, slurmd started by the test): a tiny
// sweep (2 points x 2 seeds) submitted with `dwtwin cluster submit` gives the same bytes as the local run; a
// task cancelled while it runs is named by `cluster status` with its log, the merge job does not run, and `--resume`
// resubmits that task alone and completes the same bytes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith, repoRoot } from '../support/requirements.ts';
import { startSlurmCluster, waitForEmptyQueue, waitForTaskState, type SlurmCluster } from '../support/slurm-cluster.ts';

const RUN_TIMEOUT_MS = 10 * 60_000;
const sweep = ['sweep', 'notches', '--synapse', 'sot-300k', '--notches', '8,32', '--seeds', '2', '--epochs', '1', '--limit', '200', '--test-limit', '200'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)).map((g) => join(f, g)) : [f])).sort();
}

function expectSameTree(a: string, b: string): void {
  expect(files(b)).toEqual(files(a));
  for (const f of files(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), `${relative(a, join(a, f))} differs`).toBe(true);
}

describeWith(['sbatch', 'squeue', 'scontrol', 'scancel', 'munged', 'slurmctld', 'slurmd'], 'dwtwin cluster on a single-node SLURM', () => {
  let cluster: SlurmCluster | undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'dwtwin-slurm-run-'));
  const dwtwin = (args: string[]) => spawnSync(process.execPath, ['src/cli/dwtwin.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', env: cluster!.env, timeout: RUN_TIMEOUT_MS });
  const jobIds = (stdout: string) => ({ array: Number(/array job (\d+)/.exec(stdout)?.[1]), merge: Number(/merge job (\d+)/.exec(stdout)?.[1]) });

  beforeAll(async () => {
    cluster = await startSlurmCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a sweep through cluster submit equals the local run byte for byte', async () => {
    const local = join(tmp, 'local');
    const l = dwtwin([...sweep, '--out', local]);
    expect(l.status, l.stderr).toBe(0);
    const out = join(tmp, 'slurm');
    expect(dwtwin([...sweep, '--out', out, '--plan', join(tmp, 'sweep.json')]).status).toBe(0);
    const sub = dwtwin(['cluster', 'submit', '--plan', join(tmp, 'sweep.json'), '--out', join(tmp, 'sub')]);
    expect(sub.status, sub.stderr).toBe(0);
    expect(sub.stdout).toMatch(/submitted 4 of 4 task\(s\) as array job \d+/);
    await waitForEmptyQueue(cluster!.env, RUN_TIMEOUT_MS);
    const st = dwtwin(['cluster', 'status', join(tmp, 'sub')]);
    expect(st.stdout, `${st.stdout}\n${cluster!.logs()}`).toMatch(/4 task\(s\): 4 done, 0 queued or running, 0 failed/);
    expect(st.stdout).toMatch(/merge job \d+: done/);
    expectSameTree(local, out);
    // Each task has its own log.
    expect(readdirSync(join(tmp, 'sub', 'logs')).filter((f) => /^\d+_\d\.log$/.test(f))).toHaveLength(4);
  }, RUN_TIMEOUT_MS);

  it('a cancelled task: status names it and its log, no merge; --resume reruns it alone and gives the same bytes', async () => {
    const out = join(tmp, 'resumed');
    expect(dwtwin([...sweep, '--out', out, '--plan', join(tmp, 'resume.json')]).status).toBe(0);
    const sub = dwtwin(['cluster', 'submit', '--plan', join(tmp, 'resume.json'), '--out', join(tmp, 'sub2'), '--max-parallel', '1']);
    expect(sub.status, sub.stderr).toBe(0);
    const ids = jobIds(sub.stdout);
    // One task at a time: cancel task 1 while it runs (as a time limit or a preemption would end it).
    await waitForTaskState(cluster!.env, ids.array, 1, 'RUNNING', RUN_TIMEOUT_MS);
    expect(spawnSync('scancel', [`${ids.array}_1`], { env: cluster!.env, timeout: 30_000 }).status).toBe(0);
    await waitForEmptyQueue(cluster!.env, RUN_TIMEOUT_MS);
    const st = dwtwin(['cluster', 'status', join(tmp, 'sub2')]);
    expect(st.stdout).toMatch(/3 done, 0 queued or running, 1 failed/);
    expect(st.stdout).toMatch(/task 1 FAILED: CANCELLED.*sot-300k-8\/seed-1\.json: missing/);
    expect(st.stdout).toContain(`log ${join(tmp, 'sub2', 'logs', `${ids.array}_1.log`)}: `);
    expect(st.stdout).toMatch(/merge job \d+: (CANCELLED|not run)/);
    expect(st.stdout).toContain(`dwtwin cluster submit --resume ${join(tmp, 'sub2')}`);
    const again = dwtwin(['cluster', 'submit', '--resume', join(tmp, 'sub2')]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/submitted 1 of 4 task\(s\) as array job \d+ \(tasks 1;/);
    await waitForEmptyQueue(cluster!.env, RUN_TIMEOUT_MS);
    expect(dwtwin(['cluster', 'status', join(tmp, 'sub2')]).stdout).toMatch(/4 done, 0 queued or running, 0 failed[^]*merge job \d+: done/);
    expectSameTree(join(tmp, 'local'), out);
    expect(dwtwin(['cluster', 'submit', '--resume', join(tmp, 'sub2')]).stdout).toMatch(/nothing to resubmit/);
  }, RUN_TIMEOUT_MS);
});
