// The device array's update loops compiled to WebAssembly (device-update-kernel.as, AssemblyScript): the same
// arithmetic as the JS loops in device-array.ts, which stay the definition and the fallback. Compiled at first use
// and cached under the project cache, keyed by a hash of the (substituted) source and the compiler's version, as the
// Verilator builds are; later processes and worker threads only read the cached binary.
// DWTWIN_DEVICE_KERNEL=js forces the JS loops, DWTWIN_UPDATE_THREADS=1 one thread per update (before/after
// measurements; the results are the same bytes either way).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { cacheDir } from '../base/cache-dir.ts';
import { writeFileAtomic } from '../base/atomic-file.ts';
import { RNG_CONSTANTS } from '../base/rng.ts';
import { SLOT_F, SLOT_I, type ContinuousTables } from './continuous-tables.ts';
import type { NotchTables } from '../devices/synapse/notch-step.ts';

// The WebAssembly API this file uses (tsconfig's lib has no WebAssembly types; Node 20 has the API).
interface WasmModule { readonly __wasmModule: unique symbol }
interface WasmMemory { readonly buffer: ArrayBuffer }
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Instance: new (m: WasmModule, imports: { env: { memory: WasmMemory } }) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
export type { WasmModule };

/** Header fields (one f64 each, at HEADER_OFFSET): offsets in bytes, counts, constants. */
export const KERNEL_HEADER = ['cols', 'levels', 'hi', 'wScale', 'invBase', 'keys', 'variant', 'w', 'rowIdx', 'rowVal', 'colIdx', 'colVal', 'cond', 'slotF', 'slotI', 'cEntry', 'q', 'notch', 'nEntry', 'nType', 'nVar', 'level', 'dG', 'nq', 'deadZone'] as const;
export type KernelHeaderField = (typeof KERNEL_HEADER)[number];
// The kernel's copy of the tables: what one device's pulse reads from the per-entry, per-slot and per-variant arrays
// of NotchTables and ContinuousTables, packed into one record each (byte offsets below), so a pulse reads one
// record (one pointer, one cache line) instead of one element of each of six arrays. Same values, bit for bit.
// Each loop's small tables sit back to back in that order, the first two at a fixed size for up to
// MAX_KERNEL_VARIANTS variants: the kernel reaches all three from one pointer with immediate offsets.
export const MAX_KERNEL_VARIANTS = 256;
/** Bytes of the notched per-variant and per-slot regions, and the continuous slotF and slotI regions. */

/** `a`'s bytes in a zeroed buffer of `bytes` (a region of fixed size). */
function padded(a: ArrayBufferView, bytes: number, what: string): Uint8Array {
  if (a.byteLength > bytes) throw new Error(`device kernel: ${what} holds more than ${MAX_KERNEL_VARIANTS} variants`);
  const out = new Uint8Array(bytes);
  out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return out;
}

/** Notched, per entry (slot * levels + notch): dead zone, ave, the notch's conductance (f64), quantile row offset (i32). */
export const N_ENTRY = { bytes: 32, dz: 0, ave: 8, level: 16, rowOff: 24 } as const;
/** Notched, per slot: invMean, rootInvMean (f64, adjacent: one 16-byte load). */
export const N_TYPE = { bytes: 16, invMean: 0, rootInvMean: 8 } as const;
/** Notched, per variant: gMin, scale (f64, adjacent). */
export const N_VAR = { bytes: 16, gMin: 0, scale: 8 } as const;
/** Continuous, per entry: ave (f64), quantile row offset (i32). */
export const C_ENTRY = { bytes: 16, ave: 0, rowOff: 8 } as const;
/** Bytes of the notched per-variant and per-slot regions, and the continuous slotF and slotI regions (two slots a variant). */
export const REGION = {
  nVar: N_VAR.bytes * MAX_KERNEL_VARIANTS,
  nType: N_TYPE.bytes * 2 * MAX_KERNEL_VARIANTS,
  slotF: 8 * SLOT_F.stride * 2 * MAX_KERNEL_VARIANTS,
  slotI: 4 * SLOT_I.stride * 2 * MAX_KERNEL_VARIANTS,
} as const;

