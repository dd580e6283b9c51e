// Paper 000's learning-rate schedule: α, α/2 after epoch 3, α/3 after 5, α/4 after 8, α/5 after 10 (epochs from 1).
export function learningRate(alpha: number, epoch: number): number {
  if (epoch > 10) return alpha / 5;
  if (epoch > 8) return alpha / 4;
  if (epoch > 5) return alpha / 3;
  if (epoch > 3) return alpha / 2;
  return alpha;
}
