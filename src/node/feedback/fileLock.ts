import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface FileLockOptions {
  /** How long to wait for a lock that a live process holds before giving up. */
  waitMs?: number;
  /** A lock older than this is taken over even if its process seems alive (its pid was reused). */
  staleMs?: number;
}

const DEFAULT_WAIT_MS = 15_000;
const DEFAULT_STALE_MS = 60_000;

/** The lock stayed held by a live process for longer than we wait; says which file to look at. */
export class FileLockTimeoutError extends Error {
  override readonly name = 'FileLockTimeoutError';
  constructor(readonly lockFile: string, holder: string) {
    super(`${lockFile} is held by ${holder}; if no VS Code window is writing there now, delete that file and try again`);
  }
}

interface LockOwner {
  pid: number;
  acquiredAt: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(lockFile: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await fs.readFile(lockFile, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.acquiredAt === 'number' ? { pid: owner.pid, acquiredAt: owner.acquiredAt } : undefined;
  } catch {
    return undefined; // gone meanwhile, or caught between create and write
  }
}

/** A lock whose process is gone (crash, kill) or that is older than `staleMs` is removed. */
async function removeIfAbandoned(lockFile: string, staleMs: number): Promise<string> {
  const owner = await readOwner(lockFile);
  if (!owner) {
    const stat = await fs.stat(lockFile).catch(() => undefined);
    // Unreadable for longer than a writer needs between create and write: a torn lock file.
    if (stat && Date.now() - stat.mtimeMs > 1000) await fs.rm(lockFile, { force: true });
    return 'another writer';
  }
  if (!processExists(owner.pid) || Date.now() - owner.acquiredAt > staleMs) {
    // Rename first so that of two waiters only one removes it (the other's rename fails quietly).
    const doomed = `${lockFile}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.stale`;
    if (await fs.rename(lockFile, doomed).then(() => true, () => false)) await fs.rm(doomed, { force: true });
  }
  return `process ${owner.pid} since ${new Date(owner.acquiredAt).toISOString()}`;
}

/**
 * Runs `task` while holding `<file>.lock`, created exclusively, so that every writer of `file` (another
 * store instance in this extension host, or another VS Code window sharing the global storage) takes its
 * turn for a whole read-modify-write. The lock names its process, so one left by a crash is taken over.
 */
export async function withFileLock<T>(file: string, task: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockFile = `${file}.lock`;
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + waitMs;
  let mine: LockOwner;
  for (let attempt = 0; ; attempt += 1) {
    mine = { pid: process.pid, acquiredAt: Date.now() };
    try {
      await fs.writeFile(lockFile, JSON.stringify(mine), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await removeIfAbandoned(lockFile, staleMs);
    if (Date.now() >= deadline) throw new FileLockTimeoutError(lockFile, holder);
    // Short, jittered and growing: writes take milliseconds, and waiters should not move in lockstep.
    await sleep(Math.min(100, 2 + attempt * 2) * (0.5 + Math.random()));
  }
  try {
    return await task();
  } finally {
    // Only our own lock: after `staleMs` another writer may have taken it over.
    const owner = await readOwner(lockFile);
    if (owner?.pid === mine.pid && owner.acquiredAt === mine.acquiredAt) await fs.rm(lockFile, { force: true });
  }
}
