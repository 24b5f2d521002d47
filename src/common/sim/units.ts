/** Byte and parameter-count units. Vendors quote HBM and host memory in decimal GB; DDR DIMMs in binary. */
export const KB = 1e3;
export const MB = 1e6;
export const GB = 1e9;
export const TB = 1e12;
export const MiB = 2 ** 20;
export const GiB = 2 ** 30;
export const TiB = 2 ** 40;

/** Bytes per weight for the precisions a deployment might store experts in. */
export const DTYPE_BYTES = { fp32: 4, bf16: 2, fp16: 2, fp8: 1, int8: 1, int4: 0.5 } as const;
export type Dtype = keyof typeof DTYPE_BYTES;
export const DTYPES = Object.keys(DTYPE_BYTES) as Dtype[];

export function isDtype(value: string): value is Dtype {
  return Object.prototype.hasOwnProperty.call(DTYPE_BYTES, value);
}

const PARAM_SUFFIX: Readonly<Record<string, number>> = { '': 1, k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };
const PARAM_PATTERN = /^([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([kmbgt]?)$/i;

/**
 * Reads a parameter count written the way people write them: `7e9`, `7B`, `70.6B`, `350M`,
 * `1.2T`, `7000000000`, `7_000_000_000`. Returns undefined for anything else (including ≤ 0).
 */
export function parseParamCount(text: string): number | undefined {
  const match = PARAM_PATTERN.exec(text.trim().replace(/_/g, ''));
  if (!match) return undefined;
  const value = Number(match[1]) * (PARAM_SUFFIX[match[2].toLowerCase()] ?? Number.NaN);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function trimNumber(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

/** `70600000000` → `70.6B`; keeps three significant-ish digits, which is all a reader needs. */
export function formatParams(count: number): string {
  const abs = Math.abs(count);
  if (abs >= 1e12) return `${trimNumber(count / 1e12, 2)}T`;
  if (abs >= 1e9) return `${trimNumber(count / 1e9, abs >= 1e11 ? 0 : abs >= 1e10 ? 1 : 2)}B`;
  if (abs >= 1e6) return `${trimNumber(count / 1e6, 1)}M`;
  if (abs >= 1e3) return `${trimNumber(count / 1e3, 1)}k`;
  return trimNumber(count, 0);
}

/** Decimal units, matching how the paper and vendor datasheets quote sizes. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= TB) return `${trimNumber(bytes / TB, 2)} TB`;
  if (abs >= GB) return `${trimNumber(bytes / GB, 1)} GB`;
  if (abs >= MB) return `${trimNumber(bytes / MB, 1)} MB`;
  if (abs >= KB) return `${trimNumber(bytes / KB, 1)} kB`;
  return `${trimNumber(bytes, 0)} B`;
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${trimNumber(ms / 1000, 1)} s`;
  if (ms >= 100) return `${trimNumber(ms, 0)} ms`;
  return `${trimNumber(ms, 2)} ms`;
}
