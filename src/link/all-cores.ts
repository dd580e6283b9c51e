// Every design the CLI can name (`rtl`, `sim`, `cosim`, `synth`, `bench sim`): the cores of src/cores plus the serial
// link's top, which sits above them (it attaches a core), so the list is composed here rather than in src/cores.
import { coreRegistry, cores } from '../cores/registry.ts';
import { linkRegistryEntry } from './registry-entry.ts';

export const { coreNames, findCore, elaborateCore } = coreRegistry([...cores, linkRegistryEntry]);
