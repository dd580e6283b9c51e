// Streaming a core's word port (a valid/ready pair in each direction, e.g. the command port of
// src/semantics/command-port.ts): the driver feeds words on in_valid/in_data while in_ready, holds out_ready high and
// collects out words until `responses` responses (a header word whose low bits count the words that follow, then
// those words) are complete or a cycle limit passes. One call per command: the TypeScript simulation runs the loop
// in its generated code (compile.ts), the Verilator harness in C++ (verilator.ts), with the same rules, so the
// cycles used agree too. The kernel does not know any command set; the caller names the ports.

export interface StreamPorts {
  inValid: string;
  inReady: string;
  inData: string;
  outValid: string;
  outReady: string;
  outData: string;
  /** Mask of the response header's word count (the words that follow the header). */
  lengthMask: number;
}

export interface StreamResult {
  /** Every word the core put out, in order. */
  words: Uint32Array;
  /** Cycles run (the last one is the cycle whose edge moved the last response word). */
  cycles: number;
  /** Input words the core accepted. */
  fed: number;
  /** false: the cycle limit passed first. */
  complete: boolean;
}

export interface StreamSim {
  /** Feed `words`, collect `responses` responses; at most `maxCycles` cycles. Other inputs keep their values. */
  stream(words: Uint32Array, responses: number, maxCycles: number): StreamResult;
}
