// `dwtwin bench train --task stream-bnn|cnn`: one epoch of the device-aware network and one of the same network
// ideal, through the same code on the same images; times and their ratio (issue target: device <= 3x ideal).
// stream-bnn: the trapezoid's metaplastic 4-level synapses vs plain hidden weights (linear, continuous);
// cnn: quantized-5 synapses read through 8-bit ADCs with 4-bit bit-serial inputs vs continuous weights read exactly.
import { trainCnnSeed } from '../../../tasks/cnn/train.ts';
import { trainStreamSeed } from '../../../tasks/stream-bnn/train.ts';
import { cnnConfigFromArgs } from '../train-cnn.ts';
import { streamBnnConfigFromArgs } from '../train-stream-bnn.ts';

export async function benchBnnOrCnn(task: 'stream-bnn' | 'cnn', limit: number): Promise<void> {
  const time = async (run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    return (performance.now() - t0) / 1000;
  };
  let device: number;
  let ideal: number;
  let what: string;
  if (task === 'stream-bnn') {
    // One subset of `limit` images for one epoch, the paper's network; 100 test images (the evaluation is shared).
    const common = { subsets: 1, 'subset-size': limit, epochs: 1, 'test-limit': 100 };
    const dev = streamBnnConfigFromArgs({ ...common, synapse: 'trapezoid', levels: 4 });
    const id = streamBnnConfigFromArgs({ ...common, synapse: 'linear', levels: 0 });
    await trainStreamSeed({ ...dev, subsetSize: 200 }, 1); // warm up (JIT, tfjs)
    ideal = await time(() => trainStreamSeed(id, 1));
    device = await time(() => trainStreamSeed(dev, 1));
    what = `one epoch of ${limit} Fashion-MNIST images, binarized 784-${dev.hidden}-${dev.hidden}-10, batch ${dev.batch}`;
    process.stdout.write(`${what}:\n  ideal (plain hidden weights, continuous): ${ideal.toFixed(2)} s\n  trapezoid metaplastic, 4 levels:          ${device.toFixed(2)} s\n`);
  } else {
    const common = { limit, 'test-limit': 100, epochs: 1 };
    const dev = cnnConfigFromArgs({ ...common });
    const id = cnnConfigFromArgs({ ...common, synapse: 'ideal', 'adc-bits': 0, 'input-bits': 0 });
    await trainCnnSeed({ ...dev, limit: 100 }, 1);
    ideal = await time(() => trainCnnSeed(id, 1));
    device = await time(() => trainCnnSeed(dev, 1));
    what = `one epoch of ${limit} Fashion-MNIST images (${dev.side} x ${dev.side}), CNN conv ${dev.channels.join('-')} + fc ${dev.fc}-10, batch ${dev.batch}`;
    process.stdout.write(`${what}:\n  ideal (continuous weights, exact reads, analog inputs): ${ideal.toFixed(2)} s\n  quantized-5, 8-bit ADC per 8 columns, 4-bit inputs:    ${device.toFixed(2)} s\n`);
  }
  process.stdout.write(`  ratio device/ideal: ${(device / ideal).toFixed(2)} (target <= 3)\n`);
}
