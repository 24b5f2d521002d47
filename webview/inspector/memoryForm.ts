import type { FieldIssue, MemoryParams, TraceSource } from '../../src/common/protocol/inspectorProtocol';
import { DTYPES } from '../../src/common/sim/units';
import { button } from '../shared/components';
import { numberField, select, type NumberField } from '../shared/fields';
import { el } from './dom';

const SOURCES: { value: TraceSource; label: string }[] = [
  { value: 'live', label: 'Live (decision log)' },
  { value: 'paperFive', label: "Sample: CoE paper's five experts" },
  { value: 'paper150', label: 'Sample: 150 × Llama-2-7B (SN40L paper)' },
  { value: 'file', label: 'Trace file' },
];

type NumericPath = 'batchSize' | 'outputTokens' | 'kvCacheGiB' | 'unknownExpertParams' | `sn40l.${keyof MemoryParams['sn40l']}` | 'h100CopyGBps' | 'a100CopyGBps';

const FIELDS: [NumericPath, string, string?][] = [
  ['batchSize', 'Batch size'],
  ['outputTokens', 'Output tokens', 'per request'],
  ['kvCacheGiB', 'KV cache', 'GiB'],
  ['unknownExpertParams', 'Unknown expert size', 'params'],
  ['sn40l.sockets', 'SN40L sockets'],
  ['sn40l.tensorParallel', 'Tensor parallel'],
  ['sn40l.sramMiB', 'SRAM / socket', 'MiB'],
  ['sn40l.hbmGiB', 'HBM / socket', 'GiB'],
  ['sn40l.hbmTBps', 'HBM bandwidth / socket', 'TB/s'],
  ['sn40l.ddrTiB', 'DDR / socket', 'TiB'],
  ['sn40l.ddrGBps', 'DDR bandwidth / socket', 'GB/s'],
  ['sn40l.copyTBps', 'DDR→HBM copy / node', 'TB/s'],
  ['h100CopyGBps', 'DGX H100 host→GPU', 'GB/s'],
  ['a100CopyGBps', 'DGX A100 host→GPU', 'GB/s'],
];

function read(params: MemoryParams, path: NumericPath): number {
  if (path.startsWith('sn40l.')) return params.sn40l[path.slice(6) as keyof MemoryParams['sn40l']];
  return params[path as Exclude<NumericPath, `sn40l.${string}`>];
}

/** The simulator's parameters; the host validates them and the errors come back to each field. */
export class MemoryForm {
  readonly element = el('details', 'memory-form');
  private readonly fields = new Map<string, NumberField>();
  private readonly formError = el('p', 'field-error');
  private source: TraceSource = 'live';
  private dtype = 'bf16';

  constructor(
    params: MemoryParams,
    private readonly submit: (params: MemoryParams) => void,
    loadTrace: () => void,
  ) {
    this.source = params.traceSource;
    this.dtype = params.dtype;
    const summary = el('summary', undefined, 'Parameters');
    const top = el('div', 'field-grid');
    const sourceField = el('label', 'field');
    sourceField.append(el('span', 'field-label', 'Trace'), select(SOURCES, this.source, (v) => {
      this.source = v as TraceSource;
      this.apply();
    }, 'trace-source'));
    const dtypeField = el('label', 'field');
    dtypeField.append(el('span', 'field-label', 'Weights'), select(DTYPES.map((d) => ({ value: d, label: d })), this.dtype, (v) => {
      this.dtype = v;
      this.apply();
    }, 'dtype'));
    top.append(sourceField, dtypeField);
    const grid = el('div', 'field-grid');
    for (const [path, label, unit] of FIELDS) {
      const field = numberField({ label, unit, name: path, value: read(params, path) });
      field.input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') this.apply();
      });
      this.fields.set(path, field);
      grid.append(field.element);
    }
    const buttons = el('div', 'actions-row');
    buttons.append(button('Apply', () => this.apply(), { appearance: 'primary', action: 'apply-memory' }), button('Load trace file…', loadTrace, { action: 'load-trace' }));
    this.element.append(summary, top, grid, buttons, this.formError);
  }

  /** Collects the raw values (NaN stays NaN → null in JSON, which the host rejects with a message). */
  private apply(): void {
    const value = (path: NumericPath): number => this.fields.get(path)?.read() ?? Number.NaN;
    const sn40l = Object.fromEntries(FIELDS.filter(([p]) => p.startsWith('sn40l.')).map(([p]) => [p.slice(6), value(p)])) as MemoryParams['sn40l'];
    this.showIssues([]);
    this.submit({
      traceSource: this.source,
      dtype: this.dtype as MemoryParams['dtype'],
      batchSize: value('batchSize'),
      outputTokens: value('outputTokens'),
      kvCacheGiB: value('kvCacheGiB'),
      unknownExpertParams: value('unknownExpertParams'),
      sn40l,
      h100CopyGBps: value('h100CopyGBps'),
      a100CopyGBps: value('a100CopyGBps'),
    });
  }

  showIssues(issues: readonly FieldIssue[]): void {
    for (const field of this.fields.values()) field.setError(null);
    const unplaced: string[] = [];
    for (const issue of issues) {
      const field = this.fields.get(issue.path) ?? this.fields.get(issue.path.replace(/\.socket\.\w+$/, ''));
      if (field) field.setError(issue.message);
      else unplaced.push(`${issue.path}: ${issue.message}`);
    }
    this.formError.textContent = unplaced.join('; ');
    if (issues.length > 0) (this.element as HTMLDetailsElement).open = true;
  }
}
