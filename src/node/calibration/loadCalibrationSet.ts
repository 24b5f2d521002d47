import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCalibrationSet, type CalibrationItem, type CalibrationSetIssue } from '../../common/calibration/calibrationSet';
import { findPackageRoot } from '../packageRoot';

/** The name that selects the shipped set among user files (`--set builtin`). */
export const BUILTIN_SET = 'builtin';

export function builtinSetPath(packageRoot: string = findPackageRoot()): string {
  return path.join(packageRoot, 'media', 'calibration', 'calibration-set.jsonl');
}

export class CalibrationSetError extends Error {
  override readonly name = 'CalibrationSetError';
}

export interface LoadedCalibrationSet {
  items: CalibrationItem[];
  issues: CalibrationSetIssue[];
  files: string[];
}

/**
 * Reads and merges calibration sets (the shipped one by default). Bad rows are reported and skipped;
 * a file that cannot be read at all is an error, because silently calibrating on less would mislead.
 */
export async function loadCalibrationSets(sources: readonly string[], cwd: string, packageRoot?: string): Promise<LoadedCalibrationSet> {
  const files = (sources.length === 0 ? [BUILTIN_SET] : sources).map((s) =>
    s === BUILTIN_SET ? builtinSetPath(packageRoot) : path.resolve(cwd, s),
  );
  const items: CalibrationItem[] = [];
  const issues: CalibrationSetIssue[] = [];
  const ids = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CalibrationSetError(`cannot read calibration set ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const parsed = parseCalibrationSet(text, path.basename(file));
    issues.push(...parsed.issues);
    for (const item of parsed.items) {
      // Ids only need to be unique across the merged files for display and failure lists.
      const id = ids.has(item.id) ? `${path.basename(file)}:${item.id}` : item.id;
      ids.add(id);
      items.push({ ...item, id });
    }
  }
  return { items, issues, files };
}
