import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RouterAdapter } from '../../common/teach/adapter';
import { AdapterFileError, decodeAdapterFile, encodeAdapterFile, type AdapterMetadata } from '../../common/teach/adapterFile';
import { readFileIfExists, SerialQueue, writeFileAtomic } from '../decisions/atomicFile';

const PointerSchema = z.object({
  /** Activation history, oldest first; the last entry is in use. Empty: the base model alone. */
  history: z.array(z.string().regex(/^v\d{4,}$/)),
});
type Pointer = z.infer<typeof PointerSchema>;

export interface StoredAdapter {
  version: string;
  adapter: RouterAdapter;
  metadata: AdapterMetadata;
}

export interface AdapterListing {
  version: string;
  metadata: AdapterMetadata;
  current: boolean;
}

export const DEFAULT_MAX_ADAPTER_VERSIONS = 10;

/**
 * Versioned user adapters in one folder (the extension's global storage, or a CLI path):
 * `adapters/vNNNN.json` files and `current.json`, a pointer with the activation history for rollback.
 * Every write is atomic; old versions beyond `maxVersions` are pruned unless still in the history.
 */
export class AdapterStore {
  private readonly queue = new SerialQueue();

  constructor(
    readonly dir: string,
    private readonly maxVersions = DEFAULT_MAX_ADAPTER_VERSIONS,
  ) {}

  private get pointerFile(): string {
    return path.join(this.dir, 'current.json');
  }

  private fileOf(version: string): string {
    return path.join(this.dir, 'adapters', `${version}.json`);
  }

  /** Stores a new version; `activate` makes it the one in use (the previous stays for rollback). */
  save(adapter: RouterAdapter, metadata: AdapterMetadata, activate = true): Promise<string> {
    const text = encodeAdapterFile(adapter, metadata);
    return this.queue.run(async () => {
      const versions = await this.versions();
      const last = versions.length ? Number(versions[versions.length - 1].slice(1)) : 0;
      const version = `v${String(last + 1).padStart(4, '0')}`;
      await writeFileAtomic(this.fileOf(version), text);
      const pointer = await this.readPointer();
      if (activate) {
        pointer.history = [...pointer.history.filter((v) => v !== version), version].slice(-this.maxVersions);
        await this.writePointer(pointer);
      }
      await this.prune([...versions, version], pointer);
      return version;
    });
  }

  /** The adapter in use, or null for the base model alone. A damaged file is reported, not hidden. */
  current(): Promise<StoredAdapter | null> {
    return this.queue.run(async () => {
      const version = (await this.readPointer()).history.at(-1);
      return version ? this.read(version) : null;
    });
  }

  /** Goes back to the previously used adapter (or to none); returns the version now in use. */
  rollback(): Promise<string | null> {
    return this.queue.run(async () => {
      const pointer = await this.readPointer();
      pointer.history = pointer.history.slice(0, -1);
      await this.writePointer(pointer);
      return pointer.history.at(-1) ?? null;
    });
  }

  /** Deletes every version and the pointer ("forget all"): routing is back to the base model alone. */
  clear(): Promise<void> {
    return this.queue.run(async () => {
      await fs.rm(path.join(this.dir, 'adapters'), { recursive: true, force: true });
      await fs.rm(this.pointerFile, { force: true });
    });
  }

  list(): Promise<AdapterListing[]> {
    return this.queue.run(async () => {
      const current = (await this.readPointer()).history.at(-1);
      const out: AdapterListing[] = [];
      for (const version of await this.versions()) {
        const stored = await this.read(version).catch(() => undefined);
        if (stored) out.push({ version, metadata: stored.metadata, current: version === current });
      }
      return out;
    });
  }

  /** Copies one version (default: the current one) to `file`: weights and counts only, no prompt text. */
  exportTo(file: string, version?: string): Promise<string> {
    return this.queue.run(async () => {
      const chosen = version ?? (await this.readPointer()).history.at(-1);
      if (!chosen) throw new AdapterFileError('no router adapter is in use; teach the router first or name a version');
      const stored = await this.read(chosen);
      await writeFileAtomic(file, encodeAdapterFile(stored.adapter, stored.metadata));
      return chosen;
    });
  }

  /** Validates an adapter file and stores it as a new version (used at once when `activate`). */
  async importFrom(file: string, activate = true): Promise<StoredAdapter> {
    const { adapter, metadata } = decodeAdapterFile(await fs.readFile(file, 'utf8'));
    const version = await this.save(adapter, { ...metadata, note: metadata.note ?? `imported from ${path.basename(file)}` }, activate);
    return { version, adapter, metadata };
  }

  async read(version: string): Promise<StoredAdapter> {
    const text = await readFileIfExists(this.fileOf(version));
    if (text === undefined) throw new AdapterFileError(`router adapter ${version} is missing from ${this.dir}`);
    return { version, ...decodeAdapterFile(text) };
  }

  private async versions(): Promise<string[]> {
    const names = await fs.readdir(path.join(this.dir, 'adapters')).catch(() => [] as string[]);
    return names.flatMap((n) => (/^v\d{4,}\.json$/.test(n) ? [n.slice(0, -5)] : [])).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  }

  private async readPointer(): Promise<Pointer> {
    const text = await readFileIfExists(this.pointerFile);
    if (text === undefined) return { history: [] };
    try {
      return PointerSchema.parse(JSON.parse(text));
    } catch {
      // A damaged pointer must not take routing down: fall back to the base model; versions stay on disk.
      return { history: [] };
    }
  }

  private async writePointer(pointer: Pointer): Promise<void> {
    await writeFileAtomic(this.pointerFile, `${JSON.stringify(pointer, null, 2)}\n`);
  }

  private async prune(versions: string[], pointer: Pointer): Promise<void> {
    const keep = new Set([...versions.slice(-this.maxVersions), ...pointer.history]);
    for (const version of versions) if (!keep.has(version)) await fs.rm(this.fileOf(version), { force: true });
  }
}
