import path from 'node:path';

/**
 * Where the shipped router bundle lives, relative to the bundled script (dist/*.js → media/router).
 * A configured path wins; relative configured paths resolve against `baseDir` (the workspace or cwd).
 */
export function resolveModelDir(configured: string, extensionRoot: string, baseDir: string): string {
  if (configured.trim() === '') return path.join(extensionRoot, 'media', 'router');
  return path.resolve(baseDir, configured);
}
