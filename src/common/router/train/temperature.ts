import type { LinearRouterWeights } from '../../onnx/linearRouterModel';

function meanNegativeLogLikelihood(logits: readonly Float64Array[], labels: readonly number[], temperature: number, classGroups?: ArrayLike<number>): number {
  let total = 0;
  logits.forEach((row, i) => {
    let max = -Infinity;
    for (const l of row) if (l / temperature > max) max = l / temperature;
    let sum = 0;
    let gold = 0;
    for (let c = 0; c < row.length; c++) {
      const e = Math.exp(row[c] / temperature - max);
      sum += e;
      if (classGroups ? classGroups[c] === classGroups[labels[i]] : c === labels[i]) gold += e;
    }
    total -= Math.log(Math.max(gold / sum, 1e-300));
  });
  return logits.length ? total / logits.length : 0;
}

/**
 * Temperature scaling: the T that minimises validation NLL of softmax(logits / T), found by golden-section
 * search on log T in [e^-3, e^3]. One scalar, so it cannot change which category wins. With `classGroups`
 * the likelihood is that of the gold label's group (the summed probability of its classes): calibrates the
 * coarse decision (e.g. which expert) rather than the fine class.
 */
export function fitTemperature(logits: readonly Float64Array[], labels: readonly number[], classGroups?: ArrayLike<number>): number {
  let lo = -3;
  let hi = 3;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = meanNegativeLogLikelihood(logits, labels, Math.exp(a), classGroups);
  let fb = meanNegativeLogLikelihood(logits, labels, Math.exp(b), classGroups);
  for (let step = 0; step < 60; step++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = meanNegativeLogLikelihood(logits, labels, Math.exp(a), classGroups);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = meanNegativeLogLikelihood(logits, labels, Math.exp(b), classGroups);
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** Divides weights and bias by T, so the shipped graph needs no extra node and attributions stay exact. */
export function foldTemperature(model: LinearRouterWeights, temperature: number): LinearRouterWeights {
  return {
    ...model,
    weights: model.weights.map((w) => w / temperature),
    bias: model.bias.map((b) => b / temperature),
  };
}