/** The notched tables' kernel records (N_ENTRY, N_TYPE, N_VAR). */
export function notchedKernelRecords(nt: NotchTables): { nEntry: Uint8Array; nType: Uint8Array; nVar: Uint8Array } {
  const entries = nt.rowAve.length;
  const e = new DataView(new ArrayBuffer(N_ENTRY.bytes * entries));
  for (let i = 0; i < entries; i++) {
    const o = i * N_ENTRY.bytes;
    const slot = Math.floor(i / nt.levels);
    e.setFloat64(o + N_ENTRY.dz, nt.entryDeadZone[i]!, true);
    e.setFloat64(o + N_ENTRY.ave, nt.rowAve[i]!, true);
    e.setFloat64(o + N_ENTRY.level, nt.level[(slot >> 1) * nt.levels + (i % nt.levels)]!, true);
    e.setInt32(o + N_ENTRY.rowOff, nt.rowOff[i]!, true);
  }
  const t = new DataView(new ArrayBuffer(N_TYPE.bytes * nt.invMean.length));
  for (let i = 0; i < nt.invMean.length; i++) {
    t.setFloat64(i * N_TYPE.bytes + N_TYPE.invMean, nt.invMean[i]!, true);
    t.setFloat64(i * N_TYPE.bytes + N_TYPE.rootInvMean, nt.rootInvMean[i]!, true);
  }
  const v = new DataView(new ArrayBuffer(N_VAR.bytes * nt.gMin.length));
  for (let i = 0; i < nt.gMin.length; i++) {
    v.setFloat64(i * N_VAR.bytes + N_VAR.gMin, nt.gMin[i]!, true);
    v.setFloat64(i * N_VAR.bytes + N_VAR.scale, nt.scale[i]!, true);
  }
  return { nVar: padded(v, REGION.nVar, 'nVar'), nType: padded(t, REGION.nType, 'nType'), nEntry: new Uint8Array(e.buffer) };
}

/** The continuous tables' kernel copy: slotF and slotI in their regions, the per-entry records (C_ENTRY). */
export function continuousKernelRecords(ct: ContinuousTables): { slotF: Uint8Array; slotI: Uint8Array; cEntry: Uint8Array } {
  const e = new DataView(new ArrayBuffer(C_ENTRY.bytes * ct.ave.length));
  for (let i = 0; i < ct.ave.length; i++) {
    e.setFloat64(i * C_ENTRY.bytes + C_ENTRY.ave, ct.ave[i]!, true);
    e.setInt32(i * C_ENTRY.bytes + C_ENTRY.rowOff, ct.rowOff[i]!, true);
  }
  return { slotF: padded(ct.slotF, REGION.slotF, 'slotF'), slotI: padded(ct.slotI, REGION.slotI, 'slotI'), cEntry: new Uint8Array(e.buffer) };
}

/** The module's own statics (none are used: stub runtime, no strings) stay below this; the header starts here. */
export const HEADER_OFFSET = 65536;
/** Pairs per block of the continuous loop's two passes (device-array.ts uses the same). */
export const ROW_BLOCK = 512;
/** Bytes of a loop's scratch (both loops): 3 f64 and 2 i32 arrays of 2 ROW_BLOCK, one i32 array of ROW_BLOCK. */
export const SCRATCH_BYTES = 2 * ROW_BLOCK * (3 * 8 + 2 * 4) + ROW_BLOCK * 4;
/** Where each of those arrays starts in a scratch (bytes; the kernel reads them as immediate offsets, SO_*). */
const SCRATCH_AT = { A: 0, B: 16 * ROW_BLOCK, C: 32 * ROW_BLOCK, Q: 48 * ROW_BLOCK, S: 56 * ROW_BLOCK, K: 64 * ROW_BLOCK } as const;
if (SCRATCH_AT.K + 4 * ROW_BLOCK !== SCRATCH_BYTES) throw new Error('device kernel: the scratch arrays do not fill SCRATCH_BYTES');

export interface KernelExports {
  init(): void;
  /**
   * Rows [0, rowCount) of the signals, claimed a few at a time from the i32 at byte `counter` (0 before the update;
   * every thread of the update calls with the same counter); `scratch`: SCRATCH_BYTES of this thread's own.
   */
  updateContinuous(gain: number, step: number, rowCount: number, colCount: number, scratch: number, counter: number): void;
  /** As updateContinuous; returns the devices this thread skipped below their threshold. */
  updateNotched(gain: number, step: number, rowCount: number, colCount: number, scratch: number, counter: number): number;
}

