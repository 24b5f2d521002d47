import type { FieldIssue, InspectorToHost, MemoryViewState, PlatformRun } from '../../src/common/protocol/inspectorProtocol';
import { formatMs } from '../../src/common/sim/units';
import { button } from '../shared/components';
import { clear, el, ratio, stat } from './dom';
import { MemoryForm } from './memoryForm';
import { tierBar, timeline } from './memoryCharts';

export interface MemorySaved {
  cursor: number;
  requestsPerSecond: number;
}

/** Three tiers per platform, the request timeline, and an animated replay of the trace. */
export class MemoryApp {
  private state: MemoryViewState | undefined;
  private form: MemoryForm | undefined;
  private readonly header = el('div', 'memory-header');
  private readonly controls = el('div', 'replay');
  private readonly platforms = el('div', 'platforms');
  private playing = false;
  private frame = 0;
  private lastTime = 0;
  private position = 0;

  constructor(
    root: HTMLElement,
    private readonly post: (message: InspectorToHost) => void,
    private readonly saved: MemorySaved,
    private readonly save: () => void,
  ) {
    this.position = saved.cursor;
    root.append(this.header, this.controls, this.platforms);
  }

  show(state: MemoryViewState): void {
    const previous = this.state;
    const length = this.length(state);
    const sameTrace = previous !== undefined && previous.params.traceSource === state.params.traceSource && previous.traceLabel === state.traceLabel;
    const wasAtEnd = sameTrace && Math.floor(this.position) >= this.length(previous);
    this.state = state;
    if (!this.form || !sameTrace) {
      this.form = new MemoryForm(state.params, (params) => this.post({ type: 'setMemoryParams', params }), () => this.post({ type: 'loadTraceFile' }));
    }
    if (!sameTrace && previous !== undefined) {
      // Another trace: show where it ends up; "Replay" animates it from the start.
      this.pause();
      this.position = length;
    } else if (wasAtEnd && length > this.length(previous)) {
      // Following the live trace: new requests play in from where the replay stood.
      this.play();
    }
    this.position = Math.min(this.position, length);
    if (previous === undefined && this.position === 0) this.position = length;
    this.renderStatic();
    this.renderFrame();
  }

  showIssues(issues: readonly FieldIssue[]): void {
    this.form?.showIssues(issues);
  }

  private length(state: MemoryViewState): number {
    return Math.max(0, ...state.runs.map((r) => r.steps.length));
  }

  private renderStatic(): void {
    const state = this.state;
    if (!state || !this.form) return;
    clear(this.header);
    const dropped = state.droppedRequests > 0 ? ` (newest ${state.traceLength - state.droppedRequests} replayed)` : '';
    this.header.append(el('p', 'trace-label', `${state.traceLabel}: ${state.traceLength} request(s)${dropped}`), this.form.element);
    for (const note of state.notes) this.header.append(el('p', 'muted', note));
    const legend = el('div', 'legend muted');
    legend.append(
      el('span', 'key key-switch', 'switch (copy into HBM)'),
      el('span', 'key key-run', 'run (decode)'),
      el('span', 'key key-region', 'HBM expert region'),
      el('span', 'muted', 'Timelines share one time scale; the lower strip marks hits and misses.'),
    );
    this.header.append(legend);
    clear(this.controls);
    const slider = document.createElement('input');
    slider.type = 'range';
    slider.name = 'replay-position';
    slider.min = '0';
    slider.max = String(this.length(state));
    slider.value = String(Math.floor(this.position));
    slider.setAttribute('aria-label', 'Replay position');
    slider.addEventListener('input', () => {
      this.pause();
      this.position = Number(slider.value);
      this.renderFrame();
    });
    this.controls.append(
      button(this.playing ? 'Pause' : 'Replay', () => (this.playing ? this.pause() : this.play(true)), { action: 'replay' }),
      slider,
      el('span', 'replay-count muted', `request ${Math.floor(this.position)} of ${this.length(state)}`),
    );
  }

  private play(fromStart = false): void {
    if (!this.state) return;
    if (fromStart && Math.floor(this.position) >= this.length(this.state)) this.position = 0;
    if (this.playing) return;
    this.playing = true;
    this.lastTime = performance.now();
    this.frame = requestAnimationFrame((t) => this.tick(t));
    this.renderStatic();
    this.renderFrame();
  }

  private pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.renderStatic();
  }

  private tick(now: number): void {
    if (!this.playing || !this.state) return;
    const before = Math.floor(this.position);
    this.position = Math.min(this.length(this.state), this.position + ((now - this.lastTime) / 1000) * this.saved.requestsPerSecond);
    this.lastTime = now;
    if (Math.floor(this.position) !== before) this.renderFrame();
    if (this.position >= this.length(this.state)) this.pause();
    else this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  private renderFrame(): void {
    const state = this.state;
    if (!state) return;
    const upTo = Math.floor(this.position);
    this.saved.cursor = upTo;
    this.save();
    const slider = this.controls.querySelector('input[type=range]') as HTMLInputElement | null;
    if (slider) slider.value = String(upTo);
    const count = this.controls.querySelector('.replay-count');
    if (count) count.textContent = `request ${upTo} of ${this.length(state)}`;
    const ids = state.experts.map((e) => e.id);
    const bytes = new Map(state.experts.map((e) => [e.id, e.bytes]));
    const colour = (id: string): number => ids.indexOf(id);
    const maxMs = Math.max(0, ...state.runs.map((r) => r.steps[upTo - 1]?.endMs ?? 0));
    const reference = state.runs.find((r) => r.platform === 'sn40l');
    clear(this.platforms);
    for (const run of state.runs) this.platforms.append(platformCard(run, upTo, maxMs, bytes, colour, reference));
  }

  dispose(): void {
    this.pause();
  }
}

function switchSoFar(run: PlatformRun, upTo: number): number {
  return run.steps.slice(0, upTo).reduce((sum, s) => sum + s.switchMs, 0);
}

function platformCard(run: PlatformRun, upTo: number, maxMs: number, bytes: ReadonlyMap<string, number>, colour: (id: string) => number, reference: PlatformRun | undefined): HTMLElement {
  const card = el('section', `platform platform-${run.platform}`);
  card.append(el('h3', undefined, run.displayName));
  const facts = el('div', 'stats');
  facts.append(stat('switch / expert', formatMs(run.switchMsPerExpert)), stat('fit in HBM', String(run.expertsResidentInHbm)), stat('max in node', String(run.maxExpertsInNode)));
  card.append(facts);
  const step = run.steps[upTo - 1];
  for (const tier of run.tiers) card.append(tierBar(tier, run, step, bytes, colour));
  if (run.status !== 'ok') {
    card.append(el('p', 'error', run.message ?? run.status));
    return card;
  }
  card.append(timeline(run, upTo, maxMs));
  const done = run.steps.slice(0, upTo);
  const hits = done.filter((s) => s.hit).length;
  const switchMs = switchSoFar(run, upTo);
  const totals = el('div', 'stats');
  totals.append(stat('hits', String(hits)), stat('switches', String(done.length - hits)), stat('switch time', formatMs(switchMs)), stat('elapsed', formatMs(step?.endMs ?? 0)));
  if (reference && reference !== run && reference.status === 'ok') {
    const ours = switchSoFar(reference, upTo);
    if (ours > 0 && switchMs > 0) totals.append(stat('SN40L switches', `${ratio(switchMs / ours)} faster`));
  }
  card.append(totals);
  return card;
}
