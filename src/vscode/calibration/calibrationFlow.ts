import * as vscode from 'vscode';
import { z } from 'zod';
import { CalibrationSetupError } from '../../common/calibration/calibrationPlan';
import { filterByCategories, type CalibrationItem } from '../../common/calibration/calibrationSet';
import { describeEstimate, estimateCalibration } from '../../common/calibration/estimate';
import type { JudgeMode } from '../../common/calibration/judgePrompt';
import { buildCalibrationRequest, strongestExpert } from '../../common/calibration/selection';
import { DOMAINS, type Domain } from '../../common/categories';
import type { CoeConfig } from '../../common/config/schema';
import type { CalibrationSample } from '../../common/optimize/thresholdSweep';
import { formatParams } from '../../common/sim/units';
import { CalibrationCacheFile, sha256Hex } from '../../node/calibration/calibrationCacheFile';
import { BUILTIN_SET, loadCalibrationSets } from '../../node/calibration/loadCalibrationSet';
import { runCalibration } from '../../node/calibration/runCalibration';
import { createEditorExpertClientFactory } from '../experts/editorExpertClients';
import { bindVscodeLanguageModels } from '../experts/vscodeLanguageModels';
import type { CoeServices } from '../core/services';
import type { StoredCalibration } from './calibrationRunStore';

interface Choices {
  expertIds: string[];
  judgeId: string;
  mode: JudgeMode;
  referenceId?: string;
}

/** Quick picks for experts, judge, mode and reference; undefined when the user dismisses one. */
async function pickChoices(config: CoeConfig): Promise<Choices | undefined> {
  const describe = (e: CoeConfig['experts'][number]) => `${e.model} · ${formatParams(e.activeParams ?? e.totalParams)}`;
  const picked = await vscode.window.showQuickPick(
    config.experts.map((e) => ({ label: e.id, description: describe(e), picked: true })),
    { canPickMany: true, title: 'CoE calibration (1/3): experts to calibrate', ignoreFocusOut: true },
  );
  if (!picked || picked.length === 0) return undefined;
  const strongest = strongestExpert(config.experts)?.id;
  const judge = await vscode.window.showQuickPick(
    [...config.experts]
      .sort((a, b) => Number(b.id === strongest) - Number(a.id === strongest))
      .map((e) => ({ label: e.id, description: `${describe(e)}${e.id === strongest ? ' · strongest' : ''}` })),
    { title: 'CoE calibration (2/3): judge (grades every answer; normally the strongest expert)', ignoreFocusOut: true },
  );
  if (!judge) return undefined;
  const mode = await vscode.window.showQuickPick(
    [
      { label: 'single', description: 'the judge rates each answer 1–10 (1 judge call per answer)' },
      { label: 'pairwise', description: 'win rate against a reference expert (2 judge calls per answer, both orders)' },
    ],
    { title: 'CoE calibration (3/3): grading mode', ignoreFocusOut: true },
  );
  if (!mode) return undefined;
  const choices: Choices = { expertIds: picked.map((p) => p.label), judgeId: judge.label, mode: mode.label as JudgeMode };
  if (choices.mode === 'single') return choices;
  const reference = await vscode.window.showQuickPick(
    config.experts.map((e) => ({ label: e.id, description: e.id === config.generalist ? 'generalist' : describe(e) })),
    { title: 'CoE calibration: reference expert for pairwise comparison', ignoreFocusOut: true },
  );
  return reference ? { ...choices, referenceId: reference.label } : undefined;
}

/**
 * The shipped set, optionally with the user's own JSONL (e.g. prompts exported from their chat
 * history); undefined when the user dismisses the choice.
 */
async function pickSetFiles(): Promise<string[] | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Built-in set', description: '4–5 prompts per router category, with grading notes', value: 'builtin' },
      { label: 'Built-in set and my JSONL files…', description: 'rows {"prompt","category"} or {"text","label"}', value: 'both' },
      { label: 'Only my JSONL files…', value: 'mine' },
    ],
    { title: 'CoE calibration: prompts', ignoreFocusOut: true },
  );
  if (!choice) return undefined;
  if (choice.value === 'builtin') return [BUILTIN_SET];
  const files = await vscode.window.showOpenDialog({ canSelectMany: true, filters: { 'Calibration set': ['jsonl', 'json'] }, title: 'Calibration prompts' });
  if (!files || files.length === 0) return undefined;
  return [...(choice.value === 'both' ? [BUILTIN_SET] : []), ...files.map((f) => f.fsPath)];
}

/**
 * The router's predictions on the calibration prompts (their categories are known): the data of
 * the threshold sweep. Empty when the router is unavailable; a prompt it fails on is skipped.
 */
async function routerSamples(services: CoeServices, items: readonly CalibrationItem[]): Promise<CalibrationSample[]> {
  const samples: CalibrationSample[] = [];
  for (const item of items) {
    try {
      const r = await services.router.get().classify(item.prompt);
      // Every category's probability: the sweep tests the expert-level confidence the router tests, not the top category's.
      const probabilities = Object.fromEntries(r.categories.map((c, i) => [c, r.probabilities[i]]));
      samples.push({ topCategory: r.top, confidence: r.confidence, entropy: r.entropy, probabilities, correct: r.top === item.category, trueCategory: item.category });
    } catch {
      return samples;
    }
  }
  return samples;
}

/** The router's own categories when its model loads, so calibrated rows are rows it can fire. */
async function routerInfo(services: CoeServices): Promise<{ categories?: Set<string>; parameterCount?: number }> {
  try {
    const bundle = await services.router.get().ensureLoaded();
    return { categories: new Set(bundle.categories.map((c) => c.id)), parameterCount: bundle.parameterCount };
  } catch (error) {
    services.log.warn(`calibration: router model unavailable, calibrating every category of the set (${String(error)})`);
    return {};
  }
}

