// Energy per switching event: the input pulse dissipates I^2 R_wire t in the free-layer wire (paper 004: 5.2 kOhm,
// 8 ns, 0.15-2.0 mW, 1-16 pJ in the prototype). Projection to 20 nm MTJs: a 25 nm wide wire of the same thickness,
// current density 2-4x the prototype's, same wire resistance and pulse (paper: ~18-36 fJ).
export function pulseEnergy(current: number, wireOhm: number, seconds: number): number {
  return current * current * wireOhm * seconds;
}

export function projectedEnergy(opts: { jc: number; widthNm: number; thicknessNm: number; factor: number; wireOhm: number; seconds: number }): number {
  const i = opts.factor * opts.jc * opts.widthNm * 1e-9 * opts.thicknessNm * 1e-9;
  return pulseEnergy(i, opts.wireOhm, opts.seconds);
}
