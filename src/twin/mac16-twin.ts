// The mac16 command wrapper's twin: executes command words (src/semantics/mac16-commands.ts) and returns the
// response words the core (src/cores/mac16-cmd.ts) gives. The link model (src/link/model.ts) attaches it.
import { header, parseHeader, STATUS } from '../semantics/command-port.ts';
import { MAC16_OPCODES, MAC_KEEP_BIT, type Mac16CmdParams } from '../semantics/mac16-commands.ts';

export interface CommandExecutor {
  /** One command (header + args) -> its response (header + results). */
  execute(words: readonly number[]): number[];
  /** What the core's rst does. */
  reset(): void;
}

export class Mac16Twin implements CommandExecutor {
  private readonly w: Int32Array[];
  private readonly acc: number[];
  constructor(private readonly p: Mac16CmdParams) {
    this.w = Array.from({ length: p.lanes }, () => new Int32Array(p.depth));
    this.acc = new Array<number>(p.lanes).fill(0);
  }

  /** rst clears the accumulators; the weight memories keep their contents (block RAM has no reset). */
  reset(): void {
    this.acc.fill(0);
  }

  execute(words: readonly number[]): number[] {
    const { p } = this;
    const { code: op, length } = parseHeader(words[0]!);
    const args = words.slice(1);
    const sx = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);
    const wrapAcc = (v: bigint) => Number(BigInt.asIntN(32, BigInt.asIntN(p.accWidth, v)));
    switch (op) {
      case MAC16_OPCODES.INFO:
        if (length !== 0) return [header(STATUS.BAD_LENGTH, 0)];
        return [header(STATUS.OK, 4), p.lanes, p.dataWidth, p.accWidth, p.depth];
      case MAC16_OPCODES.WRITE: {
        if (length === 0) return [header(STATUS.BAD_LENGTH, 0)];
        const addr = args[0]! & 0xffff;
        const lane = (args[0]! >>> 16) & 0xff;
        const count = length - 1;
        if (lane >= p.lanes || addr + count > p.depth) return [header(STATUS.ARG_OUT_OF_RANGE, 0)];
        for (let k = 0; k < count; k++) this.w[lane]![addr + k] = sx(args[1 + k]!, p.dataWidth);
        return [header(STATUS.OK, 0)];
      }
      case MAC16_OPCODES.MAC: {
        if (length === 0) return [header(STATUS.BAD_LENGTH, 0)];
        const addr = args[0]! & 0xffff;
        const keep = (args[0]! >>> MAC_KEEP_BIT) & 1;
        const count = length - 1;
        if (addr + count > p.depth) return [header(STATUS.ARG_OUT_OF_RANGE, 0)];
        for (let l = 0; l < p.lanes; l++) {
          let a = keep ? BigInt(this.acc[l]!) : 0n;
          for (let k = 0; k < count; k++) a = BigInt.asIntN(p.accWidth, a + BigInt(this.w[l]![addr + k]! * sx(args[1 + k]!, p.dataWidth)));
          this.acc[l] = wrapAcc(a);
        }
        return [header(STATUS.OK, p.lanes), ...this.acc.map((a) => a >>> 0)];
      }
      default:
        return [header(STATUS.UNKNOWN_OPCODE, 0)];
    }
  }
}