function domainsOf(items: readonly CalibrationItem[]): Record<string, Domain> {
  const domains: Record<string, Domain> = {};
  for (const item of items) {
    const domain = item.domain ?? ((DOMAINS as readonly string[]).includes(item.category) ? (item.category as Domain) : undefined);
    if (domain) domains[item.category] = domain;
  }
  return domains;
}

/**
 * Arguments of `coe.calibrateExperts` for keybindings and automation: given choices skip their
 * pickers; `confirm: false` skips the cost confirmation (the caller has accepted the estimate).
 * Validated, since a keybinding is user-written JSON.
 */
export const CalibrateCommandArgsSchema = z.object({
  experts: z.array(z.string()).min(1).optional(),
  judge: z.string().optional(),
  mode: z.enum(['single', 'pairwise']).optional(),
  reference: z.string().optional(),
  /** Calibration set files; "builtin" names the shipped set. */
  sets: z.array(z.string()).min(1).optional(),
  confirm: z.boolean().optional(),
});
export type CalibrateCommandArgs = z.infer<typeof CalibrateCommandArgsSchema>;

async function resolveChoices(config: CoeConfig, args: CalibrateCommandArgs): Promise<Choices | undefined> {
  if (!args.experts) return pickChoices(config);
  return {
    expertIds: args.experts,
    judgeId: args.judge ?? strongestExpert(config.experts)?.id ?? config.generalist,
    mode: args.mode ?? 'single',
    ...(args.reference ? { referenceId: args.reference } : {}),
  };
}

/**
 * "CoE: Calibrate Experts": choose, see the estimate, confirm, run with a cancellable progress
 * notification. Returns the stored run, partial when cancelled, or undefined when nothing ran.
 */
export async function calibrateInEditor(services: CoeServices, args: CalibrateCommandArgs = {}): Promise<StoredCalibration | undefined> {
  const config = services.config.config;
  const choices = await resolveChoices(config, args);
  if (!choices) return undefined;
  const files = args.sets ?? (await pickSetFiles());
  if (!files) return undefined;
  const packageRoot = services.context.extensionUri.fsPath;
  const workspaceDir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? packageRoot;
  const set = await loadCalibrationSets(files, workspaceDir, packageRoot);
  for (const issue of set.issues) services.log.warn(`calibration set ${issue.source}:${issue.line}: ${issue.message} (row skipped)`);
  const router = await routerInfo(services);
  // Domains stay: they are table keys too, and user rows are often labelled by domain only.
  const known = router.categories ? new Set<string>([...router.categories, ...DOMAINS]) : undefined;
  const { items, dropped } = known ? filterByCategories(set.items, known) : { items: set.items, dropped: [] };
  if (dropped.length > 0) services.log.info(`calibration: skipping categories the router does not have: ${dropped.join(', ')}`);
  let request;
  try {
    request = buildCalibrationRequest(config, items, choices);
  } catch (error) {
    if (error instanceof CalibrationSetupError) {
      void vscode.window.showErrorMessage(`CoE calibration: ${error.message}`);
      return undefined;
    }
    throw error;
  }
  const cacheFile = vscode.Uri.joinPath(services.context.globalStorageUri, 'calibration-cache.json').fsPath;
  const cache = await CalibrationCacheFile.open(cacheFile);
  const estimate = estimateCalibration(request, cache, sha256Hex);
  const calls = estimate.answerCalls + estimate.judgeCalls;
  if (calls > 0 && args.confirm !== false) {
    const go = await vscode.window.showInformationMessage(
      `Calibrate ${request.experts.map((e) => e.id).join(', ')} with judge ${request.judge.id}?`,
      { modal: true, detail: `${describeEstimate(estimate)}.\nCalls per expert: ${Object.entries(estimate.callsByExpert).map(([id, n]) => `${id} ${n}`).join(', ')}.` },
      `Run ${calls} calls`,
    );
    if (!go) return undefined;
  }
  const keys = new Map<string, string>();
  await Promise.all(config.experts.map(async (e) => {
    const key = await services.secrets.get(e.id);
    if (key) keys.set(e.id, key);
  }));
  const clientFor = createEditorExpertClientFactory({
    config, lm: bindVscodeLanguageModels(),
    apiKeyFor: (expert) => keys.get(expert.id),
    apiKeyHint: (expert) => `run "CoE: Set API Key" for expert "${expert.id}"`,
  });
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'CoE: calibrating experts', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await runCalibration({
          request, cache, hash: sha256Hex, signal: controller.signal, clientFor,
          onProgress: (p) => {
            const percent = (p.completed / Math.max(1, p.total)) * 100;
            progress.report({ increment: percent - reported, message: `${p.completed}/${p.total} · ${p.calls} calls · ${p.failed} failed` });
            reported = percent;
          },
        });
      } finally {
        subscription.dispose();
      }
    },
  );
  services.log.info(`calibration: ${result.calls.answers + result.calls.judgments} calls, ${result.failures.length} failures${result.cancelled ? ', cancelled' : ''}`);
  for (const f of result.failures) services.log.warn(`calibration failure: ${f.itemId} × ${f.expertId} [${f.stage}] ${f.kind}: ${f.message}`);
  const samples = router.categories ? await routerSamples(services, items) : [];
  return { result, domains: domainsOf(items), routerSamples: samples, ...(router.parameterCount === undefined ? {} : { routerParams: router.parameterCount }), finishedAt: new Date().toISOString() };
}
