// Line numbers for JSON input files that users edit by hand (plans): where each value starts, keyed by its field
// path, so a validation error can say `plan.json:12: field 'jobs.3.argv'`. JSON.parse does the real parsing; this
// scanner finds positions (of values, or of the first character that cannot be JSON).
import { InputError } from './errors.ts';
import { readInputText, z } from './json-input.ts';

class ScanError extends Error {
  constructor(readonly offset: number) {
    super('bad JSON');
  }
}

/**
 * Map from field path ('' for the root, 'jobs.3.argv') to the 1-based line where its value starts. Throws a
 * ScanError at the offset of the first character that cannot be JSON (Node 20's JSON.parse does not always say).
 */
function scan(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = () => {
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  };
  const expect = (c: string) => {
    if (text[i] !== c) throw new ScanError(i);
    i++;
  };
  const str = () => {
    const start = i;
    expect('"');
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    expect('"');
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw new ScanError(start);
    }
  };
  const value = (path: string): void => {
    skip();
    lines.set(path, line);
    const at = (k: string | number) => (path ? `${path}.${k}` : String(k));
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') return void i++;
      for (;;) {
        skip();
        const k = str();
        skip();
        expect(':');
        value(at(k));
        skip();
        if (text[i] === '}') return void i++;
        expect(',');
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(at(n));
        skip();
        if (text[i] === ']') return void i++;
        expect(',');
      }
    }
    if (c === '"') return void str();
    const m = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!m) throw new ScanError(i);
    i += m[0].length;
  };
  value('');
  skip();
  if (i < text.length) throw new ScanError(i);
  return lines;
}

/** Map from field path ('' for the root, 'jobs.3.argv') to the 1-based line where its value starts. */
export function valueLines(text: string): Map<string, number> {
  return scan(text);
}

/** 1-based line and column of a character offset. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

/**
 * Read, parse and validate a JSON file; every error names the file, the line and the field (`FILE:LINE: field
 * 'a.b': ...`) and is an InputError (exit 2). The nearest enclosing value's line is used for a missing field.
 */
export function readJsonFileWithLines<T extends z.ZodType>(path: string, schema: T): z.infer<T> {
  const text = readInputText(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    let offset: number | undefined;
    try {
      scan(text);
    } catch (s) {
      if (s instanceof ScanError) offset = s.offset;
    }
    const what = (e as Error).message.replace(/\s+/g, ' ');
    throw new InputError(`${path}${offset === undefined ? '' : `:${lineCol(text, offset)}`}: not valid JSON (${what})`);
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const lines = valueLines(text);
  const lineOf = (p: PropertyKey[]) => {
    for (let n = p.length; n >= 0; n--) {
      const l = lines.get(p.slice(0, n).map(String).join('.'));
      if (l !== undefined) return l;
    }
    return 1;
  };
  throw new InputError(r.error.issues.map((i) => `${path}:${lineOf(i.path)}: field '${i.path.length ? i.path.join('.') : '(root)'}': ${i.message}`).join('\n'));
}
