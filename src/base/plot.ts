// Plots as SVG through Vega-Lite (compiled to Vega, rendered headless; no canvas or browser needed).
// Specs are plain data, so a user can open the emitted .vl.json next to the .svg and restyle it.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { writeFileAtomic } from './atomic-file.ts';

export type VlSpec = vl.TopLevelSpec;

/** Render a Vega-Lite spec to an SVG string. Deterministic: same spec, same bytes. */
export async function renderSvg(spec: VlSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Render and write `<path>` atomically. */
export async function writeSvg(path: string, spec: VlSpec): Promise<void> {
  writeFileAtomic(path, await renderSvg(spec));
}

export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/**
 * A scale over one value (a one-epoch run) has no extent: Vega then labels its single tick with six decimals.
 * Give it a domain around the value instead; other data keep Vega's own.
 */
function padded(vs: number[]): { domain?: [number, number] } {
  const finite = vs.filter(Number.isFinite);
  if (finite.length === 0 || Math.min(...finite) !== Math.max(...finite)) return {};
  const v = finite[0]!;
  const pad = Math.max(1, Math.abs(v) * 0.1);
  return { domain: [v - pad, v + pad] };
}

/** Line chart of several named series (points shown when there are few). */
export function lineChart(opts: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xScale?: 'linear' | 'log';
  points?: boolean;
  width?: number;
  height?: number;
  /**
   * Horizontal reference values (e.g. a paper's number), drawn as dashed rules labelled in the legend; one named as a
   * series takes that series' colour (and adds no legend entry).
   */
  references?: { name: string; y: number }[];
  /** Horizontal bands (e.g. a target's tolerance), shaded across the plot in the colour of the series they name. */
  bands?: { series: string; lo: number; hi: number }[];
  /** The x values are integers (epochs, counts): no fractional ticks. */
  integerX?: boolean;
}): VlSpec {
  const values: { series: string; x: number; y: number }[] = [];
  for (const s of opts.series) for (let i = 0; i < s.x.length; i++) values.push({ series: s.name, x: s.x[i]!, y: s.y[i]! });
  const x = { field: 'x', type: 'quantitative', title: opts.xLabel, scale: opts.xScale === 'log' ? { type: 'log' } : { zero: false, ...padded(values.map((v) => v.x)) }, ...(opts.integerX ? { axis: { tickMinStep: 1, format: 'd' } } : {}) };
  const y = { field: 'y', type: 'quantitative', title: opts.yLabel, scale: { zero: false, ...padded([...values.map((v) => v.y), ...(opts.references ?? []).map((r) => r.y)]) } };
  const color = { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 420, symbolOpacity: 1 } };
  const lines = { data: { values }, mark: { type: 'line', point: opts.points ?? values.length <= 200 }, encoding: { x, y, color } };
  const head = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: opts.title, width: opts.width ?? 480, height: opts.height ?? 300 };
  const refs = opts.references ?? [];
  const bands = opts.bands ?? [];
  if (refs.length === 0 && bands.length === 0) return { ...head, ...lines } as VlSpec;
  const layer: unknown[] = [];
  // A rect with only y encodings spans the whole width; drawn first, under the lines.
  if (bands.length) layer.push({ data: { values: bands.map((b) => ({ series: b.series, y: b.lo, y2: b.hi })) }, mark: { type: 'rect', opacity: 0.12 }, encoding: { y, y2: { field: 'y2' }, color } });
  layer.push(lines);
  if (refs.length) layer.push({ data: { values: refs.map((r) => ({ series: r.name, y: r.y })) }, mark: { type: 'rule', strokeDash: [6, 4] }, encoding: { y, color } });
  return { ...head, layer } as VlSpec;
}

/** Scatter plot of several named series: the line chart's axes and colours, points only. */
export function scatterChart(opts: Parameters<typeof lineChart>[0]): VlSpec {
  return { ...lineChart({ ...opts, references: undefined }), mark: { type: 'point', filled: true } } as VlSpec;
}

/** Bar chart of counts per integer/label bin. */
export function barChart(opts: { title: string; xLabel: string; yLabel: string; bars: { label: string | number; value: number; group?: string }[] }): VlSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: opts.title,
    width: 480,
    height: 300,
    data: { values: opts.bars.map((b) => ({ label: b.label, value: b.value, group: b.group ?? '' })) },
    mark: 'bar',
    encoding: {
      x: { field: 'label', type: 'ordinal', title: opts.xLabel, sort: null },
      y: { field: 'value', type: 'quantitative', title: opts.yLabel },
      ...(opts.bars.some((b) => b.group) ? { color: { field: 'group', type: 'nominal', title: null }, xOffset: { field: 'group' } } : {}),
    },
  } as VlSpec;
}

/** Heat map over a regular grid: z[row * nx + col] with x[col], y[row]. */
export function heatMap(opts: { title: string; xLabel: string; yLabel: string; zLabel: string; x: ArrayLike<number>; y: ArrayLike<number>; z: ArrayLike<number> }): VlSpec {
  const values: { x: number; y: number; z: number }[] = [];
  const nx = opts.x.length;
  for (let r = 0; r < opts.y.length; r++) for (let c = 0; c < nx; c++) values.push({ x: opts.x[c]!, y: opts.y[r]!, z: opts.z[r * nx + c]! });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: opts.title,
    width: 420,
    height: 320,
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'x', type: 'quantitative', bin: { maxbins: nx }, title: opts.xLabel },
      y: { field: 'y', type: 'quantitative', bin: { maxbins: opts.y.length }, title: opts.yLabel },
      color: { field: 'z', type: 'quantitative', aggregate: 'mean', title: opts.zLabel, scale: { scheme: 'viridis' } },
    },
  } as VlSpec;
}
