import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig, type ConfigIssue } from '../../common/config/parseConfig';
import type { CoeConfig } from '../../common/config/schema';

export const DEFAULT_CONFIG_FILE = 'coe.config.json';

export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}

export interface LoadedConfig {
  config: CoeConfig;
  issues: ConfigIssue[];
  /** The file read, or null when none was given and `coe.config.json` does not exist (defaults used). */
  file: string | null;
}

/**
 * Reads the CLI's configuration file through the same schema as the editor's settings. An explicit
 * path must exist; the implicit `coe.config.json` in `cwd` is optional.
 */
export async function loadConfigFile(explicitPath: string | undefined, cwd: string): Promise<LoadedConfig> {
  const file = path.resolve(cwd, explicitPath ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicitPath === undefined && code === 'ENOENT') return { ...parseConfig({}), file: null };
    throw new ConfigFileError(`cannot read config file ${file}: ${code ?? String(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(`config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigFileError(`config file ${file} must hold a JSON object of settings (e.g. {"experts": [...]})`);
  }
  return { ...parseConfig(raw as Record<string, unknown>), file };
}
