/**
 * Tokeniser shared by training and inference. A token is a run of letters, digits and underscores, or a
 * single other non-space character (so `{`, `$`, `=` and `\` are tokens of their own: they matter for
 * telling code and maths apart). Offsets index the original string (UTF-16 code units).
 */
export interface TokenSpans {
  /** starts[i] / ends[i]: token i is text.slice(starts[i], ends[i]). */
  starts: Int32Array;
  ends: Int32Array;
  count: number;
  /** Tokens in the original text before truncation. */
  totalTokens: number;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

export function isWordCode(code: number, text: string, index: number): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
  }
  // Surrogate halves: letters outside the BMP (rare scripts, emoji) stay inside a word run.
  if (code >= 0xd800 && code <= 0xdfff) return true;
  return WORD_CHAR.test(text[index]);
}

function isSpaceCode(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b);
}

/**
 * Splits `text` into tokens, keeping at most `maxTokens`: the first `headTokens` and the last
 * `maxTokens - headTokens` (instructions tend to sit at the start and the question at the end).
 */
export function tokenize(text: string, maxTokens: number, headTokens: number): TokenSpans {
  let capacity = 64;
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let count = 0;
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (isSpaceCode(code)) {
      i++;
      continue;
    }
    let end = i + 1;
    if (isWordCode(code, text, i)) {
      while (end < length && isWordCode(text.charCodeAt(end), text, end)) end++;
    }
    if (count === capacity) {
      capacity *= 2;
      const grownStarts = new Int32Array(capacity);
      grownStarts.set(starts);
      starts = grownStarts;
      const grownEnds = new Int32Array(capacity);
      grownEnds.set(ends);
      ends = grownEnds;
    }
    starts[count] = i;
    ends[count] = end;
    count++;
    i = end;
  }
  if (count <= maxTokens) return { starts, ends, count, totalTokens: count };
  const tail = maxTokens - headTokens;
  const keptStarts = new Int32Array(maxTokens);
  const keptEnds = new Int32Array(maxTokens);
  keptStarts.set(starts.subarray(0, headTokens));
  keptEnds.set(ends.subarray(0, headTokens));
  keptStarts.set(starts.subarray(count - tail, count), headTokens);
  keptEnds.set(ends.subarray(count - tail, count), headTokens);
  return { starts: keptStarts, ends: keptEnds, count: maxTokens, totalTokens: count };
}
