// Finding external tools. A missing tool is a ToolMissingError that says how to install it.
import { execFileSync } from 'node:child_process';
import { ToolMissingError } from '../../base/errors.ts';

const HINTS: Record<string, string> = {
  verilator: 'Install it with `sudo apt-get install -y verilator` (or run `bash .ci/setup.sh`).',
  iverilog: 'Install it with `sudo apt-get install -y iverilog` (or run `bash .ci/setup.sh`).',
  vvp: 'It comes with Icarus Verilog: `sudo apt-get install -y iverilog` (or run `bash .ci/setup.sh`).',
  yosys: 'Install it with `sudo apt-get install -y yosys` (or run `bash .ci/setup.sh`).',
  'nextpnr-ice40': 'Install it with `sudo apt-get install -y nextpnr-ice40 fpga-icestorm` (or run `bash .ci/setup.sh`).',
};

const found = new Map<string, string>();

/** Absolute path of `tool` on PATH, or a ToolMissingError with an install hint. */
export function requireTool(tool: string): string {
  const hit = found.get(tool);
  if (hit) return hit;
  let path = '';
  try {
    path = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
  } catch {
    path = '';
  }
  if (!path) throw new ToolMissingError(tool, HINTS[tool] ?? `Install ${tool} and put it on PATH.`);
  found.set(tool, path);
  return path;
}

/** First line of `tool --version` (part of build cache keys: a new Verilator rebuilds). */
export function toolVersion(tool: string): string {
  return execFileSync(requireTool(tool), ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
}
