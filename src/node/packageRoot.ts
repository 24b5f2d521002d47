import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'coe-vscode';

/**
 * The folder of this package (where media/ and dist/ live), found by walking up from the running
 * script: the same answer for dist/cli.js, dist/extension.js and the TypeScript sources under tsx.
 */
export function findPackageRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
      } catch {
        // An unreadable package.json above us is not ours; keep walking.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package folder above ${start}`);
    dir = parent;
  }
}