// Shared memory: a helper thread can run part of an update on the same memory (UpdateHelper below).
const ASC_FLAGS = ['-O3', '--runtime', 'stub', '--noAssert', '--importMemory', '--sharedMemory', '--initialMemory', '2', '--maximumMemory', '65536', '--use', 'abort=', '--enable', 'simd', '--enable', 'threads'];

/** The kernel's source with the constants substituted (`raw`: another text of device-update-kernel.as). */
export function kernelSource(raw = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'device-update-kernel.as'), 'utf8')): string {
  const subst: Record<string, number> = {
    HDR: HEADER_OFFSET,
    ROW_BLOCK,
    SH0: RNG_CONSTANTS.FMIX_SHIFTS[0], SH1: RNG_CONSTANTS.FMIX_SHIFTS[1], SH2: RNG_CONSTANTS.FMIX_SHIFTS[2],
    MU0: RNG_CONSTANTS.FMIX_MULTIPLIERS[0], MU1: RNG_CONSTANTS.FMIX_MULTIPLIERS[1],
    SF: SLOT_F.stride, F_GMIN: SLOT_F.gMin, F_BINSCALE: SLOT_F.binScale, F_INVMEAN: SLOT_F.invMean, F_ROOTINVMEAN: SLOT_F.rootInvMean, F_GMAX: SLOT_F.gMax,
    SI: SLOT_I.stride, I_TOPBIN: SLOT_I.topBin, I_ENTRY0: SLOT_I.entry0, I_NQ: SLOT_I.nq,
  };
  for (const [prefix, rec] of [['NE', N_ENTRY], ['NT', N_TYPE], ['NV', N_VAR], ['CE', C_ENTRY]] as const) for (const [k, v] of Object.entries(rec)) subst[`${prefix}_${k.toUpperCase()}`] = v;
  // The kernel reads these pairs of fields with one 16-byte load each: they must stay adjacent, in this order.
  const adjacent: [string, number, number][] = [
    ['SLOT_F gMin, binScale', SLOT_F.gMin, SLOT_F.binScale], ['SLOT_F invMean, rootInvMean', SLOT_F.invMean, SLOT_F.rootInvMean],
    ['N_ENTRY ave, level', N_ENTRY.ave / 8, N_ENTRY.level / 8], ['N_TYPE', N_TYPE.invMean / 8, N_TYPE.rootInvMean / 8], ['N_VAR', N_VAR.gMin / 8, N_VAR.scale / 8],
  ];
  for (const [what, a, b] of adjacent) if (b !== a + 1) throw new Error(`device kernel: ${what} must be adjacent f64 fields`);
  for (const [k, v] of Object.entries(SCRATCH_AT)) subst[`SO_${k}`] = v;
  Object.assign(subst, { RN_TYPE: REGION.nVar, RN_ENTRY: REGION.nVar + REGION.nType, RC_SLOTI: REGION.slotF, RC_ENTRY: REGION.slotF + REGION.slotI });
  subst.FB_GMIN = 8 * SLOT_F.gMin;
  subst.FB_INVMEAN = 8 * SLOT_F.invMean;
  KERNEL_HEADER.forEach((f, i) => (subst[`H_${f.toUpperCase()}`] = i));
  return raw.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = subst[name];
    if (v === undefined) throw new Error(`device-update-kernel.as: unknown placeholder {{${name}}}`);
    return String(v);
  });
}

function ascVersion(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve('assemblyscript/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** Compiles kernel source text (as kernelSource() gives it) to a binary. */
export async function compileKernel(source: string): Promise<Uint8Array> {
  const asc = await import('assemblyscript/asc');
  // main() takes the flags as the command line would (one list, also the cache key); files stay in memory.
  let binary: Uint8Array | undefined;
  let stderr = '';
  const { error } = await asc.main(['device-update-kernel.ts', '--outFile', 'out.wasm', ...ASC_FLAGS], {
    readFile: (name: string) => (name === 'device-update-kernel.ts' ? source : null),
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name === 'out.wasm' && typeof contents !== 'string') binary = contents;
    },
    listFiles: () => [],
    stderr: { write: (s: string | Uint8Array) => ((stderr += String(s)), true) } as never,
    stdout: { write: () => true } as never,
  });
  if (error || !binary) throw new Error(`compiling the device update kernel failed: ${String(error ?? 'no binary')}\n${stderr}`);
  return binary;
}

