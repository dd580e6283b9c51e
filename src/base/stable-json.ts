// JSON with sorted object keys (undefined members dropped, as JSON.stringify does), so equal values give equal
// strings: used for cache keys and parameter hashes.
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  if (typeof v === 'bigint') return `"${v}n"`;
  return JSON.stringify(v) ?? 'null';
}
