// `dwtwin synth` machinery on a small core: yosys cell counts by resource for every family, and on iCE40 the pin
// wrapper placed and routed on the UP5K with utilisation and Fmax; a design larger than the device is reported as
// not fitting (not as a crash).
import { expect, it } from 'vitest';
import { mac16 } from '../../src/cores/mac16.ts';
import { defineModule, elaborate, emitVerilog } from '../../src/kernel/index.ts';
import { classify } from '../../src/kernel/synth/families.ts';
import { pinWrapper } from '../../src/kernel/synth/pin-wrapper.ts';
import { synthReport, synthTable } from '../../src/kernel/synth/run-synth.ts';
import { describeWith } from '../support/requirements.ts';

it('primitive cells are classified per family', () => {
  expect(classify('ice40', 'SB_LUT4')).toBe('lut');
  expect(classify('ice40', 'SB_DFFER')).toBe('ff');
  expect(classify('ecp5', 'DP16KD')).toBe('bram');
  expect(classify('xc7', 'DSP48E1')).toBe('dsp');
  expect(classify('xc7', 'MUXF7')).toBe('other');
});

const small = { lanes: 2, dataWidth: 8, accWidth: 20, depth: 16 };

describeWith(['yosys', 'nextpnr-ice40'], 'synthesis and place-and-route', () => {
  it('mac16 (2 lanes) on iCE40: counts, a fit on the UP5K and an Fmax above 12 MHz', async () => {
    const d = elaborate(mac16, small);
    const wrapped = emitVerilog(elaborate(pinWrapper(mac16, small, d.inputs, d.outputs), {}));
    const r = await synthReport(emitVerilog(d), 'ice40', { wrapped, clockMhz: 12 });
    expect(r.counts.resources.dsp).toBe(2); // one SB_MAC16 per lane's 8x8 multiply
    expect(r.counts.resources.ff).toBeGreaterThanOrEqual(2 * 20); // the accumulators
    expect(r.pnr!.fits).toBe(true);
    expect(r.pnr!.utilisation.ICESTORM_LC!.used).toBeGreaterThan(0);
    expect(r.pnr!.fmaxMhz).toBeGreaterThan(12);
    expect(synthTable(r)).toMatch(/fits: yes; Fmax [\d.]+ MHz against 12 MHz: met/);
  }, 300_000);

  it('ecp5 and xc7 give cell counts', async () => {
    const v = emitVerilog(elaborate(mac16, small));
    for (const fam of ['ecp5', 'xc7'] as const) {
      const r = await synthReport(v, fam);
      expect(r.counts.resources.ff).toBeGreaterThan(0); // xc7 folds the accumulators into the DSP48s
      expect(r.counts.resources.dsp).toBe(2);
    }
  }, 300_000);

  it('a signed 16 x 10 product is one SB_MAC16 (emitted as a signed multiply, not a 22 x 22 unsigned one)', async () => {
    // The tile's forward and transposed reads are such products; emitted as the unsigned product of the
    // sign-extended operands, yosys split each into three 16 x 16 pieces and the tile needed 9 DSPs (UP5K: 8).
    const prod = defineModule('smul16x10', (m) => {
      const a = m.input('a', 16);
      const b = m.input('b', 10);
      const y = m.reg('prod', 22);
      y.next(a.smul(b, 22));
      m.output('y', y);
    });
    const v = emitVerilog(elaborate(prod, {}));
    expect((await synthReport(v, 'ice40')).counts.resources.dsp).toBe(1);
    expect(v.files[0]!.text).toMatch(/\$signed\(.*\) \* \$signed\(/);
  }, 300_000);

  it('a design with more multipliers than the UP5K has DSPs is reported as not fitting', async () => {
    const big = { ...small, lanes: 9 };
    const d = elaborate(mac16, big);
    const wrapped = emitVerilog(elaborate(pinWrapper(mac16, big, d.inputs, d.outputs), {}));
    const r = await synthReport(emitVerilog(d), 'ice40', { wrapped });
    expect(r.pnr!.fits).toBe(false);
    expect(r.pnr!.reason).toBe('dsp 9 > 8');
  }, 300_000);
});
