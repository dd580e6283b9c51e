// The report puts each run beside the paper's number for the same configuration; a table directory counts by its
// mechanism (CrossSim names them DWMTJ_SOT / DWMTJ_STT), like a preset.
import { describe, expect, it } from 'vitest';
import type { TableSource } from '../../src/accel/table-source.ts';
import { paperContext } from '../../src/tasks/mlp/run.ts';
import type { MlpConfig } from '../../src/tasks/mlp/config.ts';

const encoding = { rowSlots: 8, colLevels: 8 } as never;
function cfg(tables: TableSource, notches: number | 'continuous', carry = false, dataset: 'fashion-mnist' | 'mnist' = 'fashion-mnist'): MlpConfig {
  return { dataset, limit: 0, testLimit: 0, epochs: 1, alpha: 0.02, hidden: 300, synapse: 's',
    array: { kind: 'device', tables, notches, carry, carryEvery: 1, wMax: 1, encoding } };
}
const dir = (d: string): TableSource => ({ kind: 'dir', dir: d });
const preset = (p: string): TableSource => ({ kind: 'preset', preset: p, seed: 1, variants: 1 });

describe('paperContext', () => {
  it("names Fig. 5e's 72 % (SOT) and 10 % (STT) for 32 notches without carry, for presets and table directories", () => {
    for (const t of [preset('sot-300k'), dir('/x/DWMTJ_SOT/300K')]) expect(paperContext(cfg(t, 32))).toMatch(/SOT 72 %/);
    for (const t of [preset('stt-300k'), dir('/x/DWMTJ_STT/300K')]) expect(paperContext(cfg(t, 32))).toMatch(/STT 10 %/);
  });
  it('gives the general statement elsewhere: other notch counts, carry, continuous, MNIST', () => {
    expect(paperContext(cfg(dir('/x/other/300K'), 32))).toMatch(/lose > 20 %/);
    expect(paperContext(cfg(dir('/x/DWMTJ_SOT/300K'), 64))).toMatch(/approaching continuous/);
    expect(paperContext(cfg(preset('sot-300k'), 32, true))).toMatch(/periodic carry/);
    expect(paperContext(cfg(preset('stt-300k'), 'continuous'))).toMatch(/continuous/);
    expect(paperContext(cfg(preset('sot-300k'), 32, false, 'mnist'))).toMatch(/MNIST/);
  });
});
