import type { CalibrationViewState } from '../../src/common/calibration/calibrationView';
import { formatParams } from '../../src/common/sim/units';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 480;
const HEIGHT = 220;
const PAD = { left: 44, right: 12, top: 10, bottom: 30 };

function node<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, className?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, typeof value === 'number' ? value.toFixed(2) : value);
  if (className) element.setAttribute('class', className);
  return element;
}

function titled<T extends SVGElement>(element: T, text: string): T {
  const title = document.createElementNS(NS, 'title');
  title.textContent = text;
  element.append(title);
  return element;
}

/**
 * Quality against average active parameters: the Pareto frontier as a step line of selectable
 * points (click or Enter), and the configured table as a separate marker.
 */
export function frontierChart(state: CalibrationViewState, selected: number | null, onSelect: (index: number) => void): SVGSVGElement {
  const root = node('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'group' }, 'frontier');
  root.setAttribute('aria-label', 'Pareto frontier: expected score against average active parameters');
  const points = state.frontier;
  const all = [...points, ...(state.current ? [state.current] : [])];
  if (all.length === 0) return root;
  const xs = all.map((p) => p.avgActiveParams);
  const ys = all.map((p) => p.expectedScore);
  const [x0, x1] = widen(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = widen(Math.min(...ys), Math.max(...ys));
  const sx = (v: number) => PAD.left + ((v - x0) / (x1 - x0)) * (WIDTH - PAD.left - PAD.right);
  const sy = (v: number) => HEIGHT - PAD.bottom - ((v - y0) / (y1 - y0)) * (HEIGHT - PAD.top - PAD.bottom);
  root.append(
    node('line', { x1: PAD.left, y1: HEIGHT - PAD.bottom, x2: WIDTH - PAD.right, y2: HEIGHT - PAD.bottom }, 'axis'),
    node('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: HEIGHT - PAD.bottom }, 'axis'),
  );
  // Ticks name the data's own extremes, not the padded axis ends.
  for (const [value, anchor] of [[Math.min(...xs), 'start'], [Math.max(...xs), 'end']] as const) {
    const label = node('text', { x: sx(value), y: HEIGHT - PAD.bottom + 14, 'text-anchor': anchor }, 'tick');
    label.textContent = formatParams(value);
    root.append(label);
  }
  for (const value of [Math.min(...ys), Math.max(...ys)]) {
    const label = node('text', { x: PAD.left - 4, y: sy(value) + 4, 'text-anchor': 'end' }, 'tick');
    label.textContent = value.toFixed(state.mode === 'single' ? 1 : 2);
    root.append(label);
  }
  const caption = node('text', { x: (WIDTH + PAD.left) / 2, y: HEIGHT - 4, 'text-anchor': 'middle' }, 'tick');
  caption.textContent = 'average active parameters per request';
  root.append(caption);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'H'}${sx(p.avgActiveParams).toFixed(1)}${i === 0 ? ` ${sy(p.expectedScore).toFixed(1)}` : ` V${sy(p.expectedScore).toFixed(1)}`}`).join(' ');
  if (points.length > 1) root.append(node('path', { d: path }, 'frontier-line'));
  const digits = state.mode === 'single' ? 2 : 3;
  points.forEach((p, index) => {
    const dot = titled(
      node('circle', { cx: sx(p.avgActiveParams), cy: sy(p.expectedScore), r: index === selected ? 7 : 5, tabindex: 0, role: 'button' }, index === selected ? 'point selected' : 'point'),
      `score ${p.expectedScore.toFixed(digits)} at ${formatParams(p.avgActiveParams)} average active parameters`,
    );
    dot.setAttribute('aria-pressed', String(index === selected));
    dot.addEventListener('click', () => onSelect(index));
    dot.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onSelect(index);
      }
    });
    root.append(dot);
  });
  if (state.current) {
    const { avgActiveParams: x, expectedScore: y } = state.current;
    const size = 6;
    root.append(titled(
      node('path', { d: `M${sx(x) - size} ${sy(y)} L${sx(x)} ${sy(y) - size} L${sx(x) + size} ${sy(y)} L${sx(x)} ${sy(y) + size} Z` }, 'current'),
      `configured table: score ${y.toFixed(digits)} at ${formatParams(x)}${state.current.onFrontier ? ' (on the frontier)' : ' (not optimal)'}`,
    ));
  }
  return root;
}

/** A range with some room around it, never empty (one point or equal values still get an axis). */
function widen(low: number, high: number): [number, number] {
  const span = high - low || Math.abs(high) * 0.1 || 1;
  return [low - span * 0.08, high + span * 0.08];
}
