import type { DecisionRecord } from '../../common/decisions/decisionRecord';
import { readFileIfExists, SerialQueue, setAside, writeFileAtomic } from './atomicFile';
import { parseStoredRecord } from './decisionRecordSchema';

export const DEFAULT_MAX_STORED_DECISIONS = 1000;
export const MAX_STORED_EXCERPT_CHARS = 200;

export interface DecisionStoreOptions {
  /** The JSONL file, one record per line (usually in the workspace's extension storage). */
  file: string;
  /** Oldest records beyond this are dropped on save. */
  maxRecords?: number;
  /**
   * Separate consent from the in-memory excerpt: prompt text reaches the disk only while this says yes.
   * Attribution tokens are prompt text too, so they follow the same consent.
   */
  persistPromptText: () => boolean;
  now?: () => number;
}

/** What was wrong with a history file that had to be set aside. */
export interface SetAsideNotice {
  movedTo: string;
  badLines: number;
  keptRecords: number;
  firstProblem: string;
}

export interface DecisionLoadResult {
  records: DecisionRecord[];
  setAside?: SetAsideNotice;
}

/**
 * Per-workspace decision history: bounded, written atomically (temp + rename), read tolerantly —
 * a file with unreadable lines keeps every good record and is moved aside whole, never dropped.
 */
export class DecisionStore {
  private readonly queue = new SerialQueue();
  private readonly maxRecords: number;

  constructor(private readonly options: DecisionStoreOptions) {
    this.maxRecords = Math.max(1, options.maxRecords ?? DEFAULT_MAX_STORED_DECISIONS);
  }

  load(): Promise<DecisionLoadResult> {
    return this.queue.run(async () => {
      const text = await readFileIfExists(this.options.file);
      if (text === undefined) return { records: [] };
      const { records, badLines, firstProblem } = parseHistory(text);
      const kept = records.slice(-this.maxRecords);
      if (badLines === 0) return { records: kept };
      const movedTo = await setAside(this.options.file, this.now());
      await writeFileAtomic(this.options.file, this.serialise(kept));
      return { records: kept, setAside: { movedTo, badLines, keptRecords: kept.length, firstProblem } };
    });
  }

  /** Writes the newest `maxRecords` records, replacing the file; the full prompt never leaves memory. */
  save(records: readonly DecisionRecord[]): Promise<void> {
    // Serialised now, so later changes to the live records cannot leak into a queued write.
    const text = this.serialise(records.slice(-this.maxRecords));
    return this.queue.run(() => writeFileAtomic(this.options.file, text));
  }

  clear(): Promise<void> {
    return this.queue.run(() => writeFileAtomic(this.options.file, ''));
  }

  private serialise(records: readonly DecisionRecord[]): string {
    return records.map((r) => JSON.stringify(this.toStored(r))).join('\n') + (records.length ? '\n' : '');
  }

  private toStored(record: DecisionRecord): DecisionRecord {
    const rest: DecisionRecord = { ...record };
    delete rest.prompt;
    if (this.options.persistPromptText()) {
      const excerpt = record.promptExcerpt ?? record.prompt ?? null;
      return { ...rest, promptExcerpt: excerpt?.slice(0, MAX_STORED_EXCERPT_CHARS) ?? null };
    }
    return { ...rest, promptExcerpt: null, decision: { ...record.decision, attributions: [] } };
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

/** Parses JSONL history; counts (does not throw on) lines that are not valid records. */
export function parseHistory(text: string): { records: DecisionRecord[]; badLines: number; firstProblem: string } {
  const records: DecisionRecord[] = [];
  let badLines = 0;
  let firstProblem = '';
  const complain = (line: number, why: string): void => {
    badLines += 1;
    if (!firstProblem) firstProblem = `line ${line}: ${why}`;
  };
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      complain(index + 1, 'not valid JSON');
      return;
    }
    const parsed = parseStoredRecord(value);
    if (parsed.ok) records.push(parsed.record);
    else complain(index + 1, parsed.reason);
  });
  return { records, badLines, firstProblem };
}
