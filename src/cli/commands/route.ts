import { parseArgs } from 'node:util';
import { formatParams } from '../../common/formatParams';
import type { RoutingDecision } from '../../common/routing/decision';
import { routingConfidence } from '../../common/routing/routingConfidence';
import { openCliRouter, readPromptArgument } from '../cliRouter';
import { UsageError, type CliCommand } from '../cliTypes';

const USAGE = `Usage: coe route [--json] [--config FILE] [--model DIR] [--adapter FILE] TEXT|-

Classifies TEXT (or stdin with "-") with the local router and prints which expert would answer and why.
  --json          one JSON object: category, domain, expert, expertConfidence, expertEntropy,
                  confidenceExpert, thresholds, confidence, entropy, fallbackReason, probabilities,
                  latencyMs, activeParams, attributions, … (expertConfidence / expertEntropy are what the
                  fallback tests; confidence / entropy are the top category's probability and the
                  entropy over categories)
  --config FILE   configuration file (default: ./coe.config.json when present)
  --model DIR     router model bundle folder (default: the bundled model or routerModelPath)
  --adapter FILE  apply a router adapter (from coe teach or an export) on top of the model`;

/** The stable JSON contract of `coe route --json` (documented in the README). */
export function decisionJson(decision: RoutingDecision): Record<string, unknown> {
  return {
    category: decision.category,
    domain: decision.domain,
    expert: decision.expert,
    // The top category's probability and the entropy over categories (kept: existing key).
    confidence: decision.confidence,
    entropy: decision.entropy,
    // What the uncertainty fallback tests: the router's expert's summed probability and the entropy over experts,
    // with the expert and the thresholds they were compared against (null when the router did not answer).
    expertConfidence: decision.expertConfidence ?? null,
    expertEntropy: decision.expertEntropy ?? null,
    confidenceExpert: decision.confidenceExpert ?? null,
    thresholds: decision.thresholds ?? null,
    fallbackReason: decision.fallbackReason,
    fallbackDetail: decision.fallbackDetail,
    probabilities: decision.probabilities,
    latencyMs: decision.latencyMs,
    activeParams: decision.activeParams,
    routerParams: decision.routerParams,
    expertActiveParams: decision.expertActiveParams,
    baselineParams: decision.baselineParams,
    tableRow: decision.tableRow,
    steps: decision.steps,
    attributions: decision.attributions.map((a) => ({ token: a.token, weight: a.weight })),
    // Present only with a user adapter: its share of each attribution (base share = total − adapter).
    ...(decision.adapter
      ? { adapter: { version: decision.adapter.version ?? null, bias: decision.adapter.bias, attributions: decision.adapter.attributions.map((a) => ({ token: a.token, weight: a.weight })) } }
      : {}),
  };
}

/**
 * "code ← debugging (code); confidence in code 0.91 ≥ 0.80, entropy over experts 0.20 ≤ 0.50; top category debugging
 * 0.52; router …": the expert-level figures the fallback tests come first, the top category's probability after.
 */
export function describeDecision(d: RoutingDecision): string {
  const c = routingConfidence(d);
  const t = d.thresholds;
  // Each figure beside the threshold it was tested against, when the decision recorded them.
  const vs = (value: number, threshold: number | undefined, atLeast: boolean): string => {
    if (threshold === undefined) return value.toFixed(2);
    const op = atLeast ? (value < threshold ? '<' : '≥') : value > threshold ? '>' : '≤';
    return `${value.toFixed(2)} ${op} ${threshold}`;
  };
  const certainty = !d.category
    ? ''
    : c.expertLevel
      ? `; confidence in ${c.expert ?? 'expert'} ${vs(c.confidence, t?.minConfidence, true)}, entropy over experts ${vs(c.entropy ?? 0, t?.maxEntropy, false)}; ` +
        `top category ${d.category} ${d.confidence.toFixed(2)}`
      : `; top category ${d.category} ${d.confidence.toFixed(2)}`;
  const category = d.category ? `${d.category} (${d.domain})` : 'no category';
  const why = d.fallbackReason ? ` — fallback: ${d.fallbackReason}${d.fallbackDetail ? ` (${d.fallbackDetail})` : ''}` : '';
  return `${d.expert} ← ${category}${why}${certainty}; router ${d.latencyMs.toFixed(2)} ms; active ${formatParams(d.activeParams)} vs ${formatParams(d.baselineParams)} baseline`;
}

export const routeCommand: CliCommand = {
  name: 'route',
  summary: 'show which expert a prompt goes to, and why',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, config: { type: 'string' }, model: { type: 'string' }, adapter: { type: 'string' } },
    });
    if (positionals.length === 0) throw new UsageError('give the prompt text, or "-" to read it from stdin');
    const text = await readPromptArgument(positionals, io);
    const cli = await openCliRouter(io, { configPath: values.config, modelDir: values.model, adapterPath: values.adapter });
    try {
      const { decision } = await cli.route({ text, signal: io.signal });
      if (values.json) {
        io.stdout(`${JSON.stringify(decisionJson(decision))}\n`);
      } else {
        io.stdout(`${describeDecision(decision)}\n`);
        const top = [...decision.attributions].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 8);
        if (top.length) io.stdout(`  driven by: ${top.map((a) => `${a.token} ${a.weight >= 0 ? '+' : ''}${a.weight.toFixed(2)}`).join(', ')}\n`);
      }
      // A router failure is a fallback, not a crash, but the CLI user asked for the router: say so.
      if (decision.fallbackReason === 'classifierError' || decision.fallbackReason === 'classifierTimeout') {
        io.stderr(`coe route: the router could not classify: ${decision.fallbackDetail}\n`);
        return 1;
      }
      return 0;
    } finally {
      cli.dispose();
    }
  },
};
