// Reading user-supplied JSON (configs, parameter files) with schema validation: errors name the file and the
// field path and say what was expected, and become InputError (exit code 2).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from './errors.ts';

export { z };

export function describeIssues(where: string, err: z.ZodError): string {
  return err.issues.map((i) => `${where}: field '${i.path.length ? i.path.join('.') : '(root)'}': ${i.message}`).join('\n');
}

/** Validate an in-memory value; `where` names its origin in messages. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new InputError(describeIssues(where, r.error));
  return r.data;
}

/** A user's text file, or an InputError naming it and why it cannot be read. */
export function readInputText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Read, parse and validate a JSON file. */
export function readJsonFile<T extends z.ZodType>(path: string, schema: T): z.infer<T> {
  const text = readInputText(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return validate(schema, value, path);
}
