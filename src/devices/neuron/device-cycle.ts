// Device-level write / integrate / fire / reset cycle of the fabricated two-MTJ neuron (paper 003, Figs. 3-4).
// The domain written under MTJ_A is held there by the stray field of MTJ_A's pinned layer until a pulse exceeds
// its depinning voltage; in the free track it moves with the 1D velocity v = k (V - V_track) per unit time (current
// density, hence spin-transfer drive, is proportional to V; V_track is the track's depinning voltage), with
// dx = v dt N(1, sigma) per 0.1 ns step as in the model; MTJ_B's stray field captures the domain when it arrives
// (fire: R_B -> AP) and holds it until a pulse exceeds MTJ_B's depinning voltage, which ejects it from the track
// (reset: both MTJs back to P). The next write pulse nucleates a new domain: no back-driving, no field reset.
// Thresholds are drawn once per cycle (cycle-to-cycle variation). Calibrated to the measured voltages:
// still at 1.4 V, depinned ~2.0 V, integrating 2.0-2.4 V, fire at 2.5 V, reset at 2.7 V (amplitude encoding) and
// fire then reset within 20 pulses of 2.4 V (pulse-number encoding, a device with less variable depinning).
import { Rng } from '../../base/rng.ts';

export interface Threshold {
  mean: number;
  sd: number;
}

export interface DeviceCycleParams {
  name: string;
  /** Effective pulse length: 50 ns including 10 ns rise and fall -> 40 ns at full amplitude. */
  pulseSeconds: number;
  dt: number;
  sigma: number;
  /** Free-track velocity per volt above V_track, m/s/V. */
  velocityPerVolt: number;
  vTrack: number;
  /** Nucleation (write through MTJ_A), depinning from under MTJ_A, release from under MTJ_B: volts. */
  vNucleate: Threshold;
  vPinA: Threshold;
  vPinB: Threshold;
  /** Domain centre travel from under MTJ_A until it is released from MTJ_A's footprint (R_A back to P), m. */
  exitA: number;
  /** Travel from MTJ_A to the capture point under MTJ_B, m. */
  distanceToB: number;
  /** Resistances, Ohm: R_A 1650 -> 1930 measured; R_B 1180 measured in P, AP assumed with R_A's TMR. */
  rA: { p: number; ap: number };
  rB: { p: number; ap: number };
}

const common = {
  pulseSeconds: 40e-9,
  dt: 0.1e-9,
  sigma: 0.3,
  velocityPerVolt: 15,
  vNucleate: { mean: 2.8, sd: 0.05 },
  exitA: 225e-9,
  distanceToB: 1975e-9,
  rA: { p: 1650, ap: 1930 },
  rB: { p: 1180, ap: 1180 * (1930 / 1650) },
};

/** Fig. 3 device (amplitude encoding) and Fig. 4 device (pulse-number encoding, 2.4 V pulses). */
export const deviceCyclePresets: Record<'amplitude' | 'pulse-number', DeviceCycleParams> = {
  amplitude: { name: 'amplitude', ...common, vTrack: 1.6, vPinA: { mean: 1.95, sd: 0.02 }, vPinB: { mean: 2.65, sd: 0.02 } },
  'pulse-number': { name: 'pulse-number', ...common, vTrack: 2.125, vPinA: { mean: 1.95, sd: 0.02 }, vPinB: { mean: 2.35, sd: 0.02 } },
};

export type DomainPhase = 'empty' | 'underA' | 'track' | 'underB';

/** The device's persistent state: it carries over from cycle to cycle (there is no hard reset between cycles). */
export interface DeviceState {
  phase: DomainPhase;
  /** Domain centre position from MTJ_A, m (meaningful in 'track'). */
  x: number;
}

export interface PulseResult {
  volts: number;
  rA: number;
  rB: number;
  phase: DomainPhase;
}

export interface CycleResult {
  written: boolean;
  /** Voltage (amplitude encoding) or pulse number (pulse-number encoding) at each event; NaN if it did not happen. */
  depin: number;
  fire: number;
  reset: number;
  trace: PulseResult[];
}

/** One simulated device: per-cycle thresholds and velocity noise come from its own RNG streams. */
export class NeuronDevice {
  state: DeviceState = { phase: 'empty', x: 0 };
  private cycle = 0;
  private thA = 0;
  private thB = 0;
  private thN = 0;
  private noise: Rng;

