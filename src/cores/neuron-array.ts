// neuron-array: K integer two-DW neurons (paper 003) behind the command port, L lanes stepping L neurons at once.
// Semantics: src/semantics/neuron-step.ts (the definition), commands: src/semantics/neuron-commands.ts; the twin
// (src/twin/neuron-twin.ts) answers every command with the same words.
//
// Neuron n lives in lane n % L at row n / L of that lane's state memories (x, c, phase). A STEP first stores its
// input words in the argument memory, then walks the groups g = 0..ceil(K/L)-1 in three cycles each:
//   sub 0  state and argument memories read at row g / word (gL + l) >> 1 (rng 'serial': the draw starts and
//          sub 1 and 2 below happen 9 cycles later)
//   sub 1  c1, phase update and position segment; the drive ROM (segment) and noise ROM (RNG draw) are read
//   sub 2  new x, c, phase written back; spike bits shifted into the spike register
// WRITE and RESET use the same walk (sub 2 writes their update). LOAD_* write the ROMs as the words arrive.
// READ_STATE streams two words per neuron from the state memories (one bubble per word for the read latency).
// A command is answered after its last argument word; cmd_ready is low while a command executes or answers.
import { concat, defineModule, mux, type Signal } from '../kernel/index.ts';
import { drawWithKeyLogic, SEQUENCED_DRAW_CYCLES, sequencedDraw, streamKeyLogic } from '../kernel/lib/rng-block.ts';
import { COMMAND_PORT, STATUS } from '../semantics/command-port.ts';
import { NEURON_CORE_ID, NEURON_OP, neuronCommands } from '../semantics/neuron-commands.ts';
import { CUR_BITS, CUR_FRAC, DECAY_BITS, DRIVE_BITS, INPUT_BITS, LEAK_BITS, MEAN_BITS, MODE, NOISE_BITS, NOISE_FRAC, PHASE, RATE_BITS, type NeuronArrayParams, neuronSizes } from '../semantics/neuron-params.ts';
import { commandPortFrontEnd } from './command-port-front-end.ts';
import { any, bitsFor, commandPortIo, pick, satS } from './rtl-helpers.ts';

export { neuronArrayDefaults, neuronArrayParamsSchema } from '../semantics/neuron-params.ts';

