/** Tiny inline-SVG charts; colours are CSS classes bound to --vscode-charts-* in inspector.css. */
const NS = 'http://www.w3.org/2000/svg';

export function svg(width: number, height: number, label: string): SVGSVGElement {
  const root = document.createElementNS(NS, 'svg');
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('preserveAspectRatio', 'none');
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', label);
  return root;
}

export function rect(x: number, y: number, width: number, height: number, className: string, title?: string): SVGRectElement {
  const element = document.createElementNS(NS, 'rect');
  element.setAttribute('x', fmt(x));
  element.setAttribute('y', fmt(y));
  element.setAttribute('width', fmt(Math.max(0, width)));
  element.setAttribute('height', fmt(Math.max(0, height)));
  element.setAttribute('class', className);
  if (title) {
    const tip = document.createElementNS(NS, 'title');
    tip.textContent = title;
    element.appendChild(tip);
  }
  return element;
}

export function line(x1: number, y1: number, x2: number, y2: number, className: string): SVGLineElement {
  const element = document.createElementNS(NS, 'line');
  element.setAttribute('x1', fmt(x1));
  element.setAttribute('y1', fmt(y1));
  element.setAttribute('x2', fmt(x2));
  element.setAttribute('y2', fmt(y2));
  element.setAttribute('class', className);
  return element;
}

/** A sparkline of `values` scaled to the box (flat when all values are equal). */
export function sparkline(values: readonly number[], width: number, height: number, label: string): SVGSVGElement {
  const root = svg(width, height, label);
  if (values.length === 0) return root;
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((v, i) => `${fmt(i * step)},${fmt(height - 2 - ((v - min) / span) * (height - 4))}`).join(' ');
  const path = document.createElementNS(NS, 'polyline');
  path.setAttribute('points', values.length > 1 ? points : `0,${height / 2} ${width},${height / 2}`);
  path.setAttribute('class', 'spark');
  root.appendChild(path);
  return root;
}

/** Horizontal bar from 0..1 with an optional threshold marker. */
export function meter(value: number, threshold: number | null, className: string, label: string): SVGSVGElement {
  const root = svg(100, 8, label);
  root.appendChild(rect(0, 0, 100, 8, 'track'));
  root.appendChild(rect(0, 0, clamp01(value) * 100, 8, className));
  if (threshold !== null) root.appendChild(line(clamp01(threshold) * 100, 0, clamp01(threshold) * 100, 8, 'threshold'));
  return root;
}

/** Palette class for the i-th series (cycles through the theme's chart colours). */
export function seriesClass(index: number): string {
  return `series-${index % 6}`;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '0';
}
