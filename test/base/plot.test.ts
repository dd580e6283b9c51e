import { describe, expect, it } from 'vitest';
import { heatMap, lineChart, renderSvg } from '../../src/base/plot.ts';

describe('SVG plots', () => {
  it('renders the same bytes for the same spec, and shows the data', async () => {
    const spec = () => lineChart({ title: 'accuracy', xLabel: 'epoch', yLabel: '%', series: [{ name: 'ideal', x: [1, 2, 3], y: [80, 85, 86] }] });
    const a = await renderSvg(spec());
    const b = await renderSvg(spec());
    expect(a).toBe(b);
    expect(a.startsWith('<svg')).toBe(true);
    expect(a).toContain('accuracy');
    expect(a).toContain('ideal');
  });

  it('draws reference values as labelled rules beside the series', async () => {
    const series = [{ name: 'device', x: [1, 2], y: [60, 70] }];
    const plain = await renderSvg(lineChart({ title: 't', xLabel: 'epoch', yLabel: '%', series }));
    const withRef = await renderSvg(lineChart({ title: 't', xLabel: 'epoch', yLabel: '%', series, references: [{ name: 'paper: 72 %', y: 72 }] }));
    expect(plain).not.toContain('paper: 72 %');
    expect(withRef).toContain('paper: 72 %');
    expect(withRef).toContain('stroke-dasharray');
  });

  it('shades a band in its series\' colour, under the lines, and a reference named as a series adds no legend entry', async () => {
    const series = [{ name: 'nu+', x: [1, 2, 3], y: [0.7, 0.75, 0.8] }];
    const spec = lineChart({ title: 't', xLabel: 'seed', yLabel: 'nu', series, references: [{ name: 'nu+', y: 0.8 }], bands: [{ series: 'nu+', lo: 0.6, hi: 1.0 }] });
    const layers = (spec as { layer: { mark: { type: string } }[] }).layer;
    expect(layers.map((l) => l.mark.type)).toEqual(['rect', 'line', 'rule']);
    const svg = await renderSvg(spec);
    expect(svg).toMatch(/aria-roledescription="rect mark"[^>]*opacity="0.12"/); // the band
    expect(svg.match(/>nu\+<\/text>/g)).toHaveLength(1); // one legend entry for the series, its rule and its band
    const plain = await renderSvg(lineChart({ title: 't', xLabel: 'seed', yLabel: 'nu', series }));
    expect(plain).not.toContain("rect mark");
  });

  it('a one-epoch run gets readable ticks, not one tick with six decimals', async () => {
    const svg = await renderSvg(lineChart({ title: 't', xLabel: 'epoch', yLabel: '%', integerX: true, series: [{ name: 'seed 2', x: [1], y: [41.53] }] }));
    expect(svg).not.toMatch(/41\.530000|1\.000000/);
    for (const tick of ['40', '42', '0', '2']) expect(svg).toContain(`>${tick}</text>`);
  });

  it('renders a heat map', async () => {
    const svg = await renderSvg(heatMap({ title: 'cdf', xLabel: 'G', yLabel: 'dG', zLabel: 'p', x: [1, 2], y: [1, 2], z: [0, 0.5, 0.5, 1] }));
    expect(svg).toContain('cdf');
  });
});
