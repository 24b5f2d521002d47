/**
 * A deliberately conservative token estimate that needs no tokenizer: experts use different
 * vocabularies, and over-estimating only trims a little early while under-estimating makes the
 * server reject the request. ASCII averages ~3.5 characters per token across prose and code;
 * other characters (CJK, emoji, accents) are counted as a token each.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 128) ascii += 1;
    else other += 1;
  }
  return Math.ceil(ascii / 3.5) + other;
}

/** Chat templates wrap every message in role markers; this is their typical cost. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

export function estimateMessageTokens(content: string): number {
  return estimateTokens(content) + MESSAGE_OVERHEAD_TOKENS;
}

/** The longest head of `text`, cut at a line break when possible, whose estimate fits `maxTokens`. */
export function headWithinTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (estimateTokens(text.slice(0, mid)) <= maxTokens) low = mid;
    else high = mid - 1;
  }
  const head = text.slice(0, backOffSurrogate(text, low));
  const lastBreak = head.lastIndexOf('\n');
  return lastBreak > head.length / 2 ? head.slice(0, lastBreak + 1) : head;
}

/** The longest tail of `text` whose estimate fits `maxTokens`. */
export function tailWithinTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (estimateTokens(text.slice(text.length - mid)) <= maxTokens) low = mid;
    else high = mid - 1;
  }
  const start = text.length - low;
  return text.slice(isLowSurrogate(text, start) ? start + 1 : start);
}

function isLowSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Never cut a surrogate pair in half: the expert would receive an invalid character. */
function backOffSurrogate(text: string, end: number): number {
  return end > 0 && isLowSurrogate(text, end) ? end - 1 : end;
}
