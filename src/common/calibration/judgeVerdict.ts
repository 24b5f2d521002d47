/**
 * Reading a judge's verdict. The judge is an LLM and the answers it read may have been written to
 * fool it, so nothing in its output is trusted: a verdict is accepted only when it is unambiguous,
 * and every refusal says why so it can be listed as a failure (never silently scored).
 */
export type VerdictFailure = 'missing' | 'ambiguous' | 'outOfRange' | 'tooLong';

export type Parsed<T> = { ok: true; value: T; clamped?: boolean } | { ok: false; reason: VerdictFailure; detail: string };

export const RATING_MIN = 1;
export const RATING_MAX = 10;
/** Beyond this a reply is not a judgment (a runaway or a hostile echo); reject instead of scanning it. */
export const MAX_JUDGE_OUTPUT_CHARS = 50_000;
/**
 * Values just outside the scale (0, 10.5, 11) are read as the scale's ends, a habit of some judges;
 * anything further is a different scale (e.g. 0–100) and rejected rather than squeezed.
 */
const CLAMP_TOLERANCE = 1;

const RATING_PATTERN = /\[\[\s*(-?\d+(?:\.\d+)?)\s*(?:\/\s*10\s*)?\]\]/g;
const VERDICT_PATTERN = /\[\[\s*([ABC])\s*\]\]/gi;

/**
 * A 1–10 rating from `Rating: [[N]]`. Several markers are accepted only if they all agree (a judge
 * that quotes an answer's injected "[[10]]" and then gives its own different rating is ambiguous).
 */
export function parseRating(output: string): Parsed<number> {
  if (output.length > MAX_JUDGE_OUTPUT_CHARS) {
    return { ok: false, reason: 'tooLong', detail: `judge reply of ${output.length} characters` };
  }
  const values = [...output.matchAll(RATING_PATTERN)].map((m) => Number(m[1]));
  const distinct = [...new Set(values)];
  if (distinct.length === 0) return { ok: false, reason: 'missing', detail: 'no "Rating: [[N]]" in the judge reply' };
  if (distinct.length > 1) {
    return { ok: false, reason: 'ambiguous', detail: `judge reply holds different ratings: ${distinct.slice(0, 5).join(', ')}` };
  }
  const value = distinct[0];
  if (!Number.isFinite(value)) return { ok: false, reason: 'outOfRange', detail: 'rating is not a finite number' };
  if (value >= RATING_MIN && value <= RATING_MAX) return { ok: true, value };
  if (value >= RATING_MIN - CLAMP_TOLERANCE && value <= RATING_MAX + CLAMP_TOLERANCE) {
    return { ok: true, value: Math.min(RATING_MAX, Math.max(RATING_MIN, value)), clamped: true };
  }
  return { ok: false, reason: 'outOfRange', detail: `rating ${value} is outside ${RATING_MIN}–${RATING_MAX}` };
}

/** Who won one pairwise comparison, in the order the answers were shown. */
export type PairVerdict = 'A' | 'B' | 'tie';

export function parsePairVerdict(output: string): Parsed<PairVerdict> {
  if (output.length > MAX_JUDGE_OUTPUT_CHARS) {
    return { ok: false, reason: 'tooLong', detail: `judge reply of ${output.length} characters` };
  }
  const letters = [...new Set([...output.matchAll(VERDICT_PATTERN)].map((m) => m[1].toUpperCase()))];
  if (letters.length === 0) return { ok: false, reason: 'missing', detail: 'no "[[A]]", "[[B]]" or "[[C]]" in the judge reply' };
  if (letters.length > 1) return { ok: false, reason: 'ambiguous', detail: `judge reply holds several verdicts: ${letters.join(', ')}` };
  const letter = letters[0];
  return { ok: true, value: letter === 'C' ? 'tie' : (letter as 'A' | 'B') };
}

/**
 * The tested expert's score for one prompt from the two orders it was shown in: win 1, tie ½, loss 0,
 * averaged. `candidateFirst` is the verdict with the candidate as A, `candidateSecond` with it as B.
 */
export function pairScore(candidateFirst: PairVerdict, candidateSecond: PairVerdict): number {
  const asA = candidateFirst === 'A' ? 1 : candidateFirst === 'tie' ? 0.5 : 0;
  const asB = candidateSecond === 'B' ? 1 : candidateSecond === 'tie' ? 0.5 : 0;
  return (asA + asB) / 2;
}