  constructor(readonly p: DeviceCycleParams, readonly seed: number) {
    this.noise = new Rng(seed, 1);
  }

  resistances(): { rA: number; rB: number } {
    const ph = this.state.phase;
    return { rA: ph === 'underA' ? this.p.rA.ap : this.p.rA.p, rB: ph === 'underB' ? this.p.rB.ap : this.p.rB.p };
  }

  /** Write pulse through MTJ_A: nucleates a domain if the track is empty and V exceeds this cycle's threshold. */
  write(volts: number): boolean {
    const th = new Rng(this.seed, 2).fork(this.cycle++);
    this.thN = this.p.vNucleate.mean + this.p.vNucleate.sd * th.normal();
    this.thA = this.p.vPinA.mean + this.p.vPinA.sd * th.normal();
    this.thB = this.p.vPinB.mean + this.p.vPinB.sd * th.normal();
    if (this.state.phase !== 'empty' || volts < this.thN) return false;
    this.state = { phase: 'underA', x: 0 };
    return true;
  }

  /** Travel in one pulse at `volts` through the free track: sum of v dt N(1, sigma) over the pulse's steps. */
  private travel(volts: number): number {
    const v = this.p.velocityPerVolt * (volts - this.p.vTrack);
    if (v <= 0) return 0;
    const steps = Math.round(this.p.pulseSeconds / this.p.dt);
    let d = 0;
    for (let s = 0; s < steps; s++) d += v * this.p.dt * (1 + this.p.sigma * this.noise.normal());
    return Math.max(0, d);
  }

  /** One integrate pulse IN -> GND. */
  pulse(volts: number): PulseResult {
    const st = this.state;
    if (st.phase === 'underA' && volts >= this.thA) {
      st.phase = 'track';
      st.x = 0;
    } else if (st.phase === 'underB' && volts >= this.thB) {
      st.phase = 'empty'; // ejected past MTJ_B out of the track
      st.x = 0;
    }
    if (st.phase === 'track') {
      st.x += this.travel(volts);
      if (st.x >= this.p.distanceToB) {
        st.phase = 'underB';
        st.x = this.p.distanceToB;
      }
    }
    return { volts, ...this.resistances(), phase: st.phase };
  }
}

/** Fig. 3: write at writeVolts, then a ramp lo..hi in steps; events recorded as the voltage at which they happen. */
export function amplitudeCycle(dev: NeuronDevice, ramp: { lo: number; hi: number; step: number }, writeVolts = 3.1): CycleResult {
  const written = dev.write(writeVolts);
  const res: CycleResult = { written, depin: NaN, fire: NaN, reset: NaN, trace: [] };
  const n = Math.round((ramp.hi - ramp.lo) / ramp.step);
  for (let k = 0; k <= n; k++) {
    const v = Math.round((ramp.lo + k * ramp.step) * 1000) / 1000;
    const before = dev.state.phase;
    const r = dev.pulse(v);
    res.trace.push(r);
    if (before === 'underA' && r.phase !== 'underA' && Number.isNaN(res.depin)) res.depin = v;
    if (before !== 'underB' && r.phase === 'underB' && Number.isNaN(res.fire)) res.fire = v;
    if (before === 'underB' && r.phase === 'empty') {
      res.reset = v;
      break;
    }
  }
  return res;
}

/** Fig. 4: write, then `count` pulses of `volts`; events recorded as pulse numbers (1-based). */
export function pulseNumberCycle(dev: NeuronDevice, volts: number, count: number, writeVolts = 3.1): CycleResult {
  const written = dev.write(writeVolts);
  const res: CycleResult = { written, depin: NaN, fire: NaN, reset: NaN, trace: [] };
  for (let k = 1; k <= count; k++) {
    const before = dev.state.phase;
    const r = dev.pulse(volts);
    res.trace.push(r);
    if (before === 'underA' && r.phase !== 'underA' && Number.isNaN(res.depin)) res.depin = k;
    if (before !== 'underB' && r.phase === 'underB' && Number.isNaN(res.fire)) res.fire = k;
    if (before === 'underB' && r.phase === 'empty' && Number.isNaN(res.reset)) res.reset = k;
  }
  return res;
}

/** A cycle completed when the domain was written, left MTJ_A, fired MTJ_B and was ejected. */
export function cycleCompleted(c: CycleResult): boolean {
  return c.written && !Number.isNaN(c.depin) && !Number.isNaN(c.fire) && !Number.isNaN(c.reset);
}