let loading: Promise<WasmModule | undefined> | undefined;
let loaded: WasmModule | undefined;

/** The compiled kernel (compiling and caching it on first use), or undefined when disabled or the compiler is missing. */
export function loadDeviceKernel(): Promise<WasmModule | undefined> {
  loading ??= (async () => {
    if (process.env.DWTWIN_DEVICE_KERNEL === 'js') return undefined;
    const version = ascVersion();
    const source = kernelSource();
    const key = createHash('sha256').update(JSON.stringify({ source, version: version ?? 'none', flags: ASC_FLAGS })).digest('hex').slice(0, 20);
    const path = cacheDir('wasm', `device-update-${key}.wasm`);
    let bytes: Uint8Array;
    if (existsSync(path)) bytes = readFileSync(path);
    else {
      if (!version) {
        process.stderr.write('note: assemblyscript is not installed; device arrays use the JS update loops\n');
        return undefined;
      }
      bytes = await compileKernel(source);
      try {
        writeFileAtomic(path, bytes); // atomic: processes compiling at once each write a whole file
      } catch {
        // a read-only cache: the next process compiles again, nothing else is lost
      }
    }
    loaded = await WA.compile(bytes);
    return loaded;
  })();
  return loading;
}

/** The kernel if loadDeviceKernel() has finished (device arrays built before then use the JS loops). */
export function deviceKernelIfLoaded(): WasmModule | undefined {
  return loaded;
}

/**
 * Threads per update when the caller does not say: 2 on the main thread of a machine with 2 or more cores (a run of
 * one seed, or seeds one after another), 1 inside worker threads (seeds run in parallel already: no oversubscription).
 * Not part of any configuration or result file: it changes no bit.
 */
export function defaultUpdateThreads(): number {
  const env = process.env.DWTWIN_UPDATE_THREADS;
  if (env === '1' || env === '2') return Number(env);
  return isMainThread ? Math.min(2, availableParallelism()) : 1;
}

/** Byte offsets in one memory, each aligned to 8; the total is known before the memory is made (it never grows). */
export class KernelLayout {
  private top = HEADER_OFFSET + 8 * KERNEL_HEADER.length;
  readonly at: Partial<Record<KernelHeaderField | 'scratch0' | 'scratch1' | 'rowCounter', number>> = {};
  alloc(field: KernelHeaderField | 'scratch0' | 'scratch1' | 'rowCounter', bytes: number): number {
    this.top = Math.ceil(this.top / 8) * 8;
    const p = this.top;
    this.at[field] = p;
    this.top += Math.max(bytes, 8);
    return p;
  }
  get bytes(): number {
    return this.top;
  }
}

export interface KernelInstance {
  module: WasmModule;
  memory: WasmMemory;
  buffer: ArrayBuffer;
  k: KernelExports;
  /** Writes the header (the layout's offsets plus `values`) and lets the kernel read it. */
  setHeader(values: Partial<Record<KernelHeaderField, number>>): void;
}

/** A memory of the layout's size and an instance on it. */
export function instantiateKernel(module: WasmModule, layout: KernelLayout): KernelInstance {
  const pages = Math.ceil(layout.bytes / 65536);
  const memory = new WA.Memory({ initial: pages, maximum: pages, shared: true });
  const k = new WA.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const header = new Float64Array(memory.buffer, HEADER_OFFSET, KERNEL_HEADER.length);
  const setHeader = (values: Partial<Record<KernelHeaderField, number>>) => {
    KERNEL_HEADER.forEach((f, i) => (header[i] = values[f] ?? layout.at[f] ?? 0));
    k.init();
  };
  return { module, memory, buffer: memory.buffer, k, setHeader };
}

