// Value Change Dump of a TypeScript simulation, for GTKWave: one $scope per instance, every named signal, the
// clock, value changes only. Deterministic bytes (no $date). Time unit 1 ns, one cycle = 10 ns (clock low for the
// first half: inputs change and outputs are sampled at the falling edge, registers update at the rising edge).
import type { TsSim } from './compile.ts';

function idCode(i: number): string {
  let s = '';
  do {
    s += String.fromCharCode(33 + (i % 94));
    i = Math.floor(i / 94);
  } while (i > 0);
  return s;
}

export class VcdWriter {
  private readonly lines: string[] = [];
  private readonly last: (bigint | undefined)[];
  private readonly sigs: { name: string; width: number; id: string }[];
  private readonly clkId: string;
  private cycle = 0;

  constructor(private readonly sim: TsSim, top: string) {
    this.sigs = sim.signals.map((s, i) => ({ ...s, id: idCode(i + 1) }));
    this.clkId = idCode(0);
    this.last = new Array(this.sigs.length);
    const h = this.lines;
    h.push('$version dwtwin $end', '$timescale 1ns $end', `$scope module ${top} $end`, `$var wire 1 ${this.clkId} clk $end`);
    // Group by instance path: "u0.acc" lives in scope u0.
    const tree = new Map<string, { name: string; width: number; id: string }[]>();
    for (const s of this.sigs) {
      const dot = s.name.lastIndexOf('.');
      const scope = dot < 0 ? '' : s.name.slice(0, dot);
      tree.set(scope, [...(tree.get(scope) ?? []), { ...s, name: s.name.slice(dot + 1) }]);
    }
    const scopes = [...tree.keys()].sort();
    let open: string[] = [];
    for (const scope of scopes) {
      const path = scope ? scope.split('.') : [];
      let common = 0;
      while (common < open.length && common < path.length && open[common] === path[common]) common++;
      for (let i = open.length; i > common; i--) h.push('$upscope $end');
      for (let i = common; i < path.length; i++) h.push(`$scope module ${path[i]} $end`);
      open = path;
      for (const s of tree.get(scope)!) h.push(`$var wire ${s.width} ${s.id} ${s.name}${s.width > 1 ? ` [${s.width - 1}:0]` : ''} $end`);
    }
    for (let i = open.length; i > 0; i--) h.push('$upscope $end');
    h.push('$upscope $end', '$enddefinitions $end');
  }

  /** Record the current (settled) values as the sample of this cycle; call once per cycle after eval(). */
  sample(): void {
    const t = this.cycle * 10;
    const out: string[] = [`#${t}`, `0${this.clkId}`];
    this.sigs.forEach((s, i) => {
      const v = this.sim.peek(s.name);
      if (this.last[i] === v) return;
      this.last[i] = v;
      out.push(s.width === 1 ? `${v}${s.id}` : `b${v.toString(2)} ${s.id}`);
    });
    out.push(`#${t + 5}`, `1${this.clkId}`);
    this.lines.push(...out);
    this.cycle++;
  }

  text(): string {
    return this.lines.join('\n') + `\n#${this.cycle * 10}\n`;
  }
}
