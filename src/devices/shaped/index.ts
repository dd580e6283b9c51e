// Shaped-track synapse presets (paper 001: trapezoid, straight) and the 5-state quantized synapse (paper 002).
// Contract with `dwtwin device ramp --preset P` (src/cli/commands/device/ramp.ts): it calls shapedRamp for these
// presets, prints `text`, and shapedRamp writes its JSON + SVG into opts.outDir (default out/device/<preset>/).
import { InputError } from '../../base/errors.ts';

export const shapedPresetNames: readonly string[] = ['trapezoid', 'straight', 'quantized-5'];

export async function shapedRamp(preset: string, opts: { seed: number; outDir?: string }): Promise<{ text: string; json: unknown }> {
  if (!shapedPresetNames.includes(preset)) throw new InputError(`--preset: expected one of ${shapedPresetNames.join(', ')} (got ${JSON.stringify(preset)})`);
  void opts;
  return { text: `${preset}: not implemented yet\n`, json: { preset } };
}
