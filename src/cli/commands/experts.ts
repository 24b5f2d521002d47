import { parseArgs } from 'node:util';
import { describeIssue } from '../../common/config/parseConfig';
import { findPreset, presetAt, PRESETS } from '../../common/config/presets';
import { expertActiveParams, type ExpertConfig } from '../../common/config/schema';
import type { ExpertHealth } from '../../common/conversation/expertClient';
import { formatParams } from '../../common/formatParams';
import { ConfigFileError, loadConfigFile } from '../../node/config/loadConfigFile';
import { createCliExpertClientFactory } from '../../node/experts/createExpertClient';
import { CliError, UsageError, type CliCommand, type CliIo } from '../cliTypes';
import { parseOptions } from './chat';

const USAGE = `Usage: coe experts [--json] [--config FILE]
       coe experts --preset ID [--base-url URL]

Checks every configured expert: is its endpoint reachable, and does it offer the configured model?
  --json          one JSON object {"experts": [{id, kind, model, baseUrl, reachable, modelPresent,
                  latencyMs, error, …}]}
  --config FILE   configuration file (default: ./coe.config.json when present)
  --preset ID     print a ready-made configuration to start a coe.config.json from
                  (${PRESETS.map((p) => `${p.id}: ${p.description}`).join('; ')})
  --base-url URL  with --preset: point every expert at this OpenAI-compatible endpoint
Exit codes: 0 every expert is reachable and offers its model, 1 otherwise.`;

function healthy(h: ExpertHealth): boolean {
  return h.reachable && h.modelPresent !== false && h.error === undefined;
}

function healthJson(expert: ExpertConfig, health: ExpertHealth): Record<string, unknown> {
  return {
    id: expert.id, kind: expert.kind, model: expert.model, baseUrl: expert.baseUrl ?? null,
    totalParams: expert.totalParams, activeParams: expertActiveParams(expert), contextLength: expert.contextLength,
    reachable: health.reachable, modelPresent: health.modelPresent, latencyMs: Math.round(health.latencyMs * 10) / 10,
    error: health.error ?? null, ...(health.availableModels ? { availableModels: health.availableModels } : {}),
  };
}

function healthLine(expert: ExpertConfig, health: ExpertHealth): string {
  const mark = healthy(health) ? '✓' : health.reachable ? '!' : '✗';
  const where = expert.kind === 'openai' ? ` @ ${expert.baseUrl}` : ` (${expert.kind})`;
  const state = healthy(health) ? `${Math.round(health.latencyMs)} ms` : health.error ?? 'unknown state';
  const models = health.availableModels?.length ? `\n    available: ${health.availableModels.join(', ')}` : '';
  return `${mark} ${expert.id.padEnd(14)} ${expert.model}${where}, ${formatParams(expertActiveParams(expert))} — ${state}${models}\n`;
}

function printPreset(id: string, baseUrl: string | undefined, io: CliIo): number {
  const preset = findPreset(id);
  if (!preset) throw new UsageError(`unknown preset "${id}"; available: ${PRESETS.map((p) => p.id).join(', ')}`);
  if (baseUrl !== undefined && !/^https?:\/\//.test(baseUrl)) throw new UsageError('--base-url must be an http(s) URL');
  const chosen = baseUrl === undefined ? preset : presetAt(preset, baseUrl);
  io.stdout(`${JSON.stringify(chosen.config, null, 2)}\n`);
  return 0;
}

export const expertsCommand: CliCommand = {
  name: 'experts',
  summary: 'check that each configured expert is reachable and serves its model',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOptions(() => parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, config: { type: 'string' }, preset: { type: 'string' }, 'base-url': { type: 'string' } },
    }));
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.preset !== undefined) return printPreset(values.preset, values['base-url'], io);
    let loaded;
    try {
      loaded = await loadConfigFile(values.config, io.cwd);
    } catch (error) {
      if (error instanceof ConfigFileError) throw new CliError(error.message);
      throw error;
    }
    for (const issue of loaded.issues) io.stderr(`warning: ${describeIssue(issue, loaded.file ? `${loaded.file}: ` : '')}\n`);
    const { experts } = loaded.config;
    const clientFor = createCliExpertClientFactory(loaded.config, io.env);
    const results = await Promise.all(experts.map((e) => clientFor(e).health(io.signal)));
    if (values.json) {
      io.stdout(`${JSON.stringify({ experts: experts.map((e, i) => healthJson(e, results[i])) })}\n`);
    } else {
      experts.forEach((e, i) => io.stdout(healthLine(e, results[i])));
    }
    return results.every(healthy) ? 0 : 1;
  },
};
