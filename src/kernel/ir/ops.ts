// Free-standing constructors for operators over several signals.
import { InputError } from '../../base/errors.ts';
import { userLocation } from './location.ts';
import { MAX_WIDTH, Signal, type Operand } from './signal.ts';

function moduleOf(what: string, xs: Operand[]): Signal {
  const s = xs.find((x): x is Signal => x instanceof Signal);
  if (!s) throw new InputError(`${what}: at least one operand must be a signal (at ${userLocation()})`);
  return s;
}

/** {parts[0], parts[1], ...}: parts[0] ends up in the most significant bits. */
export function concat(...parts: Signal[]): Signal {
  const first = moduleOf('concat', parts);
  const m = first.module;
  if (parts.length === 1) return first;
  const width = parts.reduce((w, p) => w + p.width, 0);
  if (width > MAX_WIDTH) m.fail(`concat: result width ${width} exceeds ${MAX_WIDTH}`);
  for (const p of parts) m.coerce(p, p.width, 'concat');
  return m.addNode(width, { k: 'concat', parts });
}

/** cases[sel]; a select beyond the last case picks the last case. All cases have the same width. */
export function mux(sel: Signal, cases: Operand[]): Signal {
  const m = sel.module;
  if (cases.length < 1) m.fail('mux: needs at least one case');
  const ref = moduleOf('mux', cases);
  const sigs = cases.map((c) => m.coerce(c, ref.width, 'mux case'));
  for (const [i, c] of sigs.entries()) if (c.width !== ref.width) m.fail(`mux: case ${i} is ${c.width} bits, case widths must all be ${ref.width}`);
  if (sigs.length === 1) return sigs[0]!;
  if (sel.width < 53 && 2 ** sel.width < sigs.length) m.fail(`mux: a ${sel.width}-bit select cannot reach ${sigs.length} cases`);
  return m.addNode(ref.width, { k: 'mux', sel, cases: sigs });
}

/** Replicate `s` n times. */
export function repeat(s: Signal, n: number): Signal {
  return concat(...Array.from({ length: n }, () => s));
}
