// Imports flow one way, downward, through the layers of src/ (README, "Layout"): a module may import only from its
// own folder and the layers below it. The check reads every import of every source file; a second case shows it
// flags an upward import.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const BELOW: Record<string, string[]> = {
  base: [],
  kernel: ['base'],
  devices: ['base'],
  data: ['base'],
  semantics: ['base', 'devices'],
  cores: ['base', 'kernel', 'devices', 'semantics'],
  twin: ['base', 'devices', 'semantics'],
};
BELOW.link = [...BELOW.cores!, 'cores', 'twin'];
BELOW.host = [...BELOW.link, 'link'];
BELOW.accel = [...BELOW.host, 'host', 'data'];
BELOW.tasks = [...BELOW.accel, 'accel'];
BELOW.cli = [...BELOW.tasks, 'tasks'];

const SRC = join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** `importer -> imported` pairs (top-level folders of src/) that go against the layers. */
function violations(files: { path: string; text: string }[]): string[] {
  const bad: string[] = [];
  for (const f of files) {
    const from = relative(SRC, f.path).split(sep)[0]!;
    for (const m of f.text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const to = relative(SRC, normalize(join(dirname(f.path), m[1]!))).split(sep)[0]!;
      if (to === from || to === '..') continue;
      if (!BELOW[from]?.includes(to)) bad.push(`${relative(SRC, f.path)} imports ${m[1]} (${from} -> ${to})`);
    }
  }
  return bad;
}

describe('import layers', () => {
  it('every layer of src/ is known and imports only from the layers below it', () => {
    const tops = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(tops.filter((t) => !(t in BELOW)), 'folders of src/ without a place in the layers').toEqual([]);
    expect(violations(sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') })))).toEqual([]);
  });

  it('flags an upward import (a core importing the link)', () => {
    const path = join(SRC, 'cores', 'registry.ts');
    expect(violations([{ path, text: "import { linkRegistryEntry } from '../link/registry-entry.ts';" }])).toEqual([`cores${sep}registry.ts imports ../link/registry-entry.ts (cores -> link)`]);
    expect(violations([{ path, text: "import { tile } from './tile.ts';\nimport { z } from 'zod';" }])).toEqual([]);
  });
});