export const neuronArray = defineModule('neuron_array', (m, p: NeuronArrayParams) => {
  const S = neuronSizes(p);
  const K = p.neurons;
  const L = p.lanes;
  const io = commandPortIo(m);
  const fe = commandPortFrontEnd(m, io, neuronCommands, p);
  const { ST, drop, idx, len, status, is, opIs, give, hdr, hDirectExec, argTake, endArgs } = fe;
  const a0 = m.reg('a0', 32);
  const a1 = m.reg('a1', 32);
  const a2 = m.reg('a2', 32);
  const a3 = m.reg('a3', 32);
  const waddr = m.reg('waddr', 32);
  const seed = m.reg('seed', 32);
  const step = m.reg('step', 32);
  const mode = m.reg('mode', 2);
  const leakQ = m.reg('leak_q', LEAK_BITS);
  const decay = m.reg('decay', DECAY_BITS);
  const rate = m.reg('rate', RATE_BITS);
  const depin = m.reg('depin', 16);
  const eject = m.reg('eject', 16);
  const gW = bitsFor(S.stateDepth + 1);
  const g = m.reg('g', gW);
  const sub = m.reg('sub', 4);
  // Last cycle of a group (write-back): sub 2, or with the serial RNG 9 cycles later (the draw's latency).
  const subLast = p.rng === 'serial' ? 1 + SEQUENCED_DRAW_CYCLES : 2;
  const nbW = bitsFor(S.groups * L + L + 1);
  const nb = m.reg('nb', nbW);
  const ridxW = bitsFor(2 * p.neurons + 2);
  const ridx = m.reg('ridx', ridxW);
  const rlane = m.reg('rlane', bitsFor(L + 1));
  const rhalf = m.reg('rhalf', 1);

  // Arguments (ARGS).
  const isLoad = opIs(NEURON_OP.LOAD_DRIVE).or(opIs(NEURON_OP.LOAD_NOISE));
  const depth = (o: Signal) => o.mux(m.const(S.driveDepth, 32), m.const(S.noiseDepth, 32));
  const ldDepth = depth(opIs(NEURON_OP.LOAD_DRIVE));
  const cnt = len.sub(1).uext(32);
  const rangeBad = io.cmdData.ugt(ldDepth).or(cnt.ugt(ldDepth.sub(io.cmdData)));
  const loadStart = argTake.and(isLoad).and(idx.eq(0));
  const romWrite = argTake.and(isLoad).and(idx.ne(0)).and(drop.not());

  // Group walk (EXEC for STEP / WRITE / RESET).
  const walkOp = any(m, opIs(NEURON_OP.STEP), opIs(NEURON_OP.WRITE), opIs(NEURON_OP.RESET));
  const inWalk = is(ST.EXEC).and(walkOp);
  const sub2 = inWalk.and(sub.eq(subLast));
  const lastGroup = g.eq(S.groups - 1);

  // Memories.
  const gAddrW = Math.log2(S.stateDepth);
  const rowAddr = g.resize(gAddrW);
  const argMem = m.memory('args', { width: 32, depth: S.argDepth });
  const argAW = Math.log2(S.argDepth);
  argMem.write(idx.resize(argAW), io.cmdData, argTake.and(opIs(NEURON_OP.STEP)).and(drop.not()));
  const driveRom = m.memory('drive_rom', { width: DRIVE_BITS, depth: S.driveDepth });
  driveRom.write(waddr.resize(p.segBits), io.cmdData.slice(DRIVE_BITS - 1, 0), romWrite.and(opIs(NEURON_OP.LOAD_DRIVE)));
  const noiseRom = m.memory('noise_rom', { width: NOISE_BITS, depth: S.noiseDepth });
  noiseRom.write(waddr.resize(p.noiseBits), io.cmdData.slice(NOISE_BITS - 1, 0), romWrite.and(opIs(NEURON_OP.LOAD_NOISE)));

  const auto = mode.bit(1);
  const lif = mode.bit(0);
  const top = m.const(2 ** p.posBits, 32);
  const xs: Signal[] = [];
  const cs: Signal[] = [];
  const phs: Signal[] = [];
  const laneSpikes: Signal[] = [];
  for (let l = 0; l < L; l++) {
    const xMem = m.memory(`x${l}`, { width: p.posBits, depth: S.stateDepth });
    const cMem = m.memory(`c${l}`, { width: CUR_BITS, depth: S.stateDepth });
    const phMem = m.memory(`ph${l}`, { width: 2, depth: S.stateDepth });
    const xr = xMem.read(rowAddr);
    const cr = cMem.read(rowAddr);
    const phr = phMem.read(rowAddr);
    xs.push(xr);
    cs.push(cr);
    phs.push(phr);
    const n = nb.add(l);
    const aw = argMem.read(n.shr(1).resize(argAW));
    const inp = n.bit(0).mux(aw.slice(31, 16), aw.slice(15, 0));
    const c1 = satS(cr.sext(INPUT_BITS + 1).add(inp.sext(INPUT_BITS + 1)), CUR_BITS);
    const c16 = c1.sext(16);
    const goTrack = phr.eq(PHASE.EMPTY).and(auto);
    const depinned = phr.eq(PHASE.HELD_A).and(c16.sge(depin));
    const ejected = phr.eq(PHASE.FIRED).and(c16.sge(eject));
    const phA = pick(phr, [goTrack, m.const(PHASE.TRACK, 2)], [depinned, m.const(PHASE.TRACK, 2)], [ejected, m.const(PHASE.EMPTY, 2)]);
    const xA = goTrack.or(ejected).mux(m.const(0, p.posBits), xr);
    const g16 = driveRom.read(xA.slice(p.posBits - 1, p.posBits - p.segBits));
    const bits = p.rng === 'serial' ? sequencedDraw(m, `rng${l}`, inWalk.and(sub.eq(0)), seed, n.resize(32), step) : drawWithKeyLogic(streamKeyLogic(seed, n.resize(32)), step);
    const u = bits.slice(31, 32 - p.noiseBits);
    const xi = noiseRom.read(u);
    // DW track: dx = ((c1 * drive[seg] - leak) >> (10 + driveFrac), saturated) * xi >> 11.
    const prod = c1.smul(g16.uext(DRIVE_BITS + 1), 32);
    const mean = satS(prod.sub(leakQ.uext(32)).sra(CUR_FRAC + p.driveFrac), MEAN_BITS);
    const nxDw = xA.uext(32).add(mean.smul(xi, 32).sra(NOISE_FRAC));
    // LIF: dv = sat24((c1 << (posBits - 10)) - v) * rate >> 8.
    const diff = satS(c1.sext(32).shl(p.posBits - CUR_FRAC).sub(xA.uext(32)), 24);
    const nxLif = xA.uext(32).add(diff.smul(rate.uext(RATE_BITS + 1), 32).sra(RATE_BITS));
    const nx = lif.mux(nxLif, nxDw);
    const fire = nx.sge(top).named(`fire${l}`); // named: fault-injection tests rewrite this comparison
    const track = phA.eq(PHASE.TRACK);
    const xT = pick(nx.slice(p.posBits - 1, 0), [fire, auto.mux(m.const(0, p.posBits), m.const(2 ** p.posBits - 1, p.posBits))], [nx.slt(0), m.const(0, p.posBits)]);
    const phT = fire.mux(auto.mux(m.const(PHASE.EMPTY, 2), m.const(PHASE.FIRED, 2)), m.const(PHASE.TRACK, 2));
    const xNew = track.mux(xT, xA);
    const phNew = track.mux(phT, phA);
    laneSpikes.push(track.and(fire));
    // Synaptic decay, rounded to nearest on the magnitude.
    const neg = c1.msb();
    const mag = neg.mux(c1.neg(), c1).uext(32);
    const q = mag.mul(decay.uext(32), 32).add(1 << 15).shr(16).slice(CUR_BITS - 1, 0);
    const cNew = neg.mux(q.neg(), q);
    // Write-back by command.
    const isStep = opIs(NEURON_OP.STEP);
    const isReset = opIs(NEURON_OP.RESET);
    const xW = isReset.mux(m.const(0, p.posBits), isStep.mux(xNew, xr));
    const cW = isReset.mux(m.const(0, CUR_BITS), isStep.mux(cNew, cr));
    const phW = pick(phr, [isReset, m.const(PHASE.EMPTY, 2)], [isStep, phNew], [phr.eq(PHASE.EMPTY), m.const(PHASE.HELD_A, 2)]);
    xMem.write(rowAddr, xW, sub2);
    cMem.write(rowAddr, cW, sub2);
    phMem.write(rowAddr, phW, sub2);
  }

  // Spike chain: G registers of L bits; at each group's sub 2 the lane bits enter register 0 and every register
  // passes its bits on, so after the walk register G - 1 - g holds group g (neuron n = gL + l at bit l).
  const shiftSpikes = sub2.and(opIs(NEURON_OP.STEP));
  const chain: Signal[] = [];
  let prev = concat(...laneSpikes.slice().reverse());
  for (let i = 0; i < S.groups; i++) {
    const r = m.reg(`spk${i}`, L);
    r.next(shiftSpikes.mux(prev, r));
    chain.push(r);
    prev = r;
  }
  const spikeBit = (n: number) => (n < K ? chain[S.groups - 1 - Math.floor(n / L)]!.bit(n % L) : m.const(0, 1));
  const spikeWords = Array.from({ length: S.spikeWords }, (_, w) => concat(...Array.from({ length: 32 }, (_, j) => spikeBit(32 * w + 31 - j))));

  // Response.
  const nres = pick(
    m.const(0, 24),
    [status.ne(STATUS.OK), m.const(0, 24)],
    [opIs(NEURON_OP.INFO), m.const(4, 24)],
    [opIs(NEURON_OP.STEP), m.const(S.spikeWords, 24)],
    [opIs(NEURON_OP.READ_STATE), m.const(2 * K, 24)],
  );
  const info = [K, L, p.posBits | (p.segBits << 8) | (p.noiseBits << 16) | (p.driveFrac << 24), NEURON_CORE_ID].map((v) => m.const(v >>> 0, 32));
  const riW = Math.max(2, bitsFor(Math.max(4, S.spikeWords)));
  const laneSel = rlane.resize(bitsFor(L));
  const xSel = L > 1 ? mux(laneSel, xs) : xs[0]!;
  const cSel = L > 1 ? mux(laneSel, cs) : cs[0]!;
  const phSel = L > 1 ? mux(laneSel, phs) : phs[0]!;
  const stateWord = rhalf.mux(cSel.sext(32), concat(m.const(0, 14), phSel, xSel.uext(16)));
  const dataWord = pick(stateWord, [opIs(NEURON_OP.INFO), mux(ridx.resize(2), info)], [opIs(NEURON_OP.STEP), S.spikeWords > 1 ? mux(ridx.resize(riW), spikeWords) : spikeWords[0]!]);
  const rspData = is(ST.RESP_H).mux(concat(status, nres), dataWord);
  const lastRes = ridx.eq(nres.resize(ridxW).sub(1));

  // State machine.
  const toResp = is(ST.EXEC).and(walkOp.not().or(sub2.and(lastGroup)));
  const setCfgBad = a0.ugt(3).or(a1.uge(2 ** LEAK_BITS));
  const execNow = is(ST.EXEC);
  const loadBad = loadStart.and(rangeBad);
  fe.close({ loadBad, execBad: execNow.and(opIs(NEURON_OP.SET_CONFIG)).and(setCfgBad), toResp, nres, lastRes });
  const argAt = (i: number) => argTake.and(idx.eq(i));
  a0.next(argAt(0).mux(io.cmdData, a0));
  a1.next(argAt(1).mux(io.cmdData, a1));
  a2.next(argAt(2).mux(io.cmdData, a2));
  a3.next(argAt(3).mux(io.cmdData, a3));
  waddr.next(pick(waddr, [loadStart, io.cmdData], [romWrite, waddr.add(1)]));
  const setSeed = execNow.and(opIs(NEURON_OP.SET_SEED));
  seed.next(setSeed.mux(a0, seed));
  step.next(pick(step, [setSeed, a1], [sub2.and(lastGroup).and(opIs(NEURON_OP.STEP)), step.add(1)]));
  const setCfg = execNow.and(opIs(NEURON_OP.SET_CONFIG)).and(setCfgBad.not());
  mode.next(setCfg.mux(a0.slice(1, 0), mode));
  leakQ.next(setCfg.mux(a1.slice(LEAK_BITS - 1, 0), leakQ));
  decay.next(setCfg.mux(a2.slice(15, 0), decay));
  rate.next(setCfg.mux(a2.slice(23, 16), rate));
  depin.next(setCfg.mux(a3.slice(15, 0), depin));
  eject.next(setCfg.mux(a3.slice(31, 16), eject));
  // Walk counters (EXEC) and read-out counters (RESP_D) share g.
  const enterWalk = hdr.and(hDirectExec).or(endArgs.and(drop.not()).and(loadBad.not()));
  const rdAdvance = give.and(is(ST.RESP_D));
  const rdNextNeuron = rdAdvance.and(rhalf);
  const rdNextRow = rdNextNeuron.and(rlane.eq(L - 1));
  g.next(pick(g, [enterWalk, m.const(0, gW)], [sub2, g.add(1)], [give.and(is(ST.RESP_H)), m.const(0, gW)], [rdNextRow, g.add(1)]));
  nb.next(pick(nb, [enterWalk, m.const(0, nbW)], [sub2, nb.add(L)]));
  sub.next(pick(sub, [enterWalk, m.const(0, 4)], [inWalk, sub.eq(subLast).mux(m.const(0, 4), sub.add(1))]));
  ridx.next(pick(ridx, [give.and(is(ST.RESP_H)), m.const(0, ridxW)], [rdAdvance, ridx.add(1)]));
  rlane.next(pick(rlane, [give.and(is(ST.RESP_H)), m.const(0, rlane.width)], [rdNextRow, m.const(0, rlane.width)], [rdNextNeuron, rlane.add(1)]));
  rhalf.next(pick(rhalf, [give.and(is(ST.RESP_H)), m.const(0, 1)], [rdAdvance, rhalf.not()]));

  const O = COMMAND_PORT.outputs;
  m.output(O.cmdReady, fe.cmdReady);
  m.output(O.rspValid, fe.rspValid);
  m.output(O.rspData, rspData);
  void MODE;
});
