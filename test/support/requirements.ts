// Tests that need an external tool or the ../shared reference data. On a user's machine a missing tool or
// missing ../shared skips those tests (saying why); with CI=true a missing requirement is a failing test.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = process.env.DWTWIN_SHARED ?? resolve(repoRoot, '..', 'shared');
export const inCI = process.env.CI === 'true' || process.env.CI === '1';

export function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function hasShared(): boolean {
  return existsSync(resolve(sharedDir, 'data', 'crosssim-dwmtj-luts'));
}

/**
 * describe() that runs only when every requirement is met. Requirements are tool names or 'shared'.
 * Missing and CI=true: one failing test naming what is missing. Missing otherwise: skipped with the reason.
 */
export function describeWith(requirements: string[], name: string, body: () => void): void {
  const missing = requirements.filter((r) => (r === 'shared' ? !hasShared() : !hasTool(r)));
  if (missing.length === 0) {
    describe(name, body);
  } else if (inCI) {
    describe(name, () => {
      it(`requires ${missing.join(', ')}`, () => {
        throw new Error(`missing requirement(s) in CI: ${missing.join(', ')} (install with .ci/setup.sh; ../shared must sit beside the clone)`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: needs ${missing.join(', ')})`, body);
  }
}
