import { DEFAULT_CONFIG } from '../../../src/common/config/defaults';
import type { CoeConfig, ExpertConfig } from '../../../src/common/config/schema';
import type { RoutingDecision } from '../../../src/common/routing/decision';
import type { RouteInput, RouteOutcome } from '../../../src/common/routing/routeRequest';
import type { ChatEvent } from '../../../src/node/chat/chatTypes';
import { createCliExpertClientFactory } from '../../../src/node/experts/createExpertClient';
import { fixtureExpert } from './helpers';

export function testConfig(experts: ExpertConfig[], categoryTable: Record<string, string[]>, generalist = 'general'): CoeConfig {
  return { ...DEFAULT_CONFIG, experts, categoryTable, generalist, connectTimeoutMs: 10_000, idleTimeoutMs: 10_000 };
}

export function expertAt(id: string, baseUrl: string, overrides: Partial<ExpertConfig> = {}): ExpertConfig {
  return fixtureExpert(baseUrl, { id, totalParams: id === 'general' ? 70e9 : 7e9, ...overrides });
}

/** A router stand-in: always picks `category`'s table row, as the real policy would with a confident model. */
export function fakeRoute(config: CoeConfig, category: string) {
  const calls: RouteInput[] = [];
  const route = async (input: RouteInput): Promise<RouteOutcome> => {
    calls.push(input);
    const experts = config.categoryTable[category];
    const decision: RoutingDecision = {
      id: `d${calls.length}`, timestamp: 0, category, domain: 'code', expert: experts[0], confidence: 0.9, entropy: 0.1,
      probabilities: { [category]: 0.9 }, fallbackReason: null, fallbackDetail: null,
      steps: [{ kind: 'routed', expert: experts[0] }], tableRow: { key: category, experts }, sticky: false,
      latencyMs: 0.1, attributions: [], routerParams: 1e6, expertActiveParams: 7e9, activeParams: 7e9 + 1e6,
      baselineParams: 70.6e9,
    };
    return { decision, prompt: input.text };
  };
  return { route, calls };
}

export function pipelineDeps(config: CoeConfig, category: string, sleeps: number[] = []) {
  return {
    config,
    route: fakeRoute(config, category).route,
    clientFor: createCliExpertClientFactory(config, {}),
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
  };
}

export function recorder() {
  const events: ChatEvent[] = [];
  return { events, emit: (e: ChatEvent) => events.push(e), types: () => events.map((e) => e.type) };
}
