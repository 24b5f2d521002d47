import path from 'node:path';
import type { CoeConfig } from '../common/config/schema';
import { describeIssue } from '../common/config/parseConfig';
import { ConfigFileError, loadConfigFile } from '../node/config/loadConfigFile';
import { resolveModelDir } from '../node/router/defaultModelDir';
import { RouterService } from '../node/router/routerService';
import { createRoutingEngine, type RouteFunction } from '../node/router/routingEngine';
import { findPackageRoot } from '../node/packageRoot';
import { AdapterMismatchError } from '../common/teach/adapter';
import { AdapterFileError } from '../common/teach/adapterFile';
import { readAdapterFile } from '../node/teach/adapterFileIo';
import { CliError, type CliIo } from './cliTypes';

export interface CliRouter {
  config: CoeConfig;
  router: RouterService;
  route: RouteFunction;
  modelDir: string;
  dispose(): void;
}

/** Loads configuration (warnings to stderr) and an ONNX router in a worker, the same way the editor does. */
export async function openCliRouter(
  io: CliIo,
  options: { configPath?: string; modelDir?: string; adapterPath?: string },
): Promise<CliRouter> {
  let loaded;
  try {
    loaded = await loadConfigFile(options.configPath, io.cwd);
  } catch (error) {
    if (error instanceof ConfigFileError) throw new CliError(error.message);
    throw error;
  }
  for (const issue of loaded.issues) io.stderr(`warning: ${describeIssue(issue, loaded.file ? `${loaded.file}: ` : '')}\n`);
  const root = findPackageRoot();
  const modelDir = options.modelDir
    ? path.resolve(io.cwd, options.modelDir)
    : resolveModelDir(loaded.config.routerModelPath, root, loaded.file ? path.dirname(loaded.file) : io.cwd);
  const router = new RouterService({
    modelDir,
    workerPath: io.routerWorkerPath ?? path.join(root, 'dist', 'routerWorker.js'),
  });
  const config = loaded.config;
  if (options.adapterPath) await applyCliAdapter(router, path.resolve(io.cwd, options.adapterPath));
  return { config, router, route: createRoutingEngine(router, () => config), modelDir, dispose: () => router.dispose() };
}

/** `--adapter FILE`: the user asked for it, so a file that does not fit the model is an error, not a warning. */
async function applyCliAdapter(router: RouterService, file: string): Promise<void> {
  try {
    const { adapter } = await readAdapterFile(file);
    // A model that cannot load is reported by the command itself (as a routing fallback).
    await router.ensureLoaded().catch(() => undefined);
    await router.setAdapter(adapter, path.basename(file));
  } catch (error) {
    router.dispose();
    if (error instanceof AdapterFileError || error instanceof AdapterMismatchError) throw new CliError(error.message);
    throw error;
  }
}

/** Prompt text from the positional argument, or stdin for "-". */
export async function readPromptArgument(positionals: string[], io: CliIo): Promise<string> {
  if (positionals.length === 1 && positionals[0] === '-') return io.readStdin();
  return positionals.join(' ');
}
