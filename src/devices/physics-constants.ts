// Physical constants (SI, CODATA 2018) shared by every device model. Kept in one file so the synapse, the
// neuron and the function generator cannot drift apart in a constant.

/** Elementary charge (C). */
export const E_CHARGE = 1.602176634e-19;
/** Bohr magneton (J/T). */
export const MU_B = 9.2740100783e-24;
/** Reduced Planck constant (J s). */
export const HBAR = 1.054571817e-34;
/** Vacuum permeability (T m / A). */
export const MU0 = 1.25663706212e-6;
/** Boltzmann constant (J/K). */
export const K_B = 1.380649e-23;
/** Electron gyromagnetic ratio (rad / (s T)). */
export const GAMMA_E = 1.76085963023e11;
/** Gilbert gyromagnetic ratio in field units: gamma0 = mu0 * gamma (m / (A s)). */
export const GAMMA0 = MU0 * GAMMA_E;
/** Electron g-factor (magnitude), as in v = g mu_B P j / (2 e M_sat). */
export const G_FACTOR = 2.00231930436;
