// TensorFlow.js for the digital parts of the networks: tfjs-node where it is installed (an optional dependency
// that cannot install on every machine), otherwise @tensorflow/tfjs with the wasm backend (same API; works in Node
// without setWasmPaths). One backend per thread. The wasm backend's own uncaughtException / unhandledRejection
// listeners are removed once it is ready (src/base/process-handlers.ts): dwtwin's error boundary decides.
import { withoutForeignHandlers } from '../base/process-handlers.ts';

export type Tf = typeof import('@tensorflow/tfjs');

let loaded: Promise<{ tf: Tf; backend: string }> | undefined;

export function loadTf(): Promise<{ tf: Tf; backend: string }> {
  loaded ??= withoutForeignHandlers(async () => {
    try {
      const mod = '@tensorflow/tfjs-node';
      const tf = (await import(mod)) as Tf;
      return { tf, backend: 'tensorflow (tfjs-node)' };
    } catch {
      const tf = await import('@tensorflow/tfjs');
      await import('@tensorflow/tfjs-backend-wasm');
      await tf.setBackend('wasm');
      await tf.ready();
      return { tf, backend: `${tf.getBackend()} (@tensorflow/tfjs)` };
    }
  });
  return loaded;
}
