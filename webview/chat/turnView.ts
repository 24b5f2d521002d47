import { formatParams, type ExpertOption, type RoutingBadge, type TurnView } from '../../src/common/protocol/chatProtocol';
import { describeConfidence, routingConfidence } from '../../src/common/routing/routingConfidence';
import { button, dropdown, el, spinner, tag } from '../shared/components';
import type { MarkdownRenderer } from '../shared/markdown';
import { AnswerRenderer, type CodeBlockHandler } from './answerRenderer';

export interface TurnActions {
  stop(turnId: string): void;
  retry(turnId: string): void;
  reroute(turnId: string, expert: string): void;
  codeBlock: CodeBlockHandler;
  afterRender(): void;
}

const FALLBACK_LABELS: Record<string, string> = {
  lowConfidence: 'low confidence → generalist',
  emptyPrompt: 'empty prompt → generalist',
  classifierError: 'router unavailable → generalist',
  classifierTimeout: 'router timed out → generalist',
  userOverride: 'chosen by you',
  expertUnavailable: 'failed over',
};

function badgeElement(badge: RoutingBadge): HTMLElement {
  const root = el('div', 'routing-badge');
  root.dataset.expert = badge.expert;
  if (badge.fallbackReason) root.dataset.fallback = badge.fallbackReason;
  // The confidence shown is what the fallback tests (the router's expert's summed probability); the top category's
  // probability is the secondary detail, in the tooltip.
  const c = routingConfidence(badge);
  const confidence = el('span', 'badge-confidence', badge.category ? `${Math.round(c.confidence * 100)}%` : '–');
  if (badge.category) confidence.title = `Confidence: ${describeConfidence(badge)}`;
  root.append(
    tag(badge.category ?? 'no category', badge.domain ? `domain: ${badge.domain}` : undefined),
    el('span', 'badge-expert', `→ ${badge.expertName}`),
    confidence,
    el('span', 'badge-params', `${formatParams(badge.activeParams)} active (vs ${formatParams(badge.baselineParams)})`),
  );
  if (badge.fallbackReason) {
    const reason = el('span', 'badge-fallback', FALLBACK_LABELS[badge.fallbackReason] ?? badge.fallbackReason);
    if (badge.fallbackDetail) reason.title = badge.fallbackDetail;
    root.append(reason);
  }
  if (badge.failedOver.length > 0) root.append(el('span', 'badge-failover', `tried: ${badge.failedOver.join(', ')}`));
  return root;
}

/** One prompt/answer pair with its badge, controls and streaming answer. */
export class TurnElement {
  readonly element = el('section', 'turn');
  private readonly prompt = el('div', 'prompt');
  private readonly chips = el('div', 'chips');
  private readonly badgeSlot = el('div', 'badge-slot');
  private readonly answerElement = el('div', 'answer');
  private readonly footer = el('div', 'turn-footer');
  private readonly renderer: AnswerRenderer;

  constructor(
    private turn: TurnView,
    markdown: MarkdownRenderer,
    private readonly experts: ExpertOption[],
    private readonly actions: TurnActions,
  ) {
    this.element.dataset.turnId = turn.id;
    this.renderer = new AnswerRenderer(this.answerElement, markdown, actions.codeBlock, actions.afterRender);
    this.element.append(this.prompt, this.chips, this.badgeSlot, this.answerElement, this.footer);
    this.update(turn);
  }

  get id(): string {
    return this.turn.id;
  }

  /** Full refresh from a record (snapshot, start of a retry, end of a turn). */
  update(turn: TurnView): void {
    this.turn = turn;
    this.prompt.textContent = turn.prompt;
    this.chips.replaceChildren(...turn.attachments.map((a) => tag(`${a.label} · ~${a.tokens} tok`)));
    this.setBadge(turn.badge, turn.notes ?? []);
    this.renderer.setText(turn.answer, turn.status === 'streaming');
    this.setStatus();
  }

  setBadge(badge: RoutingBadge | undefined, notes: string[]): void {
    this.turn = { ...this.turn, badge, notes };
    this.badgeSlot.replaceChildren(...(badge ? [badgeElement(badge)] : []), ...notes.map((n) => el('div', 'note', n)));
  }

  appendTokens(offset: number, text: string): void {
    this.turn = { ...this.turn, answer: this.turn.answer.slice(0, offset) + text };
    this.renderer.insertAt(offset, text);
  }

  finish(turn: Pick<TurnView, 'status' | 'answer' | 'error'>): void {
    this.turn = { ...this.turn, ...turn };
    this.renderer.finish(turn.answer);
    this.setStatus();
  }

  private setStatus(): void {
    const { status, error, id } = this.turn;
    this.element.dataset.status = status;
    const parts: HTMLElement[] = [];
    if (status === 'streaming') {
      parts.push(spinner(), button('Stop', () => this.actions.stop(id), { action: 'stop', title: 'Stop this answer' }));
    } else {
      if (status === 'error') parts.push(el('div', 'error', error ?? 'the request failed'));
      if (status === 'cancelled') parts.push(el('span', 'cancelled', error ?? 'stopped'));
      parts.push(
        button('Retry', () => this.actions.retry(id), { action: 'retry', title: 'Ask again' }),
        dropdown(this.experts.map((e) => ({ value: e.id, label: e.name })), (expert) => this.actions.reroute(id, expert), 'Re-route to…', 'reroute'),
      );
    }
    this.footer.replaceChildren(...parts);
  }
}
