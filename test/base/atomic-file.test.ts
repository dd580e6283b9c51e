import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDirAtomic, writeFileAtomic, writeJsonAtomic } from '../../src/base/atomic-file.ts';

describe('atomic result files', () => {
  it('writes through a temp file and leaves no temp behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwtwin-atomic-'));
    writeJsonAtomic(join(dir, 'sub', 'r.json'), { a: 1 });
    expect(readFileSync(join(dir, 'sub', 'r.json'), 'utf8')).toBe('{\n  "a": 1\n}\n');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['r.json']);
  });

  it('keeps the old file when writing fails part way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwtwin-atomic-'));
    const p = join(dir, 'r.txt');
    writeFileSync(p, 'old');
    // A value that cannot be written (not a string or buffer) makes writeFileSync throw after the temp is opened.
    expect(() => writeFileAtomic(p, 42 as unknown as string)).toThrow();
    expect(readFileSync(p, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['r.txt']);
  });

  it('fills a directory as a whole: nothing appears until the fill returns, and a failing fill leaves nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwtwin-atomic-'));
    const out = join(dir, 'set');
    await expect(
      writeDirAtomic(out, (tmp) => {
        writeFileSync(join(tmp, 'a.txt'), 'a');
        expect(readdirSync(dir)).not.toContain('set');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(readdirSync(dir)).toEqual([]);
    mkdirSync(out); // an empty directory may be replaced
    await writeDirAtomic(out, (tmp) => writeFileSync(join(tmp, 'b.txt'), 'b'));
    expect(readdirSync(dir)).toEqual(['set']);
    expect(readdirSync(out)).toEqual(['b.txt']);
    // a non-empty one may not
    await expect(writeDirAtomic(out, () => {})).rejects.toThrow(/not an empty directory/);
    expect(readdirSync(out)).toEqual(['b.txt']);
  });
});
