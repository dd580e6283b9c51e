// The binary protocol between dwtwin and a simulator harness process, defined once here; the C++ constants are
// generated from this object (see cppConstants), so the two sides cannot drift apart.
//
// All words are 32-bit little-endian. On start the harness writes HELLO: [MAGIC, VERSION, inWords, outWords].
// Then the host sends commands: [CMD_RUN, n] + n * inWords stimulus words -> the harness runs n lockstep cycles
// and answers n * outWords output words; [CMD_QUIT, 0] -> the harness exits 0. Commands are pipelined: the host
// may send the next RUN before reading the previous answer. Single-step commands (the CycleSim view,
// verilator-sim.ts): [CMD_EVAL, 1] + inWords -> apply the inputs, settle, answer outWords; [CMD_TICK, 1] + inWords ->
// apply the inputs, settle, one rising edge, settle, answer outWords. Streaming (builds with stream ports,
// src/kernel/sim/stream.ts): [CMD_STREAM, n, responses, maxCycles] + n words -> the harness feeds the words through
// the input stream port, collects output words until `responses` responses are complete or maxCycles pass, and
// answers [cycles, fed, complete, m] + m output words.
export const PROTOCOL = {
  MAGIC: 0x64777476, // "dwtv"
  VERSION: 3,
  CMD_RUN: 1,
  CMD_QUIT: 2,
  CMD_EVAL: 3,
  CMD_TICK: 4,
  CMD_STREAM: 5,
} as const;

/** C++ declarations of the protocol constants. */
export function cppConstants(): string {
  return Object.entries(PROTOCOL)
    .map(([k, v]) => `static const uint32_t ${k} = ${v}u;`)
    .join('\n');
}
