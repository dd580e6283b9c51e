// The vectorized twin of the activation core: the command set of src/semantics/activation-commands.ts on typed
// arrays, with the arithmetic of src/semantics/activation-step.ts.
import { header, headerStatus, parseHeader, STATUS } from '../semantics/command-port.ts';
import { ACT_OP, ACTIVATION_CORE_ID, activationCommands } from '../semantics/activation-commands.ts';
import { type ActivationParams, activationSizes, RES_BITS } from '../semantics/activation-params.ts';
import { activationApply, activationWord, type ActivationConfig } from '../semantics/activation-step.ts';

export class ActivationTwin {
  readonly mask: Uint16Array;
  readonly thr: Uint16Array;
  readonly res: Uint16Array;
  cfg: ActivationConfig = { breakdown: 0, preMask: 0 };
  seed = 0;
  cycle = 0;
  private readonly S: ReturnType<typeof activationSizes>;

  constructor(readonly p: ActivationParams) {
    this.S = activationSizes(p);
    this.mask = new Uint16Array(p.generators);
    this.thr = new Uint16Array(this.S.thrDepth);
    this.res = new Uint16Array(this.S.resDepth);
  }

  /** What the core's rst does (the serial link's RESET): seed, cycle and configuration to 0; masks and ROMs keep. */
  reset(): void {
    this.cfg = { breakdown: 0, preMask: 0 };
    this.seed = 0;
    this.cycle = 0;
  }

  execute(words: ArrayLike<number>): number[] {
    const { code, length } = parseHeader(words[0]! >>> 0);
    const a = Array.from({ length }, (_, i) => (words[1 + i] ?? 0) >>> 0);
    const p = this.p;
    const ok = (r: number[] = []) => [header(STATUS.OK, r.length), ...r.map((v) => v >>> 0)];
    const err = (s: number) => [header(s, 0)];
    const checked = headerStatus(activationCommands, p, code, length);
    if (checked !== STATUS.OK) return err(checked);
    switch (code) {
      case ACT_OP.INFO:
        return ok([p.generators, p.mtjs, p.currentBits | (p.quantBits << 8), ACTIVATION_CORE_ID]);
      case ACT_OP.SET_SEED:
        this.seed = a[0]!;
        this.cycle = a[1]!;
        return ok();
      case ACT_OP.SET_CONFIG:
        if (a[0]! >= 2 ** p.currentBits || a[1]! >= 2 ** p.mtjs) return err(STATUS.ARG_OUT_OF_RANGE);
        this.cfg = { breakdown: a[0]!, preMask: a[1]! };
        return ok();
      case ACT_OP.LOAD_THRESH:
      case ACT_OP.LOAD_RES: {
        const rom = code === ACT_OP.LOAD_THRESH ? this.thr : this.res;
        const bits = code === ACT_OP.LOAD_THRESH ? p.currentBits : RES_BITS;
        const n = a.length - 1;
        if (a[0]! > rom.length || n > rom.length - a[0]!) return err(STATUS.ARG_OUT_OF_RANGE);
        for (let i = 0; i < n; i++) rom[a[0]! + i] = a[1 + i]! & (2 ** bits - 1);
        return ok();
      }
      case ACT_OP.NEW_CYCLE:
        this.mask.fill(this.cfg.preMask);
        this.cycle = (this.cycle + 1) >>> 0;
        return ok();
      case ACT_OP.APPLY: {
        const out: number[] = [];
        for (let g = 0; g < p.generators; g++) {
          const c = (a[g >> 1]! >>> (16 * (g & 1))) & (2 ** p.currentBits - 1);
          this.mask[g] = activationApply(p, this.cfg, this.thr, this.seed, this.cycle, g, this.mask[g]!, c);
          out.push(activationWord(this.res, this.mask[g]!));
        }
        return ok(out);
      }
      case ACT_OP.READ_STATE:
        return ok(Array.from(this.mask));
      default:
        throw new Error(`activation twin: opcode ${code} passed the header check but has no case`);
    }
  }
}
