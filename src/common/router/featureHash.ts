/** Seeds that keep the hash spaces of the feature kinds apart. */
export const NAMESPACE_WORD = 0x1b873593;
export const NAMESPACE_BIGRAM = 0x5bd1e995;
export const NAMESPACE_CHAR = 0x2545f491;

const FNV_PRIME = 0x01000193;

/** murmur3's finaliser: spreads the bits of a 32-bit hash so that a power-of-two mask keeps them uniform. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One FNV-1a step over a UTF-16 code unit. */
export function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

/**
 * Normalised code unit used in every hash: ASCII lower case, every digit becomes 0 (numbers carry
 * little meaning for routing and would otherwise scatter over thousands of rare features).
 */
export function normalizeCode(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 128) {
    if (code >= 65 && code <= 90) return code + 32;
    if (code >= 49 && code <= 57) return 48;
    return code;
  }
  if (code >= 0xd800 && code <= 0xdfff) return code;
  const lower = text[index].toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : code;
}

/** Hash of the normalised text of one token. */
export function hashToken(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = fnvStep(h, normalizeCode(text, i));
  return h >>> 0;
}

export function combine(namespace: number, a: number, b = 0): number {
  return mix32((Math.imul(a ^ namespace, 0x27d4eb2d) + Math.imul(b, 0x165667b1) + namespace) | 0);
}
