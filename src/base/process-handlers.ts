// Only dwtwin decides what an uncaught error prints and which exit code it gives. Some libraries install process
// handlers of their own: the tfjs wasm backend (Emscripten) adds an 'uncaughtException' listener that rethrows,
// which makes Node print the backend's whole minified source line (tens of kilobytes) and exit 7, and an
// 'unhandledRejection' listener that turns every rejection into that. withoutForeignHandlers() runs a library's
// initialisation and then removes the listeners it added.

const GUARDED = ['uncaughtException', 'unhandledRejection'] as const;

export async function withoutForeignHandlers<T>(init: () => Promise<T>): Promise<T> {
  const listeners = (ev: (typeof GUARDED)[number]) => process.listeners(ev as 'uncaughtException') as unknown[];
  const before = new Map(GUARDED.map((ev) => [ev, new Set(listeners(ev))]));
  try {
    return await init();
  } finally {
    for (const ev of GUARDED) {
      for (const l of listeners(ev)) if (!before.get(ev)!.has(l)) process.removeListener(ev, l as (...a: unknown[]) => void);
    }
  }
}
