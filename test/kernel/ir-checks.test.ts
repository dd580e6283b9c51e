// Malformed descriptions are rejected when built, naming the module, the signal and the user's source line.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/base/errors.ts';
import { concat, defineModule, elaborate, type ModuleBuilder } from '../../src/kernel/index.ts';

function build(body: (m: ModuleBuilder) => void) {
  return () => elaborate(defineModule('bad', (m) => body(m)), {});
}

describe('build-time checks', () => {
  it('width mismatch names module, operation and this file', () => {
    const f = build((m) => {
      const a = m.input('a', 8);
      const b = m.input('b', 9);
      m.output('y', a.add(b));
    });
    expect(f).toThrow(InputError);
    expect(f).toThrow(/module 'bad'.*signal 'a': add: width mismatch: 8 bits vs 9 bits.*ir-checks\.test\.ts:\d+/);
  });

  it('combinational loop through wires', () => {
    const f = build((m) => {
      const a = m.input('a', 4);
      const w1 = m.wire('w1', 4);
      const w2 = m.wire('w2', 4);
      w1.assign(w2.add(a));
      w2.assign(w1.xor(a));
      m.output('y', w2);
    });
    expect(f).toThrow(/module 'bad': combinational loop: .*signal 'w[12]'.*signal 'w[12]'/);
  });

  it('a loop through a register is fine', () => {
    expect(
      build((m) => {
        const r = m.reg('r', 4);
        r.next(r.add(1));
        m.output('y', r);
      }),
    ).not.toThrow();
  });

  it('undriven output and wire', () => {
    expect(build((m) => void m.output('y', 4))).toThrow(/module 'bad': output 'y' is never driven \(declared at .*ir-checks\.test\.ts:\d+\)/);
    expect(
      build((m) => {
        m.wire('w', 2);
        m.output('y', m.input('a', 1));
      }),
    ).toThrow(/wire 'w' is never driven/);
  });

  it('out-of-range slice', () => {
    expect(build((m) => void m.output('y', m.input('a', 8).slice(8, 1)))).toThrow(/signal 'a': slice \[8:1\] out of range for a 8-bit signal.*ir-checks\.test\.ts/);
  });

  it('two drivers of one signal', () => {
    expect(
      build((m) => {
        const w = m.wire('w', 1);
        const a = m.input('a', 1);
        w.assign(a);
        w.assign(a.not());
        m.output('y', w);
      }),
    ).toThrow(/wire 'w' has two drivers \(first assigned at .*ir-checks\.test\.ts:\d+\)/);
    expect(
      build((m) => {
        const r = m.reg('r', 1);
        r.next(r);
        r.next(r.not());
        m.output('y', r);
      }),
    ).toThrow(/register 'r' has two drivers/);
    expect(
      build((m) => {
        const a = m.input('a', 1);
        const o = m.output('y', 1);
        o.assign(a);
        o.assign(a);
      }),
    ).toThrow(/output 'y' has two drivers/);
  });

  it('Verilog keywords, reserved and duplicate names', () => {
    expect(build((m) => void m.output('y', m.input('module', 1)))).toThrow(/input name 'module' is a Verilog keyword/);
    expect(build((m) => void m.output('y', m.input('delete', 1)))).toThrow(/input name 'delete' is a C\+\+ keyword/);
    expect(build((m) => void m.output('y', m.input('a__b', 1)))).toThrow(/input name 'a__b' contains "__"/);
    expect(build((m) => void m.output('y', m.input('clk', 1)))).toThrow(/reserved for the implicit clock/);
    expect(build((m) => void m.output('a', m.input('a', 1)))).toThrow(/output name 'a' is already used by input 'a'/);
    expect(() => defineModule('wire', () => {})).toThrow(/module name 'wire' is a Verilog keyword/);
  });

  it('instances check ports and widths', () => {
    const child = defineModule('child', (m) => void m.output('y', m.input('a', 4)));
    expect(build((m) => void m.instance('u0', child, {}, { a: m.input('a', 5) }))).toThrow(/instance 'u0' input 'a': width mismatch: port is 4 bits, signal is 5 bits/);
    expect(build((m) => void m.instance('u0', child, {}, {}))).toThrow(/input 'a' is not connected/);
    expect(build((m) => void m.output('y', m.instance('u0', child, {}, { a: m.input('a', 4) }).out('nope')))).toThrow(/no output port 'nope'/);
  });

  it('widths and constants must fit', () => {
    expect(build((m) => void m.input('a', 65))).toThrow(/width must be an integer in 1\.\.64/);
    expect(build((m) => void m.output('y', m.input('a', 4).add(16)))).toThrow(/constant 16 does not fit in 4 bits/);
    expect(build((m) => void m.output('y', concat(m.input('a', 40), m.input('b', 40))))).toThrow(/result width 80 exceeds 64/);
  });
});
