// Errors the user can act on. The CLI prints their message (no stack trace) and exits with `exitCode`.
// Everything else is a bug in dwtwin: src/cli/error-boundary.ts prints one line (the stack with DWTWIN_DEBUG=1).

/** Exit codes of every dwtwin command (README, "Exit codes"). Signals: 128 + the signal number, as shells do. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, sigint: 130, sigterm: 143 } as const;

/** Bad input: CLI argument, config JSON, table or IDX file, malformed hardware description. Exit code 2. */
export class InputError extends Error {
  readonly exitCode = EXIT.badInput;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A required external tool (verilator, iverilog, yosys, ...) is not installed. */
export class ToolMissingError extends Error {
  readonly exitCode = EXIT.badInput;
  constructor(readonly tool: string, hint: string) {
    super(`${tool} not found on PATH. ${hint}`);
    this.name = 'ToolMissingError';
  }
}

/** A check failed (cross-simulation mismatch, fidelity target missed). Exit code 1: the run worked, the result is bad. */
export class CheckFailed extends Error {
  readonly exitCode = EXIT.failure;
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
  }
}

/** A result file could not be written (disk full, file-size limit, read-only disk). Exit code 1; nothing half-written. */
export class WriteFailed extends Error {
  readonly exitCode = EXIT.failure;
  constructor(readonly path: string, cause: unknown) {
    const c = cause as NodeJS.ErrnoException;
    super(`cannot write ${path}: ${c.code ? `${c.code} (${systemReason(c)})` : String(c)}; files written before it are complete`);
    this.name = 'WriteFailed';
  }
}

/** The reason part of a Node system error ("no space left on device"), without the syscall and path. */
export function systemReason(e: NodeJS.ErrnoException): string {
  const m = /^[A-Z0-9]+: ([^,]*)/.exec(e.message);
  return m ? m[1]! : e.message;
}

export function isUserFacing(e: unknown): e is InputError | ToolMissingError | CheckFailed | WriteFailed {
  return e instanceof InputError || e instanceof ToolMissingError || e instanceof CheckFailed || e instanceof WriteFailed;
}

/** Throw an InputError naming `where` (a field, file:line, option) and what was expected. */
export function fail(where: string, expected: string, got?: unknown): never {
  const gotText = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
  throw new InputError(`${where}: expected ${expected}${gotText}`);
}
