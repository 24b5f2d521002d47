import type { z } from 'zod';
import { DEFAULT_CONFIG } from './defaults';
import { ConfigShape, ExpertSchema, type CoeConfig, type ConfigKey, type ExpertConfig } from './schema';

/** A problem found in user configuration, named so the user can find and fix it. */
export interface ConfigIssue {
  /** Setting path, e.g. `experts[1].baseUrl` (prefix with `coe.` for VS Code settings). */
  path: string;
  message: string;
}

export interface ParsedConfig {
  config: CoeConfig;
  issues: ConfigIssue[];
}

function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${String(part)}`),
    prefix,
  );
}

function collect(issues: ConfigIssue[], prefix: string, error: z.ZodError): void {
  for (const issue of error.issues) issues.push({ path: formatPath(prefix, issue.path), message: issue.message });
}

/**
 * Validates raw configuration (settings values or a parsed JSON file) and salvages what is valid:
 * an invalid key falls back to its default, an invalid expert is dropped, table rows naming unknown
 * experts are pruned. Never throws for bad input; every problem becomes a field-level issue.
 */
export function parseConfig(raw: Readonly<Record<string, unknown>>): ParsedConfig {
  const issues: ConfigIssue[] = [];
  const config = { ...DEFAULT_CONFIG } as Record<ConfigKey, unknown>;

  for (const key of Object.keys(raw)) {
    if (!(key in ConfigShape)) issues.push({ path: key, message: `unknown setting "${key}" is ignored` });
  }
  for (const key of Object.keys(ConfigShape) as ConfigKey[]) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    if (key === 'experts') {
      config.experts = parseExperts(value, issues);
      continue;
    }
    const result = ConfigShape[key].safeParse(value);
    if (result.success) config[key] = result.data;
    else collect(issues, key, result.error);
  }
  return { config: crossCheck(config as CoeConfig, issues), issues };
}

function parseExperts(value: unknown, issues: ConfigIssue[]): ExpertConfig[] {
  if (!Array.isArray(value)) {
    issues.push({ path: 'experts', message: 'must be a list of experts; using the defaults' });
    return DEFAULT_CONFIG.experts;
  }
  const experts: ExpertConfig[] = [];
  const seen = new Set<string>();
  value.forEach((item: unknown, index) => {
    const result = ExpertSchema.safeParse(item);
    if (!result.success) {
      collect(issues, `experts[${index}]`, result.error);
      return;
    }
    if (seen.has(result.data.id)) {
      issues.push({ path: `experts[${index}].id`, message: `duplicate expert id "${result.data.id}"; later one ignored` });
      return;
    }
    seen.add(result.data.id);
    experts.push(result.data);
  });
  if (experts.length === 0) {
    issues.push({ path: 'experts', message: 'no valid expert configured; using the defaults' });
    return DEFAULT_CONFIG.experts;
  }
  return experts;
}

function crossCheck(config: CoeConfig, issues: ConfigIssue[]): CoeConfig {
  const ids = new Set(config.experts.map((e) => e.id));
  let generalist = config.generalist;
  if (!ids.has(generalist)) {
    const fallback = config.experts[0].id;
    issues.push({
      path: 'generalist',
      message: `expert "${generalist}" is not configured; using "${fallback}" as the generalist`,
    });
    generalist = fallback;
  }
  const categoryTable: Record<string, string[]> = {};
  for (const [key, experts] of Object.entries(config.categoryTable)) {
    const known = experts.filter((id) => ids.has(id));
    for (const id of experts) {
      if (!ids.has(id)) issues.push({ path: `categoryTable.${key}`, message: `expert "${id}" is not configured` });
    }
    if (known.length > 0) categoryTable[key] = known;
  }
  return { ...config, generalist, categoryTable };
}

export function describeIssue(issue: ConfigIssue, prefix = ''): string {
  return `${prefix}${issue.path}: ${issue.message}`;
}
