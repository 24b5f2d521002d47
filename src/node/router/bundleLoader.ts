import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RouterBundleSchema, type RouterBundle } from '../../common/router/bundle';

/** A router model bundle that cannot be used, with a message that says what to do about it. */
export class RouterBundleError extends Error {
  override readonly name = 'RouterBundleError';
}

export interface LoadedBundle {
  dir: string;
  bundle: RouterBundle;
  modelBytes: Uint8Array;
}

/** Reads and validates `labels.json` and the ONNX file it names; never trusts either blindly. */
export async function loadBundleFiles(dir: string): Promise<LoadedBundle> {
  const labelsPath = path.join(dir, 'labels.json');
  let text: string;
  try {
    text = await readFile(labelsPath, 'utf8');
  } catch (error) {
    throw new RouterBundleError(
      `cannot read the router model's labels file ${labelsPath} (${(error as NodeJS.ErrnoException).code ?? String(error)}); ` +
        'check the "coe.routerModelPath" setting or leave it empty to use the bundled model',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RouterBundleError(`${labelsPath} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = RouterBundleSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new RouterBundleError(
      `${labelsPath} is not a router bundle of format 1: ${first.path.join('.') || '(root)'}: ${first.message}`,
    );
  }
  const bundle = parsed.data;
  const modelPath = path.resolve(dir, bundle.model);
  if (path.relative(dir, modelPath).startsWith('..')) {
    throw new RouterBundleError(`${labelsPath} names a model outside its folder: ${bundle.model}`);
  }
  let modelBytes: Uint8Array;
  try {
    modelBytes = await readFile(modelPath);
  } catch (error) {
    throw new RouterBundleError(`cannot read the router model ${modelPath} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return { dir, bundle, modelBytes };
}
