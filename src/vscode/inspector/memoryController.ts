import * as vscode from 'vscode';
import type { ParsedInspectorMessage } from '../../common/inspector/inspectorMessages';
import { checkMemoryParams, DEFAULT_MEMORY_PARAMS } from '../../common/inspector/memoryParams';
import { buildMemoryView, liveTrace, traceOfExperts } from '../../common/inspector/memoryView';
import { paper150Trace, paperFiveTrace, type TraceInput } from '../../common/inspector/sampleTraces';
import type { MemoryParams } from '../../common/protocol/inspectorProtocol';
import { parseTrace } from '../../common/sim/trace';
import type { CoeServices } from '../core/services';
import type { InspectorViewController, PostToView } from './inspectorViewProvider';

const PARAMS_KEY = 'coe.inspector.memoryParams';

/**
 * The memory-residency view: replays the routing trace (live from the decision log, a sample from the
 * papers, or a trace file) on SN40L and on DGX H100/A100 with the same parameters.
 */
export class MemoryController implements InspectorViewController {
  readonly kind = 'memory' as const;
  readonly title = 'Memory Residency';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private fileTrace: { name: string; trace: string[] } | undefined;

  constructor(private readonly services: CoeServices) {
    const fire = (): void => this.changed.fire();
    // Only a live trace follows the decision log; a sample or file replay stays put.
    this.subscriptions = [
      services.decisions.onDidChange(() => {
        if (this.params.traceSource === 'live') fire();
      }),
      services.config.onDidChange(fire),
    ];
  }

  private get params(): MemoryParams {
    const saved = checkMemoryParams(this.services.context.workspaceState.get(PARAMS_KEY));
    return saved.ok ? saved.params : DEFAULT_MEMORY_PARAMS;
  }

  render(post: PostToView): void {
    const checked = checkMemoryParams(this.params);
    if (!checked.ok) return;
    const { params, nodes } = checked;
    const notes: string[] = [];
    const input = this.traceInput(params);
    if (input.unknown?.length) {
      notes.push(`Not in coe.experts, assumed ${params.unknownExpertParams.toExponential(2)} parameters: ${input.unknown.join(', ')}.`);
    }
    if (params.traceSource === 'live' && input.trace.length === 0) {
      notes.push('No decisions yet: send a prompt in the CoE chat, or replay a sample trace.');
    }
    post({ type: 'memoryState', state: buildMemoryView(params, nodes, input, notes) });
  }

  async handle(message: ParsedInspectorMessage, post: PostToView): Promise<void> {
    if (message.type === 'setMemoryParams') {
      const checked = checkMemoryParams(message.params);
      if (!checked.ok) {
        post({ type: 'memoryParamsRejected', issues: checked.issues });
        return;
      }
      await this.services.context.workspaceState.update(PARAMS_KEY, checked.params);
      this.render(post);
    } else if (message.type === 'loadTraceFile') {
      await this.loadTraceFile(post);
    }
  }

  private traceInput(params: MemoryParams): TraceInput {
    const { config } = this.services.config;
    switch (params.traceSource) {
      case 'paperFive': return paperFiveTrace();
      case 'paper150': return paper150Trace();
      case 'file': {
        const file = this.fileTrace ?? { name: '(no file loaded)', trace: [] };
        return traceOfExperts(file.trace, config.experts, params.unknownExpertParams, `Trace file ${file.name}`);
      }
      default: return liveTrace(this.services.decisions.all(), config.experts, params.unknownExpertParams);
    }
  }

  private async loadTraceFile(post: PostToView): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      title: 'Replay a routing trace',
      canSelectMany: false,
      filters: { 'Trace (JSONL or JSON)': ['jsonl', 'json'] },
    });
    if (!picked?.[0]) return;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(picked[0]));
    // parseTrace throws a TraceFormatError naming the bad line; the provider shows it in the view.
    this.fileTrace = { name: vscode.workspace.asRelativePath(picked[0]), trace: parseTrace(text) };
    await this.services.context.workspaceState.update(PARAMS_KEY, { ...this.params, traceSource: 'file' });
    this.render(post);
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
