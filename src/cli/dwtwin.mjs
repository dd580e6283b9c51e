#!/usr/bin/env node
// The package's bin: registers tsx so the TypeScript sources run directly, then starts the CLI. Loading the modules
// takes a moment; a SIGINT / SIGTERM meanwhile exits at once with 130 / 143 (no work has started), until the CLI's
// own handlers replace these (src/cli/error-boundary.ts removes them by this key).
import { register } from 'tsx/esm/api';

const early = { SIGINT: () => process.exit(130), SIGTERM: () => process.exit(143) };
for (const [sig, fn] of Object.entries(early)) process.on(sig, fn);
globalThis[Symbol.for('dwtwin.earlySignalHandlers')] = early;
register();
await import('./main.ts');
