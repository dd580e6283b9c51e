// MTJ function generators (paper 004): linear staircase synapse and sigmoid activation generator.
export * from './design.ts';
export * from './simulate.ts';
export * from './sigmoid-fit.ts';
export * from './energy.ts';
export { fgenReport, fgenPaper, linearFit } from './report.ts';
