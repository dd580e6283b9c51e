// The vectorized twin of the neuron-array core: executes the command set of src/semantics/neuron-commands.ts on
// typed arrays, whole array per STEP, with the arithmetic of src/semantics/neuron-step.ts (same integers; the
// differential tests check it against the scalar definition and against the cycle model for every lane count).
import { draw32 } from '../base/rng.ts';
import { header, headerStatus, parseHeader, STATUS } from '../semantics/command-port.ts';
import { NEURON_CORE_ID, NEURON_OP, neuronCommands } from '../semantics/neuron-commands.ts';
import { CUR_BITS, CUR_FRAC, MEAN_BITS, MODE, NOISE_BITS, NOISE_FRAC, PHASE, type NeuronArrayParams, neuronSizes } from '../semantics/neuron-params.ts';
import { decayCurrent, satSigned, signedField, type NeuronConfig } from '../semantics/neuron-step.ts';

export class NeuronTwin {
  readonly x: Int32Array;
  readonly c: Int32Array;
  readonly ph: Uint8Array;
  readonly drive: Uint16Array;
  readonly noise: Int16Array;
  cfg: NeuronConfig = { mode: 0, leakQ: 0, decay: 0, rate: 0, depin: 0, eject: 0 };
  seed = 0;
  step = 0;
  private readonly sizes: ReturnType<typeof neuronSizes>;
  private readonly inputs: Int32Array;
  readonly spikes: Uint8Array;

  constructor(readonly p: NeuronArrayParams) {
    this.sizes = neuronSizes(p);
    this.x = new Int32Array(p.neurons);
    this.c = new Int32Array(p.neurons);
    this.ph = new Uint8Array(p.neurons);
    this.drive = new Uint16Array(this.sizes.driveDepth);
    this.noise = new Int16Array(this.sizes.noiseDepth);
    this.inputs = new Int32Array(p.neurons);
    this.spikes = new Uint8Array(p.neurons);
  }

  /** What the core's rst does (the serial link's RESET): seed, step and configuration to 0; the state memories and ROMs keep. */
  reset(): void {
    this.cfg = { mode: 0, leakQ: 0, decay: 0, rate: 0, depin: 0, eject: 0 };
    this.seed = 0;
    this.step = 0;
  }

  /** Execute one whole command (header + args); returns the response words. */
  execute(words: ArrayLike<number>): number[] {
    const { code, length } = parseHeader(words[0]! >>> 0);
    const args = Array.from({ length }, (_, i) => (words[1 + i] ?? 0) >>> 0);
    return this.run(code, args);
  }

  /** Execute a word stream of whole commands; the responses concatenated. */
  executeStream(words: ArrayLike<number>): number[] {
    const out: number[] = [];
    let i = 0;
    while (i < words.length) {
      const { length } = parseHeader(words[i]! >>> 0);
      out.push(...this.execute(Array.prototype.slice.call(words, i, i + 1 + length) as number[]));
      i += 1 + length;
    }
    return out;
  }

