import type { CalibrationViewState } from '../../src/common/calibration/calibrationView';
import { formatParams } from '../../src/common/sim/units';
import { el } from '../shared/components';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 110;
const PAD = { left: 44, right: 8, top: 8, bottom: 22 };

type Sweep = NonNullable<CalibrationViewState['sweep']>;

function node<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, className?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, typeof value === 'number' ? value.toFixed(2) : value);
  if (className) element.setAttribute('class', className);
  return element;
}

function text(x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end'): SVGTextElement {
  const label = node('text', { x, y, 'text-anchor': anchor }, 'tick');
  label.textContent = content;
  return label;
}

/** One quantity against the threshold (0–1), with the configured threshold marked. */
function lineChart(sweep: Sweep, value: (p: Sweep['points'][number]) => number, label: string, format: (v: number) => string): SVGSVGElement {
  const root = node('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img' }, 'sweep');
  root.setAttribute('aria-label', `${label} against the minimum-confidence threshold`);
  const values = sweep.points.map(value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low || Math.abs(high) * 0.1 || 1;
  const sx = (t: number) => PAD.left + t * (WIDTH - PAD.left - PAD.right);
  const sy = (v: number) => HEIGHT - PAD.bottom - ((v - low) / span) * (HEIGHT - PAD.top - PAD.bottom);
  root.append(
    node('line', { x1: PAD.left, y1: HEIGHT - PAD.bottom, x2: WIDTH - PAD.right, y2: HEIGHT - PAD.bottom }, 'axis'),
    node('line', { x1: sx(sweep.configured), y1: PAD.top, x2: sx(sweep.configured), y2: HEIGHT - PAD.bottom }, 'threshold-mark'),
    node('path', { d: sweep.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.threshold).toFixed(1)} ${sy(value(p)).toFixed(1)}`).join(' ') }, 'sweep-line'),
    text(PAD.left - 4, sy(high) + 4, format(high), 'end'),
    text(PAD.left - 4, sy(low) + 4, format(low), 'end'),
    text(sx(0), HEIGHT - 8, '0', 'start'),
    text(sx(1), HEIGHT - 8, '1', 'end'),
    text((WIDTH + PAD.left) / 2, HEIGHT - 8, label, 'middle'),
  );
  for (const p of sweep.points) {
    const dot = node('circle', { cx: sx(p.threshold), cy: sy(value(p)), r: 2 }, 'sweep-dot');
    const title = document.createElementNS(NS, 'title');
    title.textContent = `threshold ${p.threshold.toFixed(2)}: ${label} ${format(value(p))}, ${(p.fallbackRate * 100).toFixed(0)}% to the generalist`;
    dot.append(title);
    root.append(dot);
  }
  return root;
}

/** Expected score and average active parameters as the minimum-confidence threshold moves. */
export function sweepCharts(sweep: Sweep, digits: number): HTMLElement {
  const box = el('div', 'sweep-charts');
  box.append(
    lineChart(sweep, (p) => p.expectedScore, 'expected score', (v) => v.toFixed(digits)),
    lineChart(sweep, (p) => p.avgActiveParams, 'avg active params', formatParams),
  );
  return box;
}
