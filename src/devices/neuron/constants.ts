// Physical constants (SI, CODATA 2018) used by the neuron model. src/devices/physics-constants.ts (the synapse
// engineer's) did not exist when this was written; once it does, this file should become a re-export of it so the
// project keeps one source of truth.
export const MU_B = 9.2740100783e-24; // Bohr magneton, J/T
export const E_CHARGE = 1.602176634e-19; // elementary charge, C
export const MU_0 = 1.25663706212e-6; // vacuum permeability, T m/A
export const GAMMA = 1.76085963023e11; // electron gyromagnetic ratio, rad/(s T)
