// Child process of test/base/cache-concurrency.test.ts: waits for the go file (so all children ask at once), then
// loads or builds one cache entry and prints {built, digest} as one JSON line.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadEmbeddedCached } from '../../src/data/datasets.ts';
import { generateSynapse } from '../../src/devices/synapse/generate.ts';
import { formatLutText } from '../../src/devices/synapse/lut-io.ts';
import { synapsePreset } from '../../src/devices/synapse/presets.ts';

const [what, go] = process.argv.slice(2);
process.stdout.write('ready\n');
const t0 = Date.now();
while (!existsSync(go!)) {
  if (Date.now() - t0 > 60_000) throw new Error('no go file within 60 s');
  await new Promise((r) => setTimeout(r, 5));
}
const h = createHash('sha256');
let built: boolean;
if (what === 'tables') {
  const p = synapsePreset('sot-300k');
  p.ramps = 6;
  const g = await generateSynapse(p, { seed: 3, variants: 2, workers: 0 });
  for (const q of g.pairs) h.update(formatLutText(q.increasing) + formatLutText(q.decreasing));
  built = !g.cached;
} else {
  const r = loadEmbeddedCached('mnist');
  h.update(r.dataset.train.images).update(r.dataset.train.labels).update(r.dataset.test.images).update(r.dataset.test.labels);
  built = r.built;
}
process.stdout.write(JSON.stringify({ built, digest: h.digest('hex') }) + '\n');
