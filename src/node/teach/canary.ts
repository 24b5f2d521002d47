import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseJsonlRows } from '../../common/router/jsonlRows';
import { AnchorPromptSchema, CanaryPromptSchema, type CanaryPrompt } from '../../common/teach/teachRows';
import { findPackageRoot } from '../packageRoot';

export class CanaryFileError extends Error {
  override readonly name = 'CanaryFileError';
}

/** The team-written canary prompts shipped in media/teach/canary.jsonl (the gate's regression guard). */
export function canaryPath(packageRoot: string = findPackageRoot()): string {
  return path.join(packageRoot, 'media', 'teach', 'canary.jsonl');
}

/** Reads a canary file; any bad line is an error (a silently shrunken canary set would guard less). */
export async function loadCanary(file: string = canaryPath()): Promise<CanaryPrompt[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CanaryFileError(`cannot read the canary prompts at ${file}: ${(error as Error).message}`);
  }
  const { rows, errors } = parseJsonlRows(text, CanaryPromptSchema);
  if (errors.length) throw new CanaryFileError(`${file}:${errors[0].line}: ${errors[0].message}`);
  if (rows.length === 0) throw new CanaryFileError(`${file} holds no canary prompts`);
  return rows.map((r) => r.row);
}

export function anchorsPath(packageRoot: string = findPackageRoot()): string {
  return path.join(packageRoot, 'media', 'teach', 'anchors.jsonl');
}

/** Rehearsal prompts for adapter training (see TeachInput.anchors); kept apart from the canaries. */
export async function loadAnchors(file: string = anchorsPath()): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CanaryFileError(`cannot read the anchor prompts at ${file}: ${(error as Error).message}`);
  }
  const { rows, errors } = parseJsonlRows(text, AnchorPromptSchema);
  if (errors.length) throw new CanaryFileError(`${file}:${errors[0].line}: ${errors[0].message}`);
  return rows.map((r) => r.row.text);
}
