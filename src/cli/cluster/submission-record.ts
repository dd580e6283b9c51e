// submission.json of a submission directory: the SLURM options and every (array job, merge job) submitted for the
// plan, newest last; `status` and `--resume` read it.
import { writeJsonAtomic } from '../../base/atomic-file.ts';
import { readJsonFileWithLines } from '../../base/json-lines.ts';
import { z } from '../../base/json-input.ts';

const recordSchema = z.strictObject({
  options: z.strictObject({
    partition: z.string().optional(),
    time: z.string().optional(),
    cpusPerTask: z.number().int().positive(),
    mem: z.string().optional(),
    maxParallel: z.number().int().positive().optional(),
  }),
  submissions: z.array(
    z.strictObject({
      /** Array job id; absent when only the merge job was resubmitted. */
      arrayJob: z.number().int().positive().optional(),
      mergeJob: z.number().int().positive(),
      tasks: z.array(z.number().int().positive()),
      at: z.string(),
    }),
  ),
});

export type SubmissionRecord = z.infer<typeof recordSchema>;

export const readRecord = (path: string): SubmissionRecord => readJsonFileWithLines(path, recordSchema);
export const writeRecord = (path: string, r: SubmissionRecord) => writeJsonAtomic(path, r);

/** The newest submission that ran each task. */
export function lastSubmissionOf(r: SubmissionRecord): Map<number, { arrayJob: number }> {
  const m = new Map<number, { arrayJob: number }>();
  for (const s of r.submissions) if (s.arrayJob !== undefined) for (const t of s.tasks) m.set(t, { arrayJob: s.arrayJob });
  return m;
}