  private run(op: number, a: number[]): number[] {
    const p = this.p;
    const s = this.sizes;
    const ok = (res: number[] = []) => [header(STATUS.OK, res.length), ...res.map((v) => v >>> 0)];
    const err = (st: number) => [header(st, 0)];
    const checked = headerStatus(neuronCommands, p, op, a.length);
    if (checked !== STATUS.OK) return err(checked);
    switch (op) {
      case NEURON_OP.INFO:
        return ok([p.neurons, p.lanes, p.posBits | (p.segBits << 8) | (p.noiseBits << 16) | (p.driveFrac << 24), NEURON_CORE_ID]);
      case NEURON_OP.SET_SEED:
        this.seed = a[0]!;
        this.step = a[1]!;
        return ok();
      case NEURON_OP.SET_CONFIG:
        if (a[0]! > 3 || a[1]! >= 2 ** 24) return err(STATUS.ARG_OUT_OF_RANGE);
        this.cfg = { mode: a[0]!, leakQ: a[1]!, decay: a[2]! & 0xffff, rate: (a[2]! >>> 16) & 0xff, depin: signedField(a[3]!, 16), eject: signedField(a[3]! >>> 16, 16) };
        return ok();
      case NEURON_OP.LOAD_DRIVE:
      case NEURON_OP.LOAD_NOISE: {
        const rom = op === NEURON_OP.LOAD_DRIVE ? this.drive : this.noise;
        const count = a.length - 1;
        if (a[0]! > rom.length || count > rom.length - a[0]!) return err(STATUS.ARG_OUT_OF_RANGE);
        for (let i = 0; i < count; i++) rom[a[0]! + i] = op === NEURON_OP.LOAD_DRIVE ? a[1 + i]! & 0xffff : signedField(a[1 + i]!, NOISE_BITS);
        return ok();
      }
      case NEURON_OP.WRITE:
        for (let j = 0; j < p.neurons; j++) if (this.ph[j] === PHASE.EMPTY) this.ph[j] = PHASE.HELD_A;
        return ok();
      case NEURON_OP.STEP: {
        for (let j = 0; j < p.neurons; j++) this.inputs[j] = signedField(a[j >> 1]! >>> (16 * (j & 1)), 16);
        this.stepAll(this.inputs, this.spikes);
        const res = new Array<number>(s.spikeWords).fill(0);
        for (let j = 0; j < p.neurons; j++) if (this.spikes[j]) res[j >> 5] = (res[j >> 5]! | (1 << (j & 31))) >>> 0;
        return ok(res);
      }
      case NEURON_OP.READ_STATE: {
        const res: number[] = [];
        for (let j = 0; j < p.neurons; j++) res.push(this.x[j]! | (this.ph[j]! << 16), this.c[j]!);
        return ok(res);
      }
      case NEURON_OP.RESET:
        this.x.fill(0);
        this.c.fill(0);
        this.ph.fill(PHASE.EMPTY);
        return ok();
      default:
        throw new Error(`neuron twin: opcode ${op} passed the header check but has no case`);
    }
  }

  /** One step of every neuron (the STEP command's work): inputs are codes, spikes[j] = 1 where j fired. */
  stepAll(inputs: ArrayLike<number>, spikes: Uint8Array): number {
    const p = this.p;
    const { x, c, ph, drive, noise, cfg } = this;
    const auto = (cfg.mode & MODE.AUTO) !== 0;
    const lif = (cfg.mode & MODE.LIF) !== 0;
    const top = 2 ** p.posBits;
    const segShift = p.posBits - p.segBits;
    const uShift = 32 - p.noiseBits;
    const mDiv = 2 ** (CUR_FRAC + p.driveFrac);
    const lifMul = 2 ** (p.posBits - CUR_FRAC);
    const nDiv = 2 ** NOISE_FRAC;
    let count = 0;
    for (let j = 0; j < p.neurons; j++) {
      const c1 = satSigned(c[j]! + inputs[j]!, CUR_BITS);
      let phj = ph[j]!;
      let xj = x[j]!;
      if (phj === PHASE.EMPTY && auto) {
        phj = PHASE.TRACK;
        xj = 0;
      } else if (phj === PHASE.HELD_A && c1 >= cfg.depin) phj = PHASE.TRACK;
      else if (phj === PHASE.FIRED && c1 >= cfg.eject) {
        phj = PHASE.EMPTY;
        xj = 0;
      }
      let sp = 0;
      if (phj === PHASE.TRACK) {
        let nx: number;
        if (lif) nx = xj + Math.floor((satSigned(c1 * lifMul - xj, 24) * cfg.rate) / 256);
        else {
          const m = satSigned(Math.floor((c1 * drive[xj >> segShift]! - cfg.leakQ) / mDiv), MEAN_BITS);
          nx = xj + Math.floor((m * noise[draw32(this.seed, j, this.step) >>> uShift]!) / nDiv);
        }
        if (nx < 0) nx = 0;
        if (nx >= top) {
          sp = 1;
          count++;
          if (auto) {
            phj = PHASE.EMPTY;
            nx = 0;
          } else {
            phj = PHASE.FIRED;
            nx = top - 1;
          }
        }
        xj = nx;
      }
      x[j] = xj;
      ph[j] = phj;
      c[j] = decayCurrent(c1, cfg.decay);
      spikes[j] = sp;
    }
    this.step = (this.step + 1) >>> 0;
    return count;
  }
}
