import { z } from 'zod';
import { readFileIfExists, SerialQueue, setAside, writeFileAtomic } from '../decisions/atomicFile';
import { withFileLock, type FileLockOptions } from './fileLock';

export const CORRECTION_SOURCES = ['inspectorCorrection', 'reroute', 'thumbsDown', 'import'] as const;
export type CorrectionSource = (typeof CORRECTION_SOURCES)[number];

/**
 * "This was wrong → it should be X": a labelled example for teaching the router. `text` is null when
 * the user did not allow storing the prompt; the decision id still ties it to the decision history.
 */
export const CorrectionSchema = z.object({
  text: z.string().nullable(),
  /** Category id the prompt should have been routed to. */
  label: z.string().min(1),
  source: z.enum(CORRECTION_SOURCES),
  /** How much the example should count (an explicit correction outweighs a thumbs-down). */
  weight: z.number().positive().finite(),
  decisionId: z.string().nullable(),
  timestamp: z.number().finite(),
});
export type Correction = z.infer<typeof CorrectionSchema>;
/** What callers pass: the timestamp defaults to now. */
export type CorrectionInput = Omit<Correction, 'timestamp'> & { timestamp?: number };

/** A caller tried to store something that is not a correction (a bug in the caller, not user data). */
export class InvalidCorrectionError extends Error {
  override readonly name = 'InvalidCorrectionError';
  constructor(readonly problems: string[]) {
    super(`invalid correction: ${problems.join('; ')}`);
  }
}

export const DEFAULT_MAX_CORRECTIONS = 5000;

export interface CorrectionsStoreOptions {
  /** JSONL file, usually in the extension's global storage. */
  file: string;
  maxRecords?: number;
  now?: () => number;
  /** Waiting for `<file>.lock` while another writer (store instance or window) holds it. */
  lock?: FileLockOptions;
}

export interface CorrectionsLoad {
  corrections: Correction[];
  /** Set when unreadable lines forced the file aside (its good lines are kept). */
  setAsideTo?: string;
  badLines: number;
}

/**
 * The same prompt (or, without text, the same decision) corrected twice is one example: the newer
 * correction replaces the older, so changing one's mind never leaves contradicting labels behind.
 */
export function correctionKey(c: Pick<Correction, 'text' | 'decisionId' | 'timestamp'>): string {
  if (c.text !== null) return `text:${c.text.trim()}`;
  return c.decisionId !== null ? `decision:${c.decisionId}` : `time:${c.timestamp}`;
}

/**
 * Bounded, deduplicated JSONL of corrections; atomic writes, tolerant reads. Each read-modify-write holds
 * a lock file, so several instances on one file (the inspector's and the teach flow's, or two windows
 * sharing the global storage) never drop each other's corrections.
 */
export class CorrectionsStore {
  private readonly queue = new SerialQueue();
  private readonly maxRecords: number;

  constructor(private readonly options: CorrectionsStoreOptions) {
    this.maxRecords = Math.max(1, options.maxRecords ?? DEFAULT_MAX_CORRECTIONS);
  }

  load(): Promise<CorrectionsLoad> {
    return this.exclusive(() => this.read());
  }

  /** In order within this instance (no lock polling against ourselves), and under the file lock across instances. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(() => withFileLock(this.options.file, task, this.options.lock));
  }

  /** Adds (or replaces, see correctionKey) one correction; says how many are stored and what was set aside. */
  async add(input: CorrectionInput): Promise<{ stored: number; setAsideTo?: string }> {
    return this.put(this.validate([input]));
  }

  /** Adds many corrections with one write (an imported file); same replacement rule as `add`. */
  async addMany(inputs: readonly CorrectionInput[]): Promise<number> {
    return (await this.put(this.validate(inputs))).stored;
  }

  /** Every input checked before anything is written; all problems are reported at once. */
  private validate(inputs: readonly CorrectionInput[]): Correction[] {
    const checked = inputs.map((input) => CorrectionSchema.safeParse({ ...input, timestamp: input.timestamp ?? this.now() }));
    const bad = checked.flatMap((c) => (c.success ? [] : c.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)));
    if (bad.length) throw new InvalidCorrectionError(bad);
    return checked.flatMap((c) => (c.success ? [c.data] : []));
  }

  /** One read-modify-write: a correction with the key of a stored one replaces it and moves to the end. */
  private put(fresh: readonly Correction[]): Promise<{ stored: number; setAsideTo?: string }> {
    return this.exclusive(async () => {
      const { corrections, setAsideTo } = await this.read();
      const byKey = new Map(corrections.map((c) => [correctionKey(c), c]));
      for (const c of fresh) {
        byKey.delete(correctionKey(c));
        byKey.set(correctionKey(c), c);
      }
      const bounded = [...byKey.values()].slice(-this.maxRecords);
      await this.write(bounded);
      return { stored: bounded.length, ...(setAsideTo ? { setAsideTo } : {}) };
    });
  }

  private write(corrections: readonly Correction[]): Promise<void> {
    return writeFileAtomic(this.options.file, corrections.map((c) => `${JSON.stringify(c)}\n`).join(''));
  }

  /** Deletes the corrections with these keys (see correctionKey); returns how many remain. */
  remove(keys: readonly string[]): Promise<number> {
    const doomed = new Set(keys);
    return this.exclusive(async () => {
      const kept = (await this.read()).corrections.filter((c) => !doomed.has(correctionKey(c)));
      await this.write(kept);
      return kept.length;
    });
  }

  /** "Forget all": deletes every stored correction. */
  clear(): Promise<void> {
    return this.exclusive(() => this.write([]));
  }

  private async read(): Promise<CorrectionsLoad> {
    const text = await readFileIfExists(this.options.file);
    if (text === undefined) return { corrections: [], badLines: 0 };
    const corrections: Correction[] = [];
    let badLines = 0;
    for (const line of text.split(/\r?\n/)) {
      if (line.trim().length === 0) continue;
      const parsed = safeJson(line);
      const checked = parsed.ok ? CorrectionSchema.safeParse(parsed.value) : undefined;
      if (checked?.success) corrections.push(checked.data);
      else badLines += 1;
    }
    if (badLines === 0) return { corrections, badLines };
    const setAsideTo = await setAside(this.options.file, this.now());
    await this.write(corrections);
    return { corrections, badLines, setAsideTo };
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

function safeJson(line: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch {
    return { ok: false };
  }
}
