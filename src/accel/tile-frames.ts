// Tile commands as link frames: every frame holds one whole command and gets one response (protocol.ts), so a
// command longer than the target's frame (WRITE_STATES of a 785 x 300 tile is 118,000 words) is sent as several
// commands of the same kind over consecutive ranges (start, count), and their responses are merged back into the
// one response the unsplit command has. Only the streaming commands split (WRITE_STATES, WRITE_VARIANTS,
// LOAD_LEVELS, LOAD_TRANSITIONS, READ_STATES); the others must fit, which frameWordsFor() sizes the link for.
// Effects are the unsplit command's: the chunks of one command form a group that stops at the first error response
// (the core writes entries as they arrive and stops at the first bad one, so the entries before it stay written,
// split or not). A split command whose range does not fit the tile is answered ARG_OUT_OF_RANGE here without being
// sent (the core checks the range first and writes nothing). Counters (STATUS) count each chunk as a command.
import { header, parseHeader, STATUS } from '../semantics/command-port.ts';
import { TILE_OP, tileCommand } from '../semantics/tile-commands.ts';
import { tileSizes, type TileParams } from '../semantics/tile-params.ts';

/** Smallest power-of-two frame (words, header included) holding every command that cannot split, and its response. */
export function frameWordsFor(p: TileParams): number {
  let need = 8;
  for (const c of [TILE_OP.UPDATE, TILE_OP.FORWARD, TILE_OP.TRANSPOSE, TILE_OP.INFO, TILE_OP.STATUS, TILE_OP.CARRY]) {
    const def = tileCommand(c)!;
    need = Math.max(need, 1 + def.argWords(p, []), 1 + def.resultWords(p, []));
  }
  let n = 8;
  while (n < need) n *= 2;
  return n;
}

interface Split {
  /** Items per argument word (writes) or result word (READ_STATES); transitions: words per item (negative). */
  perWord: number;
  /** Items the tile holds. */
  size: number;
  read: boolean;
}

function splitOf(p: TileParams, op: number): Split | undefined {
  const sz = tileSizes(p);
  switch (op) {
    case TILE_OP.WRITE_STATES:
      return { perWord: 4, size: sz.devices, read: false };
    case TILE_OP.WRITE_VARIANTS:
      return { perWord: 4, size: sz.devices, read: false };
    case TILE_OP.LOAD_LEVELS:
      return { perWord: 2, size: sz.levelEntries, read: false };
    case TILE_OP.LOAD_TRANSITIONS:
      return { perWord: -sz.transitionEntryWords, size: sz.transitionEntries, read: false };
    case TILE_OP.READ_STATES:
      return { perWord: 4, size: sz.devices, read: true };
    default:
      return undefined;
  }
}

/** How one command goes out: frames sent (one group), or an answer given here. */
export type Planned = { frames: number[][] } | { local: number[] };

export function planCommand(p: TileParams, cmd: readonly number[], maxWords: number): Planned {
  if (cmd.length <= maxWords) {
    const s = splitOf(p, parseHeader(cmd[0]!).code);
    // A READ_STATES whose answer is longer than the frame splits even though the command itself fits.
    if (!s?.read || Math.ceil((cmd[2] ?? 0) / 4) + 1 <= maxWords) return { frames: [cmd.slice()] };
  }
  const { code: op, length } = parseHeader(cmd[0]!);
  const s = splitOf(p, op);
  const def = tileCommand(op);
  if (!s || !def || length < 2 || length !== def.argWords(p, cmd.slice(1, 3))) throw new Error(`tile over the link: a ${def?.name ?? `0x${op.toString(16)}`} command of ${cmd.length} words does not fit the link's ${maxWords}-word frame and cannot be split`);
  const start = cmd[1]! >>> 0;
  const count = cmd[2]! >>> 0;
  if (start > s.size || count > s.size - start) return { local: [header(STATUS.ARG_OUT_OF_RANGE, 0)] };
  // Items per chunk: what fits the frame (header, start, count) or, for READ_STATES, the response (header).
  const room = s.read ? maxWords - 1 : maxWords - 3;
  const per = s.perWord > 0 ? room * s.perWord : Math.floor(room / -s.perWord);
  const frames: number[][] = [];
  for (let done = 0; done < count; done += per) {
    const n = Math.min(per, count - done);
    if (s.read) {
      frames.push([header(op, 2), start + done, n]);
      continue;
    }
    const w0 = s.perWord > 0 ? done / s.perWord : done * -s.perWord;
    const wn = s.perWord > 0 ? Math.ceil(n / s.perWord) : n * -s.perWord;
    frames.push([header(op, 2 + wn), start + done, n, ...cmd.slice(3 + w0, 3 + w0 + wn)]);
  }
  if (!frames.length) frames.push(cmd.slice());
  return { frames };
}

/** The unsplit command's response from its chunks' (a chunk that was not sent, after an error, has none). */
export function mergeResponses(responses: readonly (readonly number[])[]): number[] {
  if (responses.length === 1) return responses[0]!.slice();
  const bad = responses.find((r) => r.length && parseHeader(r[0]!).code !== STATUS.OK);
  if (bad) return bad.slice();
  const results: number[] = [];
  for (const r of responses) for (let i = 1; i < r.length; i++) results.push(r[i]!);
  return [header(STATUS.OK, results.length), ...results];
}
