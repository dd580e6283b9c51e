// Errors the user can act on. The CLI prints their message (no stack trace) and exits with `exitCode`.
// Everything else is a bug in dwtwin and is allowed to show its stack.

/** Bad input: CLI argument, config JSON, table or IDX file, malformed hardware description. Exit code 2. */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A required external tool (verilator, iverilog, yosys, ...) is not installed. */
export class ToolMissingError extends Error {
  readonly exitCode = 2;
  constructor(readonly tool: string, hint: string) {
    super(`${tool} not found on PATH. ${hint}`);
    this.name = 'ToolMissingError';
  }
}

/** A check failed (cross-simulation mismatch, fidelity target missed). Exit code 1: the run worked, the result is bad. */
export class CheckFailed extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
  }
}

export function isUserFacing(e: unknown): e is InputError | ToolMissingError | CheckFailed {
  return e instanceof InputError || e instanceof ToolMissingError || e instanceof CheckFailed;
}

/** Throw an InputError naming `where` (a field, file:line, option) and what was expected. */
export function fail(where: string, expected: string, got?: unknown): never {
  const gotText = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
  throw new InputError(`${where}: expected ${expected}${gotText}`);
}
