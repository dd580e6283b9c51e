// Measured values of papers 001 (Leonard et al., trapezoid and straight devices) and 002 (Dhull et al., Table VIII),
// kept apart from the models so every report prints ours beside theirs.

/** var = (V_max - V_min) / 2 / V_avg over 13 cycles (paper 001). */
export const trapezoidPaper = {
  cycles: 13,
  pulseNs: 50,
  tmr: 0.54,
  raOhmUm2: 60,
  spanOhm: 33,
  widthRatio: 4,
  narrowWidthNm: 250,
  firstNotch: { reachedBy: 1.5, rMean: 93.3, rStd: 1.1 },
  writes: [
    { vcAvg: 3.0, varPct: 2.5, rMean: 76.1, rStd: 0.4 },
    { vcAvg: 3.5, varPct: 5.7, rMean: 67.1, rStd: 0.3 },
  ],
  reset: { vcAvg: 3.7, varPct: 1.35, rApprox: 100 },
} as const;

export const straightPaper = {
  cycles: 10,
  pulseNs: 50,
  tmr: 0.16,
  raOhmUm2: 380,
  spanOhm: 150,
  rampMaxV: 5.5,
  levels: [
    { rMean: 1061.0, rStd: 1.1 },
    { rMean: 1043.3, rStd: 2.6 },
    { rMean: 989.0, rStd: 2.1 },
    { rMean: 929.5, rStd: 0.8 },
    { rMean: 913.1, rStd: 0.4 },
  ],
} as const;

/** Paper 002, Table VIII: DW position -> MTJ resistance -> conductance -> signed weight with a G_parallel column. */
export const quantized5Paper = {
  trackNm: { length: 520, width: 60, thickness: 1 },
  pitchNm: 80,
  firstNotchNm: 60,
  pulse: { ns: 0.5, currentDensity: 90e10 },
  positionsNm: [60, 140, 220, 300, 380],
  rKOhm: [29.8, 12.7, 8.1, 5.9, 4.7],
  gE5: [3.3, 7.8, 12.3, 16.9, 21.2],
  signedE5: [-8.99, -4.51, -0.02, 4.6, 9.11],
} as const;

/** d2(n): expected range of n standard normals (SPC constant); var = range/2/avg -> sd = 2 var avg / d2. */
export const D2: Record<number, number> = { 10: 3.078, 13: 3.336 };
