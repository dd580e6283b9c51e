// Shared argument checks for CLI verbs: each throws InputError (exit 2) naming the option.
import { InputError } from '../base/errors.ts';

export function positiveInt(name: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`--${name}: expected a positive integer (got ${JSON.stringify(v)})`);
  return n;
}

export function nonNegativeInt(name: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InputError(`--${name}: expected a non-negative integer (got ${JSON.stringify(v)})`);
  return n;
}

/** A 32-bit unsigned seed. */
export function seed(name: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InputError(`--${name}: expected an integer seed in [0, 4294967295] (got ${JSON.stringify(v)})`);
  return n;
}

export function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new InputError(`--${name}: expected one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
  return v as T;
}

/** Comma-separated list. */
export function list(v: unknown): string[] {
  return String(v ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
