import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Replaces `file` with `contents` so that a reader sees either the old or the new file, never half
 * of one: write a sibling temp file, flush it, then rename over the target (atomic on one filesystem).
 */
export async function writeFileAtomic(file: string, contents: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.tmp`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Reads a UTF-8 file, or undefined when it does not exist (any other failure is thrown). */
export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Moves a damaged file aside (`name.corrupt-<time>.ext`) so nothing is lost and the next save starts
 * clean; returns where it went.
 */
export async function setAside(file: string, now: number): Promise<string> {
  const ext = path.extname(file);
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const target = path.join(path.dirname(file), `${path.basename(file, ext)}.corrupt-${stamp}${ext}`);
  await fs.rename(file, target);
  return target;
}

/** Serialises async work on one resource so two saves never interleave their renames. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
