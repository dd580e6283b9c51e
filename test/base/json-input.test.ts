import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/base/errors.ts';
import { readJsonFile, z } from '../../src/base/json-input.ts';

const schema = z.object({ lanes: z.number().int().positive(), name: z.string() });

describe('JSON input validation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dwtwin-json-'));
  it('names the file and the field', () => {
    const p = join(dir, 'p.json');
    writeFileSync(p, JSON.stringify({ lanes: -3, name: 'x' }));
    expect(() => readJsonFile(p, schema)).toThrow(InputError);
    expect(() => readJsonFile(p, schema)).toThrow(/p\.json: field 'lanes'/);
  });
  it('reports bad JSON and missing files', () => {
    const p = join(dir, 'bad.json');
    writeFileSync(p, '{ lanes: ');
    expect(() => readJsonFile(p, schema)).toThrow(/bad\.json: not valid JSON/);
    expect(() => readJsonFile(join(dir, 'none.json'), schema)).toThrow(/none\.json: cannot read file \(ENOENT\)/);
  });
  it('accepts valid input', () => {
    const p = join(dir, 'ok.json');
    writeFileSync(p, JSON.stringify({ lanes: 16, name: 'mac' }));
    expect(readJsonFile(p, schema)).toEqual({ lanes: 16, name: 'mac' });
  });
});
