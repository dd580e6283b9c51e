import { describe, expect, it } from 'vitest';
import { createNeuronArray } from '../../src/accel/create-neuron-array.ts';
import { neuronModels } from '../../src/accel/neuron-types.ts';
import { DwNeuron } from '../../src/devices/neuron/dw-neuron.ts';
import { paper003Track } from '../../src/devices/neuron/dw-track.ts';
import { LifNeuron } from '../../src/devices/neuron/lif.ts';

const drive = (t: number, j: number) => 0.4 + 0.3 * Math.sin(0.37 * t + j);

async function run(model: (typeof neuronModels)[number], size: number, steps: number, seed: number) {
  const a = await createNeuronArray({ level: 'device', model }, size, seed);
  const inp = new Float32Array(size);
  const sp = new Uint8Array(size);
  const spikes: number[] = [];
  const prog: number[] = [];
  for (let t = 0; t < steps; t++) {
    for (let j = 0; j < size; j++) inp[j] = drive(t, j);
    a.step(inp, sp);
    for (let j = 0; j < size; j++) if (sp[j]) spikes.push(t * size + j);
    prog.push(...a.readProgress());
  }
  return { a, spikes, prog };
}

describe('NeuronArray, device level', () => {
  it('dw equals the scalar DwNeuron (neuron j on stream j of the seed) spike for spike, progress = x / x_th', async () => {
    const { spikes, prog } = await run('dw', 5, 300, 9);
    const ref: number[] = [];
    const refProg: number[] = [];
    const ns = Array.from({ length: 5 }, (_, j) => new DwNeuron(paper003Track, 9, j));
    for (let t = 0; t < 300; t++) {
      ns.forEach((n, j) => { if (n.step(Math.fround(drive(t, j)))) ref.push(t * 5 + j); });
      for (const n of ns) refProg.push(Math.fround(n.progress));
    }
    expect(spikes.length).toBeGreaterThan(10);
    expect(spikes).toEqual(ref);
    expect(prog).toEqual(refProg);
  });

  it('lif equals the scalar LifNeuron; dw-deterministic has no noise (seed does not matter)', async () => {
    const { spikes } = await run('lif', 4, 200, 1);
    const ns = Array.from({ length: 4 }, () => new LifNeuron());
    const ref: number[] = [];
    for (let t = 0; t < 200; t++) ns.forEach((n, j) => { if (n.step(Math.fround(drive(t, j)))) ref.push(t * 4 + j); });
    expect(spikes.length).toBeGreaterThan(10);
    expect(spikes).toEqual(ref);
    expect((await run('dw-deterministic', 4, 300, 1)).spikes).toEqual((await run('dw-deterministic', 4, 300, 2)).spikes);
    expect((await run('dw', 4, 300, 1)).spikes).not.toEqual((await run('dw', 4, 300, 2)).spikes);
  });

  it('reset(seed) returns to rest and restarts the noise: the same as a fresh array with that seed', async () => {
    const { a } = await run('dw', 6, 137, 3);
    expect(a.stats().steps).toBe(137);
    a.reset(11);
    expect([...a.readProgress()].every((p) => p === 0)).toBe(true);
    const inp = new Float32Array(6);
    const sp = new Uint8Array(6);
    const after: number[] = [];
    for (let t = 0; t < 300; t++) {
      for (let j = 0; j < 6; j++) inp[j] = drive(t, j);
      a.step(inp, sp);
      for (let j = 0; j < 6; j++) if (sp[j]) after.push(t * 6 + j);
    }
    expect(after).toEqual((await run('dw', 6, 300, 11)).spikes);
  });
});
