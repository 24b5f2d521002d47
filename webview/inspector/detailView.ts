import type { DecisionDetail, InspectorToHost, PromptSegment } from '../../src/common/protocol/inspectorProtocol';
import { routingConfidence } from '../../src/common/routing/routingConfidence';
import { formatParams } from '../../src/common/sim/units';
import { button } from '../shared/components';
import { select } from '../shared/fields';
import { el, percent, ratio, section, stat } from './dom';
import { meter } from './svg';

/** One decision explained: why it went where it went, what it cost, and how to correct it. */
export function renderDetail(detail: DecisionDetail, post: (message: InspectorToHost) => void): HTMLElement {
  const root = el('div', 'detail-body');
  const { row, thresholds } = detail;
  const title = el('h2', undefined);
  title.append(el('span', 'expert', row.expert), document.createTextNode(` ← ${row.category ?? 'no category'}`));
  root.append(title);
  if (row.fallbackReason) root.append(el('p', 'fallback-reason', `Fallback: ${row.fallbackReason}${detail.fallbackDetail ? ` — ${detail.fallbackDetail}` : ''}`));
  // The fallback's detail is already shown above; repeat only what a later step (a failover) adds.
  const stepText = (s: DecisionDetail['steps'][number]): string => `${s.kind} → ${s.expert}${s.detail && s.detail !== detail.fallbackDetail ? ` (${s.detail})` : ''}`;
  root.append(el('p', 'steps', detail.steps.map(stepText).join('  ·  ')));

  // The gauges show what the fallback tests (the router's expert's summed probability, entropy over experts) against
  // the thresholds it was tested with; the top category is secondary detail.
  const c = routingConfidence(row);
  const entropy = c.entropy ?? row.entropy;
  const lowConfidence = c.confidence < thresholds.minConfidence;
  const highEntropy = entropy > thresholds.maxEntropy;
  const from = detail.thresholdsSource === 'config' ? ' (current setting)' : '';
  const gauges = el('div', 'gauges');
  gauges.append(
    gauge(c.expertLevel ? `Confidence${c.expert ? ` in ${c.expert}` : ''}` : 'Confidence', c.confidence, thresholds.minConfidence, lowConfidence, `≥ ${thresholds.minConfidence} needed${from}`, 'confidence'),
    gauge(c.expertLevel ? 'Entropy over experts' : 'Entropy', entropy, thresholds.maxEntropy, highEntropy, `≤ ${thresholds.maxEntropy} allowed${from}`, 'entropy'),
  );
  const secondary = el('p', 'muted certainty-detail');
  secondary.textContent = !row.category
    ? 'The router did not classify this request.'
    : c.expertLevel
      ? `Top category ${row.category} ${row.confidence.toFixed(2)} · entropy over categories ${row.entropy.toFixed(2)}`
      : `Top category ${row.category}: recorded before expert-level confidence, so these are the top category's figures.`;
  gauges.append(secondary);
  root.append(section('Certainty', gauges));

  const bars = el('div', 'probabilities');
  for (const p of detail.probabilities) {
    const line = el('div', `prob${p.category === row.category ? ' top' : ''}`);
    line.append(el('span', 'prob-label', p.category), meter(p.probability, null, p.category === row.category ? 'fill-top' : 'fill', `${p.category} ${percent(p.probability)}`), el('span', 'prob-value', percent(p.probability)));
    bars.append(line);
  }
  if (detail.probabilities.length === 0) bars.append(el('p', 'muted', 'The router did not run for this request.'));
  root.append(section('Category probabilities', bars));

  const table = el('p', 'table-row');
  if (detail.tableRow) {
    table.append(el('code', undefined, detail.tableRow.key), document.createTextNode(' → '));
    detail.tableRow.experts.forEach((expert, i) => {
      if (i > 0) table.append(document.createTextNode(', '));
      table.append(el(expert === row.expert ? 'strong' : 'span', undefined, expert));
    });
  } else table.append(el('span', 'muted', 'No table row fired (the generalist answered).'));
  root.append(section('Table row that fired', table));

  root.append(section('What drove the decision', promptView(detail)));

  const p = detail.params;
  const cost = el('div', 'stats');
  cost.append(stat('router', formatParams(p.router)), stat('expert', formatParams(p.expert)), stat('total', formatParams(p.total)), stat('baseline', formatParams(p.baseline)), stat('saving', p.total > 0 ? ratio(p.baseline / p.total) : '—'));
  root.append(section('Active parameters', cost));
  root.append(section('Act on it', actions(detail, post)));
  return root;
}

function gauge(label: string, value: number, threshold: number, bad: boolean, hint: string, kind: string): HTMLElement {
  const element = el('div', `gauge${bad ? ' bad' : ''}`);
  element.dataset.gauge = kind;
  element.append(el('span', 'gauge-label', `${label} ${value.toFixed(2)}`), meter(value, threshold, bad ? 'fill-bad' : 'fill', `${label} ${value.toFixed(2)}, ${hint}`), el('span', 'muted', hint));
  return element;
}

function promptView(detail: DecisionDetail): HTMLElement {
  if (detail.prompt) return highlighted(detail.prompt, detail.maxAbsWeight);
  const box = el('div');
  box.append(el('p', 'muted', 'The prompt text is not available (not kept after a reload, or not allowed).'));
  if (detail.topTokens.length > 0) {
    const list = el('div', 'chips');
    for (const t of detail.topTokens) list.append(token(t.token, t.weight, detail.maxAbsWeight));
    box.append(list);
  }
  return box;
}

/** Prompt text is untrusted: it only ever becomes text nodes; the weight only sets a background. */
function highlighted(segments: readonly PromptSegment[], maxAbs: number): HTMLElement {
  const box = el('div', 'prompt-text');
  for (const s of segments) box.append(s.weight === null ? document.createTextNode(s.text) : token(s.text, s.weight, maxAbs));
  return box;
}

function token(text: string, weight: number, maxAbs: number): HTMLElement {
  const span = el('span', `tok ${weight >= 0 ? 'pos' : 'neg'}`, text);
  const strength = maxAbs > 0 ? Math.min(1, Math.abs(weight) / maxAbs) : 0;
  span.style.setProperty('--strength', `${Math.round(strength * 70)}%`);
  span.title = `${weight >= 0 ? '+' : ''}${weight.toFixed(3)} toward the chosen category`;
  return span;
}

function actions(detail: DecisionDetail, post: (message: InspectorToHost) => void): HTMLElement {
  const box = el('div', 'actions');
  const id = detail.row.id;
  if (detail.rerouteTargets.length > 0) {
    let expert = detail.rerouteTargets[0];
    const pick = select(detail.rerouteTargets.map((e) => ({ value: e, label: e })), expert, (v) => (expert = v), 'reroute-expert');
    const line = el('div', 'action');
    line.append(el('span', undefined, 'Re-route to'), pick, button('Re-route', () => post({ type: 'reroute', id, expert }), { action: 'reroute' }));
    box.append(line);
  }
  if (detail.correctionTargets.length > 0) {
    let category = detail.correctionTargets[0];
    const pick = select(detail.correctionTargets.map((c) => ({ value: c, label: c })), category, (v) => (category = v), 'correct-category');
    const line = el('div', 'action');
    line.append(el('span', undefined, 'This was wrong → it should be'), pick, button('Save correction', () => post({ type: 'correct', id, category }), { action: 'correct' }));
    box.append(line);
  }
  return box;
}
