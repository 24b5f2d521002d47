import type { CategorySet } from '../categories';
import type { CoeConfig } from '../config/schema';

export interface TableRow {
  key: string;
  experts: string[];
}

/**
 * The category→expert table: a fine category's own row wins, then its domain's row; a category
 * nobody mapped goes to the generalist (reported as a row keyed by the generalist).
 */
export function tableRowFor(category: string, config: CoeConfig, categories: CategorySet): TableRow {
  const own = config.categoryTable[category];
  if (own?.length) return { key: category, experts: own };
  const domain = categories.domainOf(category);
  const byDomain = domain ? config.categoryTable[domain] : undefined;
  if (domain && byDomain?.length) return { key: domain, experts: byDomain };
  return { key: '(generalist)', experts: [config.generalist] };
}

/**
 * Resolves an explicit target (expert id, category id or domain) to a table row, or null when the
 * target names nothing known.
 */
export function resolveTarget(target: string, config: CoeConfig, categories: CategorySet): TableRow | null {
  if (config.experts.some((e) => e.id === target)) return { key: `@${target}`, experts: [target] };
  if (categories.has(target) || target in config.categoryTable) {
    if (config.categoryTable[target]?.length) return { key: target, experts: config.categoryTable[target] };
    return tableRowFor(target, config, categories);
  }
  return null;
}

/** Every name a prompt may address with a leading `@`. */
export function addressableTargets(config: CoeConfig, categories: CategorySet): Set<string> {
  return new Set([...config.experts.map((e) => e.id), ...categories.ids, ...Object.keys(config.categoryTable)]);
}
