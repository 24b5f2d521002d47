// Deliberately free of `vscode`: plain file persistence, unit-tested in Node.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const BadgeSchema = z.object({
  decisionId: z.string(),
  category: z.string().nullable(),
  domain: z.string().nullable(),
  expert: z.string(),
  expertName: z.string(),
  confidence: z.number(),
  // Expert-level confidence (what the fallback tested); absent in badges stored before it existed.
  expertConfidence: z.number().optional(),
  confidenceExpert: z.string().optional(),
  activeParams: z.number(),
  baselineParams: z.number(),
  fallbackReason: z.enum(['lowConfidence', 'emptyPrompt', 'classifierError', 'classifierTimeout', 'userOverride', 'expertUnavailable']).nullable(),
  fallbackDetail: z.string().nullable(),
  failedOver: z.array(z.string()),
});

const StoredAttachmentSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['selection', 'file']),
  tokens: z.number(),
  content: z.string(),
  language: z.string().optional(),
});

const StoredTurnSchema = z.object({
  id: z.string(),
  prompt: z.string(),
  attachments: z.array(StoredAttachmentSchema),
  answer: z.string(),
  status: z.enum(['streaming', 'ok', 'cancelled', 'error']),
  error: z.string().optional(),
  badge: BadgeSchema.optional(),
  notes: z.array(z.string()).optional(),
  override: z.string().optional(),
});

const StoredConversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  turns: z.array(StoredTurnSchema),
});

const HistoryFileSchema = z.object({
  version: z.literal(1),
  activeId: z.string().nullable(),
  conversations: z.array(StoredConversationSchema),
});

export type StoredAttachment = z.infer<typeof StoredAttachmentSchema>;
export type StoredTurn = z.infer<typeof StoredTurnSchema>;
export type StoredConversation = z.infer<typeof StoredConversationSchema>;
export type HistoryFile = z.infer<typeof HistoryFileSchema>;

export interface LoadResult {
  history: HistoryFile;
  /** Set when the file could not be read as history and was moved aside (never deleted). */
  setAside?: { path: string; reason: string };
}

export const HISTORY_FILE_NAME = 'conversations.json';

export function emptyHistory(): HistoryFile {
  return { version: 1, activeId: null, conversations: [] };
}

/**
 * The conversations of one workspace in one JSON file. Writes are atomic (temp file, fsync, rename)
 * and serialised, so a crash mid-write leaves the previous version intact; a file that cannot be
 * parsed is renamed aside with the reason, so the user's history is never silently dropped.
 */
export class ConversationStore {
  private writing: Promise<void> = Promise.resolve();
  readonly file: string;

  constructor(private readonly dir: string, private readonly now: () => number = Date.now) {
    this.file = path.join(dir, HISTORY_FILE_NAME);
  }

  async load(): Promise<LoadResult> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { history: emptyHistory() };
      throw error;
    }
    let reason: string;
    try {
      const parsed = HistoryFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { history: interruptedTurnsClosed(parsed.data) };
      const first = parsed.error.issues[0];
      reason = `unexpected content at "${first.path.join('.')}": ${first.message}`;
    } catch (error) {
      reason = `not valid JSON (${error instanceof Error ? error.message : String(error)})`;
    }
    const aside = path.join(this.dir, `conversations.corrupt-${this.now()}.json`);
    await fs.rename(this.file, aside);
    return { history: emptyHistory(), setAside: { path: aside, reason } };
  }

  /** Queues an atomic write of `history`; resolves when it (and every earlier write) is on disk. */
  save(history: HistoryFile): Promise<void> {
    const snapshot = JSON.stringify(history);
    const next = this.writing.then(() => this.writeAtomically(snapshot));
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async writeAtomically(content: string): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const temp = `${this.file}.${process.pid}.${this.now()}.tmp`;
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, this.file);
  }
}

/** A turn still "streaming" on disk was interrupted by a reload or crash; say so instead of spinning. */
function interruptedTurnsClosed(history: HistoryFile): HistoryFile {
  for (const conversation of history.conversations) {
    for (const turn of conversation.turns) {
      if (turn.status === 'streaming') {
        turn.status = 'cancelled';
        turn.error = 'interrupted by a window reload';
      }
    }
  }
  return history;
}
