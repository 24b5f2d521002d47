import { parseArgs } from 'node:util';
import { describeTrims } from '../../common/conversation/contextBudget';
import { DOMAINS } from '../../common/categories';
import type { CoeConfig } from '../../common/config/schema';
import { runChat } from '../../node/chat/chatPipeline';
import type { ChatEvent, ChatOutcome } from '../../node/chat/chatTypes';
import { createCliExpertClientFactory } from '../../node/experts/createExpertClient';
import { openCliRouter, readPromptArgument } from '../cliRouter';
import { UsageError, type CliCommand, type CliIo } from '../cliTypes';
import { decisionJson, describeDecision } from './route';

const USAGE = `Usage: coe chat [--json] [--config FILE] [--model DIR] [--adapter FILE] [--expert ID] TEXT|-

Routes TEXT (or stdin with "-") to an expert and streams its answer to stdout; the routing decision
(and any failover to another expert) goes to stderr.
  --json          newline-delimited JSON events on stdout: decision, token, done, error
  --config FILE   configuration file (default: ./coe.config.json when present)
  --model DIR     router model bundle folder (default: the bundled model or routerModelPath)
  --adapter FILE  apply a router adapter (from coe teach or an export) on top of the model
  --expert ID     skip the router: ask this expert (or category / domain) directly
API keys are read from COE_API_KEY_<EXPERT_ID> (e.g. COE_API_KEY_CODE); they are never printed.
Exit codes: 0 answered, 1 no expert could answer (or the answer broke off), 2 bad usage, 130 cancelled.`;

function checkOverride(target: string | undefined, config: CoeConfig): void {
  if (target === undefined) return;
  const known = new Set<string>([...config.experts.map((e) => e.id), ...Object.keys(config.categoryTable), ...DOMAINS]);
  if (!known.has(target)) {
    throw new UsageError(`unknown expert "${target}"; configured experts: ${config.experts.map((e) => e.id).join(', ')}`);
  }
}

/** NDJSON: one event per line, decisions in the same shape as `coe route --json`. */
function jsonEvent(event: ChatEvent): string {
  const line = event.type === 'token' ? event : { ...event, decision: decisionJson(event.decision) };
  return `${JSON.stringify(line)}\n`;
}

function summary(outcome: ChatOutcome): string {
  const seconds = (outcome.timings.totalMs / 1000).toFixed(1);
  const first = outcome.timings.firstTokenMs === null ? '' : `, first token ${Math.round(outcome.timings.firstTokenMs)} ms`;
  const usage = outcome.type === 'done' && outcome.usage ? `${outcome.usage.completionTokens} tokens, ` : '';
  return `${outcome.expert}: ${usage}${seconds} s${first}`;
}

/** Human output: the answer alone on stdout (pipeable), everything about it on stderr. */
function createTextPrinter(io: CliIo): (event: ChatEvent) => void {
  let decisions = 0;
  let printed = '';
  return (event) => {
    switch (event.type) {
      case 'decision': {
        const step = event.decision.steps.at(-1);
        io.stderr(decisions++ === 0 ? `→ ${describeDecision(event.decision)}\n` : `↪ ${step?.detail ?? 'expert unavailable'} — trying ${event.decision.expert}\n`);
        return;
      }
      case 'token':
        printed += event.text;
        io.stdout(event.text);
        return;
      case 'done':
      case 'error':
        if (printed !== '' && !printed.endsWith('\n')) io.stdout('\n');
        if (event.trimmed.length > 0) io.stderr(`note: ${describeTrims(event.trimmed)}\n`);
        if (event.type === 'error') {
          const partial = event.partialText === '' ? '' : ' (the answer above is incomplete)';
          io.stderr(`coe chat: ${event.message}${partial}\n`);
        } else if (event.finishReason === 'cancelled') {
          io.stderr('coe chat: cancelled\n');
        } else {
          io.stderr(`✓ ${summary(event)}${event.finishReason === 'length' ? ' — stopped at maxTokens' : ''}\n`);
        }
    }
  };
}

/** node:util's parseArgs throws TypeErrors for unknown options: those are usage errors (exit 2). */
export function parseOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

export const chatCommand: CliCommand = {
  name: 'chat',
  summary: 'route a prompt and stream the expert\'s answer',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOptions(() => parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' }, config: { type: 'string' }, model: { type: 'string' }, adapter: { type: 'string' }, expert: { type: 'string' },
      },
    }));
    if (positionals.length === 0) throw new UsageError('give the prompt text, or "-" to read it from stdin');
    const text = await readPromptArgument(positionals, io);
    const cli = await openCliRouter(io, { configPath: values.config, modelDir: values.model, adapterPath: values.adapter });
    try {
      checkOverride(values.expert, cli.config);
      const emit = values.json ? (event: ChatEvent) => io.stdout(jsonEvent(event)) : createTextPrinter(io);
      const outcome = await runChat(
        { text, override: values.expert, signal: io.signal },
        { config: cli.config, route: cli.route, clientFor: createCliExpertClientFactory(cli.config, io.env) },
        emit,
      );
      if (outcome.type === 'error') return 1;
      return outcome.finishReason === 'cancelled' ? 130 : 0;
    } finally {
      cli.dispose();
    }
  },
};
