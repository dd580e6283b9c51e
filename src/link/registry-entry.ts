// The link top as a named core (`dwtwin rtl|sim|cosim --core link`): parameters {core, coreParams, link}; the
// identity words (core id, parameter hash) are derived from them.
import { z } from 'zod';
import type { CoreEntry } from '../cores/registry.ts';
import { DEFAULT_LINK_CORE, findAttachable, linkIdentity, type LinkConfig } from './attach.ts';
import { linkDefaults, linkParamsSchema } from './protocol.ts';
import { linkTop } from './rtl/link-top.ts';

const schema = z
  .object({ core: z.string(), coreParams: z.record(z.string(), z.unknown()), link: linkParamsSchema })
  .strict()
  .superRefine((p, ctx) => {
    const att = (() => {
      try {
        return findAttachable(p.core);
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: ['core'], message: (e as Error).message });
        return undefined;
      }
    })();
    const r = att?.schema.safeParse(p.coreParams);
    if (r && !r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: ['coreParams', ...i.path.map(String)], message: i.message });
  });

export const linkRegistryEntry: CoreEntry = {
  name: 'link',
  doc: 'the serial link top: UART, FIFOs, COBS/CRC-32 framing, command processor, attached core (default mac16cmd)',
  def: linkTop,
  defaults: { core: DEFAULT_LINK_CORE, coreParams: findAttachable(DEFAULT_LINK_CORE).defaults, link: linkDefaults },
  schema,
  derive: (p) => ({ ...p, ...linkIdentity(p as unknown as LinkConfig) }),
};