// The helper thread's control block (Int32 slots) and its job's gain (f64 at byte 64).
const C = { seq: 0, done: 1, ready: 2, kind: 3, step: 4, rows: 5, counter: 6, nc: 7, scratch: 8, result: 9 } as const;
const KIND = { continuous: 0, notched: 1, stop: 2 } as const;
/** Waiting longer than this for the helper's half of an update is a bug, not a slow machine: fail, do not hang. */
const HELPER_TIMEOUT_MS = 120_000;
// Plain JS (no TypeScript loader needed in the thread): instantiate the module on the shared memory, then run jobs.
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctrl } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const c = new Int32Array(ctrl);
const f = new Float64Array(ctrl, 64, 1);
Atomics.store(c, ${C.ready}, 1);
let seen = 0;
for (;;) {
  Atomics.wait(c, ${C.seq}, seen);
  seen = Atomics.load(c, ${C.seq});
  const kind = c[${C.kind}];
  if (kind === ${KIND.stop}) break;
  k.init();
  if (kind === ${KIND.notched}) c[${C.result}] = k.updateNotched(f[0], c[${C.step}], c[${C.rows}], c[${C.nc}], c[${C.scratch}], c[${C.counter}]);
  else k.updateContinuous(f[0], c[${C.step}], c[${C.rows}], c[${C.nc}], c[${C.scratch}], c[${C.counter}]);
  Atomics.store(c, ${C.done}, seen);
  Atomics.notify(c, ${C.done});
}
`;

// A helper whose array was collected is stopped (its thread holds the memory, not the array).
const helpers = new FinalizationRegistry<Int32Array>((c) => {
  c[C.kind] = KIND.stop;
  Atomics.add(c, C.seq, 1);
  Atomics.notify(c, C.seq);
});

/**
 * A second thread that runs an update with the calling thread on the same memory, each claiming rows from a shared
 * counter until none are left (so neither waits on the other's share when one is slower or starts late): every pair
 * has its own RNG key and state, so which thread runs a row changes no bit. Until the thread has started, the caller
 * runs every row itself (nothing waits on a thread that is not there).
 */
export class UpdateHelper {
  private readonly c: Int32Array;
  private readonly f: Float64Array;
  private pending = 0;
  /** Updates whose last rows this helper ran. */
  jobs = 0;

  constructor(inst: KernelInstance, owner: object) {
    // The control block is Int32 slots C.* and the job's gain as f64 at byte 64.
    const ctrl = new SharedArrayBuffer(72);
    this.c = new Int32Array(ctrl, 0, 16);
    this.f = new Float64Array(ctrl, 64, 1);
    const w = new Worker(HELPER_SOURCE, { eval: true, workerData: { module: inst.module, memory: inst.memory, ctrl } });
    w.unref(); // an idle helper never keeps the process alive
    helpers.register(owner, this.c);
  }

  get ready(): boolean {
    return Atomics.load(this.c, C.ready) === 1;
  }

  /** Starts the helper on the update's rows (`counter` as the kernel's); false if it is not running yet. */
  start(kind: 'continuous' | 'notched', gain: number, step: number, rows: number, nc: number, scratch: number, counter: number): boolean {
    const c = this.c;
    if (Atomics.load(c, C.ready) !== 1) return false;
    this.f[0] = gain;
    c[C.kind] = KIND[kind];
    c[C.step] = step | 0;
    c[C.rows] = rows;
    c[C.counter] = counter;
    c[C.nc] = nc;
    c[C.scratch] = scratch;
    this.pending = Atomics.add(c, C.seq, 1) + 1;
    this.jobs++;
    Atomics.notify(c, C.seq);
    return true;
  }

  /** Waits for the helper's part; returns its result (the devices it skipped, notched). */
  finish(): number {
    const c = this.c;
    const t0 = Date.now();
    // Wait on the value just compared: loading it again for the wait could read the helper's final store, sleep on
    // it and miss its notify (the wait then ran into its timeout: measured, 1 s stalls).
    for (let d = Atomics.load(c, C.done); d !== this.pending; d = Atomics.load(c, C.done)) {
      if (Atomics.wait(c, C.done, d, 1000) === 'timed-out' && Date.now() - t0 > HELPER_TIMEOUT_MS) throw new Error('the device update helper thread did not answer');
    }
    return c[C.result]!;
  }
}
