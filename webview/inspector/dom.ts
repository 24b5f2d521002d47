import { el } from '../shared/components';

export { el };

/** A labelled value (`label: value`) in the muted/strong style the views share. */
export function stat(label: string, value: string, title?: string): HTMLElement {
  const element = el('span', 'stat');
  element.append(el('span', 'stat-label', label), el('span', 'stat-value', value));
  if (title) element.title = title;
  return element;
}

export function section(title: string, ...children: Node[]): HTMLElement {
  const element = el('section', 'panel');
  element.append(el('h3', undefined, title), ...children);
  return element;
}

export function clear(element: Element): void {
  element.replaceChildren();
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(value >= 0.995 || value < 0.1 ? 1 : 0)}%`;
}

export function clock(timestamp: number): string {
  const d = new Date(timestamp);
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function ratio(value: number): string {
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}×`;
}
