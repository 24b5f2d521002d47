import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CACHE_FORMAT_VERSION,
  emptyCacheData,
  type CachedAnswer,
  type CachedJudgment,
  type CalibrationCacheData,
} from '../../common/calibration/calibrationCache';
import type { CacheLookup } from '../../common/calibration/calibrationPlan';

export const DEFAULT_CACHE_FILE = 'calibration-cache.json';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class CalibrationCacheError extends Error {
  override readonly name = 'CalibrationCacheError';
}

/**
 * The calibration cache persisted as one JSON file. Writes go to a temporary file in the same folder
 * and are renamed over the old one, so a crash or Ctrl-C mid-write never leaves a torn cache.
 */
export class CalibrationCacheFile implements CacheLookup {
  /** Changes made and changes on disk: a put during a save must not be marked as saved. */
  private changes = 0;
  private savedChanges = 0;
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly data: CalibrationCacheData,
  ) {}

  /** A missing file is an empty cache; an unreadable or foreign one is an error (never overwritten blindly). */
  static async open(file: string): Promise<CalibrationCacheFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new CalibrationCacheFile(file, emptyCacheData());
      throw new CalibrationCacheError(`cannot read calibration cache ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CalibrationCacheError(`calibration cache ${file} is not valid JSON; delete it to start afresh`);
    }
    if (!isCacheData(parsed)) {
      throw new CalibrationCacheError(
        `${file} is not a calibration cache of format ${CACHE_FORMAT_VERSION}; delete it or choose another cache file`,
      );
    }
    return new CalibrationCacheFile(file, parsed);
  }

  /** An in-memory cache that is never written (tests, `--no-cache`). */
  static inMemory(): CalibrationCacheFile {
    return new CalibrationCacheFile('', emptyCacheData());
  }

  /** Entries are checked on use: a hand-edited or damaged entry is a miss, not a crash. */
  answer(key: string): CachedAnswer | undefined {
    const entry: unknown = Object.hasOwn(this.data.answers, key) ? this.data.answers[key] : undefined;
    return isRecord(entry) && typeof entry.text === 'string' ? (entry as unknown as CachedAnswer) : undefined;
  }

  judgment(key: string): CachedJudgment | undefined {
    const entry: unknown = Object.hasOwn(this.data.judgments, key) ? this.data.judgments[key] : undefined;
    if (!isRecord(entry)) return undefined;
    const valid =
      (entry.kind === 'rating' && typeof entry.value === 'number' && Number.isFinite(entry.value)) ||
      (entry.kind === 'pair' && (entry.value === 'A' || entry.value === 'B' || entry.value === 'tie'));
    return valid ? (entry as unknown as CachedJudgment) : undefined;
  }

  putAnswer(key: string, value: CachedAnswer): void {
    this.data.answers[key] = value;
    this.changes += 1;
  }

  putJudgment(key: string, value: CachedJudgment): void {
    this.data.judgments[key] = value;
    this.changes += 1;
  }

  get size(): { answers: number; judgments: number } {
    return { answers: Object.keys(this.data.answers).length, judgments: Object.keys(this.data.judgments).length };
  }

  /** Saves are queued: two overlapping writes could otherwise rename an older snapshot last. */
  save(): Promise<void> {
    const run = this.queue.then(() => this.write());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(): Promise<void> {
    if (this.changes === this.savedChanges || this.file === '') return;
    const snapshot = this.changes;
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(this.data)}\n`, 'utf8');
      await rename(temporary, this.file);
      this.savedChanges = Math.max(this.savedChanges, snapshot);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new CalibrationCacheError(`cannot write calibration cache ${this.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCacheData(value: unknown): value is CalibrationCacheData {
  return isRecord(value) && value.formatVersion === CACHE_FORMAT_VERSION && isRecord(value.answers) && isRecord(value.judgments);
}
