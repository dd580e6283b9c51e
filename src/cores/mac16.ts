// mac16: a 16-lane multiply-accumulate engine, the reference core and the seed of the crossbar MAC. Each lane owns a
// weight memory (one column of a crossbar tile); an activation x is broadcast to all lanes; each cycle every lane
// reads the weight at rd_addr and, one cycle later (synchronous block-RAM read), accumulates w * x into its
// accumulator. Weights are loaded through a write port (wr_en, wr_lane, wr_addr, wr_data).
//
// Timing: inputs rd_addr, x, acc_en, acc_clr at cycle t act at the rising edge ending cycle t+1 (x, acc_en, acc_clr
// are delayed one cycle to meet the read data). acc_clr wins over acc_en. Operands are signed two's complement.
import { z } from 'zod';
import { defineModule, type Signal } from '../kernel/index.ts';

export const mac16ParamsSchema = z
  .object({
    lanes: z.number().int().min(1).max(64),
    dataWidth: z.number().int().min(2).max(16),
    accWidth: z.number().int().min(4).max(64),
    depth: z.number().int().min(2).max(65536).refine((d) => (d & (d - 1)) === 0, 'must be a power of two'),
  })
  .strict()
  .refine((p) => p.accWidth >= 2 * p.dataWidth, { message: 'accWidth must be at least 2 * dataWidth', path: ['accWidth'] });

export type Mac16Params = z.infer<typeof mac16ParamsSchema>;

export const mac16Defaults: Mac16Params = { lanes: 16, dataWidth: 8, accWidth: 32, depth: 256 };

const bitsFor = (n: number) => Math.max(1, Math.ceil(Math.log2(n)));

export const mac16 = defineModule('mac16', (m, p: Mac16Params) => {
  const addrW = Math.log2(p.depth);
  const laneW = bitsFor(p.lanes);
  const wrEn = m.input('wr_en', 1);
  const wrLane = m.input('wr_lane', laneW);
  const wrAddr = m.input('wr_addr', addrW);
  const wrData = m.input('wr_data', p.dataWidth, { signed: true });
  const rdAddr = m.input('rd_addr', addrW);
  const x = m.input('x', p.dataWidth, { signed: true });
  const accEn = m.input('acc_en', 1);
  const accClr = m.input('acc_clr', 1);

  // Align the broadcast operands with the memories' one-cycle read latency.
  const xD = m.reg('x_d', p.dataWidth).next(x);
  const enD = m.reg('acc_en_d', 1).next(accEn);
  const clrD = m.reg('acc_clr_d', 1).next(accClr);
  const prodW = 2 * p.dataWidth;

  for (let l = 0; l < p.lanes; l++) {
    const mem = m.memory(`w${l}`, { width: p.dataWidth, depth: p.depth });
    mem.write(wrAddr, wrData, wrEn.and(wrLane.eq(l)));
    const w: Signal = mem.read(rdAddr);
    const prod = w.smul(xD, prodW).sext(p.accWidth);
    const acc = m.reg(`acc${l}`, p.accWidth, { reset: 0 });
    acc.next(clrD.mux(0, enD.mux(acc.add(prod), acc)));
    m.output(`acc_${l}`, acc, { signed: true });
  }
});

/** Plain-TypeScript golden model of mac16 (independent of the kernel), cycle by cycle. */
export class Mac16Golden {
  private readonly mem: Int32Array[];
  private readonly acc: bigint[];
  private xD = 0;
  private enD = 0;
  private clrD = 0;
  private readonly rd: number[];
  constructor(private readonly p: Mac16Params) {
    this.mem = Array.from({ length: p.lanes }, () => new Int32Array(p.depth));
    this.acc = new Array<bigint>(p.lanes).fill(0n);
    this.rd = new Array<number>(p.lanes).fill(0);
  }

  /** Outputs of this cycle (before the edge). */
  outputs(): bigint[] {
    return this.acc.map((a) => BigInt.asUintN(this.p.accWidth, a));
  }

  /** Apply the inputs of a cycle at the rising edge. */
  step(inp: { rst: number; wr_en: number; wr_lane: number; wr_addr: number; wr_data: number; rd_addr: number; x: number; acc_en: number; acc_clr: number }): void {
    const { p } = this;
    const sx = (v: number) => Number(BigInt.asIntN(p.dataWidth, BigInt(v)));
    const prods = this.rd.map((w) => BigInt(sx(w) * sx(this.xD)));
    const nextAcc = this.acc.map((a, l) => {
      if (inp.rst) return 0n;
      if (this.clrD) return 0n;
      return this.enD ? BigInt.asIntN(p.accWidth, a + prods[l]!) : a;
    });
    const nextRd = this.mem.map((mem) => mem[inp.rd_addr]!);
    if (inp.wr_en && inp.wr_lane < p.lanes) this.mem[inp.wr_lane]![inp.wr_addr] = inp.wr_data;
    this.acc.splice(0, p.lanes, ...nextAcc);
    this.rd.splice(0, p.lanes, ...nextRd);
    this.xD = inp.x;
    this.enD = inp.acc_en;
    this.clrD = inp.acc_clr;
  }
}
