import { z } from 'zod';
import { AdapterMismatchError, checkAdapterShape, type RouterAdapter } from './adapter';

/**
 * One adapter as a self-contained JSON file: hashed-bucket weights and metadata only, never prompt text,
 * so a team can share its router's lessons without sharing its prompts. Arrays are little-endian base64.
 */
export const ADAPTER_FILE_FORMAT = 'coe-router-adapter';
export const ADAPTER_FILE_VERSION = 1;

const FiguresSchema = z.object({
  n: z.number().int().nonnegative(),
  accuracyBefore: z.number(),
  accuracyAfter: z.number(),
  macroF1Before: z.number(),
  macroF1After: z.number(),
});

export const AdapterMetadataSchema = z.object({
  createdAt: z.string(),
  /** Counts only: how many corrections it learned from, and what the gate measured. */
  corrections: z.number().int().nonnegative(),
  heldBack: FiguresSchema.optional(),
  canary: FiguresSchema.optional(),
  note: z.string().max(500).optional(),
});
export type AdapterMetadata = z.infer<typeof AdapterMetadataSchema>;

const AdapterFileSchema = z.object({
  format: z.literal(ADAPTER_FILE_FORMAT),
  formatVersion: z.literal(ADAPTER_FILE_VERSION),
  base: z.object({
    sha256: z.string().nullable(),
    featurizerName: z.string(),
    featurizerVersion: z.number().int().positive(),
    buckets: z.number().int().positive(),
    categories: z.array(z.string()).min(2),
  }),
  classes: z.number().int().positive(),
  ids: z.string(),
  weights: z.string(),
  bias: z.array(z.number()),
  metadata: AdapterMetadataSchema,
});

export class AdapterFileError extends Error {
  override readonly name = 'AdapterFileError';
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function littleEndianBytes(array: Int32Array | Float32Array): Uint8Array {
  const bytes = new Uint8Array(array.length * 4);
  const view = new DataView(bytes.buffer);
  array.forEach((x, i) => (array instanceof Int32Array ? view.setInt32(i * 4, x, true) : view.setFloat32(i * 4, x, true)));
  return bytes;
}

function readArray<T extends Int32Array | Float32Array>(text: string, make: (n: number) => T, what: string): T {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(text);
  } catch {
    throw new AdapterFileError(`the adapter file's ${what} are not valid base64`);
  }
  if (bytes.length % 4 !== 0) throw new AdapterFileError(`the adapter file's ${what} are truncated`);
  const out = make(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = out instanceof Int32Array ? view.getInt32(i * 4, true) : view.getFloat32(i * 4, true);
  return out;
}

export function encodeAdapterFile(adapter: RouterAdapter, metadata: AdapterMetadata): string {
  checkAdapterShape(adapter);
  const file: z.infer<typeof AdapterFileSchema> = {
    format: ADAPTER_FILE_FORMAT,
    formatVersion: ADAPTER_FILE_VERSION,
    base: adapter.base,
    classes: adapter.classes,
    ids: toBase64(littleEndianBytes(adapter.ids)),
    weights: toBase64(littleEndianBytes(adapter.weights)),
    bias: Array.from(adapter.bias),
    metadata: AdapterMetadataSchema.parse(metadata),
  };
  return `${JSON.stringify(file)}\n`;
}

/** Parses and checks an adapter file; throws AdapterFileError saying what is wrong. */
export function decodeAdapterFile(text: string): { adapter: RouterAdapter; metadata: AdapterMetadata } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AdapterFileError('this is not an adapter file (not JSON); export one with "CoE: Export Router Adapter" or `coe teach --out`');
  }
  const parsed = AdapterFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AdapterFileError(`this is not a CoE router adapter file (${issue.path.join('.') || 'file'}: ${issue.message})`);
  }
  const f = parsed.data;
  const adapter: RouterAdapter = {
    ids: readArray(f.ids, (n) => new Int32Array(n), 'bucket ids'),
    weights: readArray(f.weights, (n) => new Float32Array(n), 'weights'),
    bias: Float32Array.from(f.bias),
    classes: f.classes,
    base: f.base,
  };
  try {
    checkAdapterShape(adapter);
  } catch (error) {
    if (error instanceof AdapterMismatchError) throw new AdapterFileError(`the adapter file is damaged: ${error.message}`);
    throw error;
  }
  return { adapter, metadata: f.metadata };
}
