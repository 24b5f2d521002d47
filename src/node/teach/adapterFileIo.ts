import { readFile } from 'node:fs/promises';
import type { RouterAdapter } from '../../common/teach/adapter';
import { AdapterFileError, decodeAdapterFile, encodeAdapterFile, type AdapterMetadata } from '../../common/teach/adapterFile';
import { writeFileAtomic } from '../decisions/atomicFile';

/** Reads one adapter file (from `coe teach --out` or an export); errors name the file. */
export async function readAdapterFile(file: string): Promise<{ adapter: RouterAdapter; metadata: AdapterMetadata }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AdapterFileError(`cannot read the router adapter ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return decodeAdapterFile(text);
  } catch (error) {
    if (error instanceof AdapterFileError) throw new AdapterFileError(`${file}: ${error.message}`);
    throw error;
  }
}

export async function writeAdapterFile(file: string, adapter: RouterAdapter, metadata: AdapterMetadata): Promise<void> {
  await writeFileAtomic(file, encodeAdapterFile(adapter, metadata));
}
