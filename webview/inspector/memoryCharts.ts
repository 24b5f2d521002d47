import type { PlatformRun, ReplayStep, TierView } from '../../src/common/protocol/inspectorProtocol';
import { formatBytes, formatMs } from '../../src/common/sim/units';
import { el } from './dom';
import { line, rect, seriesClass, svg } from './svg';

const BAR_W = 300;
const BAR_H = 16;

/** One memory tier as a bar: what occupies it at the replay cursor, against its capacity. */
export function tierBar(tier: TierView, run: PlatformRun, step: ReplayStep | undefined, expertBytes: ReadonlyMap<string, number>, colour: (id: string) => number): HTMLElement {
  const row = el('div', `tier tier-${tier.name.replace(/\s/g, '-').toLowerCase()}`);
  const chart = svg(BAR_W, BAR_H, `${tier.name} ${formatBytes(tier.capacityBytes)}`);
  chart.append(rect(0, 0, BAR_W, BAR_H, 'track'));
  const scale = (bytes: number): number => (tier.capacityBytes > 0 ? (bytes / tier.capacityBytes) * BAR_W : 0);
  let caption = formatBytes(tier.capacityBytes);
  if (tier.name === 'HBM') {
    const pinned = tier.pinnedBytes ?? 0;
    chart.append(rect(0, 0, scale(pinned), BAR_H, 'pinned', `router + KV cache ${formatBytes(pinned)}`));
    chart.append(rect(scale(pinned), 0, scale(run.hbmExpertRegionBytes), BAR_H, 'expert-region', `expert region ${formatBytes(run.hbmExpertRegionBytes)}`));
    let x = scale(pinned);
    for (const id of step?.hbmResident ?? []) {
      const w = scale(expertBytes.get(id) ?? 0);
      chart.append(rect(x, 2, w, BAR_H - 4, `${seriesClass(colour(id))}${id === step?.expert ? ' current' : ''}`, `${id} (${formatBytes(expertBytes.get(id) ?? 0)})`));
      x += w;
    }
    caption = `${formatBytes(step?.hbmUsedBytes ?? 0)} of ${formatBytes(run.hbmExpertRegionBytes)} expert region · ${step?.hbmResident.length ?? 0} resident`;
  } else if (tier.name !== 'SRAM') {
    let x = 0;
    let used = 0;
    for (const [id, bytes] of expertBytes) {
      chart.append(rect(x, 2, scale(bytes), BAR_H - 4, seriesClass(colour(id)), `${id} (${formatBytes(bytes)})`));
      x += scale(bytes);
      used += bytes;
    }
    caption = `${formatBytes(used)} of ${formatBytes(tier.capacityBytes)} · every expert's weights`;
  } else {
    chart.append(rect(0, 0, BAR_W, BAR_H, 'sram'));
    caption = `${formatBytes(tier.capacityBytes)} on chip (working set, not an expert store)`;
  }
  row.append(el('span', 'tier-name', tier.name), chart, el('span', 'tier-caption muted', caption));
  return row;
}

/** Requests on a shared time axis: copy (switch) time, then run time; hits have no switch. */
export function timeline(run: PlatformRun, upTo: number, maxMs: number): HTMLElement {
  const height = 26;
  const chart = svg(BAR_W, height, `${run.displayName}: request timeline`);
  chart.append(rect(0, 0, BAR_W, height, 'track'));
  const scale = (ms: number): number => (maxMs > 0 ? (ms / maxMs) * BAR_W : 0);
  run.steps.slice(0, upTo).forEach((s, i) => {
    const x = scale(s.startMs);
    if (s.switchMs > 0) chart.append(rect(x, 2, scale(s.switchMs), height - 12, 'switch', `#${i + 1} ${s.expert}: miss, switch ${formatMs(s.switchMs)}`));
    chart.append(rect(x + scale(s.switchMs), 2, scale(s.runMs), height - 12, 'run', `#${i + 1} ${s.expert}: run ${formatMs(s.runMs)}`));
    chart.append(rect(x, height - 8, Math.max(1, scale(s.endMs - s.startMs)), 6, s.hit ? 'hit' : 'miss'));
  });
  const cursor = run.steps[upTo - 1];
  if (cursor) chart.append(line(scale(cursor.endMs), 0, scale(cursor.endMs), height, 'threshold'));
  const box = el('div', 'timeline');
  box.append(chart);
  return box;
}
