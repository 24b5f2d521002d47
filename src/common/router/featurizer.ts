import type { TokenAttribution } from '../routing/decision';
import type { RouterBundle } from './bundle';
import { checkFeaturizerCompatibilityAgainst } from './featurizerCompatibility';
import { NAMESPACE_BIGRAM, NAMESPACE_CHAR, NAMESPACE_WORD, combine, fnvStep, hashToken, normalizeCode } from './featureHash';
import { isWordCode, tokenize } from './tokenize';

/**
 * Text → hashed sparse features for the additive router. Deterministic and pure, shared by training and
 * inference. Features: word unigrams, word bigrams (within the kept tokens) and character n-grams of
 * words with boundary marks, all lower-cased with digits folded to 0, hashed into `buckets`. Values are
 * sublinear counts scaled per kind and L2-normalised over the prompt, so prompt length barely moves the
 * logits. Very long prompts keep their first `headTokens` and last `maxTokens - headTokens` tokens.
 */
export const FEATURIZER_NAME = 'hashed-ngrams';
export const FEATURIZER_VERSION = 1;
export { FeaturizerMismatchError } from './featurizerCompatibility';

export interface FeaturizerOptions {
  /** Hash space size; a power of two. */
  buckets: number;
  maxTokens: number;
  headTokens: number;
  charNgramMin: number;
  charNgramMax: number;
  /** Character n-grams are taken from at most this many leading characters of a word (ids, base64). */
  charNgramWordLimit: number;
  wordWeight: number;
  bigramWeight: number;
  charWeight: number;
}

export const DEFAULT_FEATURIZER_OPTIONS: Readonly<FeaturizerOptions> = Object.freeze({
  buckets: 1 << 17,
  maxTokens: 512,
  headTokens: 384,
  charNgramMin: 3,
  charNgramMax: 5,
  charNgramWordLimit: 24,
  wordWeight: 1,
  bigramWeight: 1,
  charWeight: 0.5,
});

export interface FeatureToken {
  text: string;
  start: number;
  end: number;
}

export interface Features {
  /** Hash bucket of each distinct feature (one entry per bucket). */
  ids: Int32Array;
  /** Weight of each feature, aligned with ids. */
  values: Float32Array;
  /** The prompt the features came from (token offsets index it). */
  text: string;
  /** The kept tokens, in text order: token t is text.slice(tokenStarts[t], tokenEnds[t]) (see featureTokens). */
  tokenStarts: Int32Array;
  tokenEnds: Int32Array;
  /** CSR map feature → tokens: feature f came from tokens featureTokenIndices[offsets[f] .. offsets[f+1]). */
  featureTokenOffsets: Int32Array;
  featureTokenIndices: Int32Array;
  /** Tokens in the prompt before truncation. */
  totalTokens: number;
}

function grow<T extends Int32Array | Float64Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const grown = new (array.constructor as new (n: number) => T)(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * Scratch state reused across calls (featurize is synchronous): typed arrays only, so a 512-token prompt
 * allocates almost nothing and the garbage collector stays out of the latency tail.
 */
class Accumulator {
  readonly slotOfBucket: Int32Array;
  buckets = new Int32Array(1024);
  counts = new Float64Array(1024);
  weightSums = new Float64Array(1024);
  featureCount = 0;
  occurrenceFeature = new Int32Array(4096);
  occurrenceToken = new Int32Array(4096);
  occurrenceCount = 0;
  constructor(bucketCount: number) {
    this.slotOfBucket = new Int32Array(bucketCount).fill(-1);
  }
  reset(): void {
    for (let f = 0; f < this.featureCount; f++) this.slotOfBucket[this.buckets[f]] = -1;
    this.featureCount = 0;
    this.occurrenceCount = 0;
  }
  add(bucket: number, weight: number, token: number, secondToken = -1): void {
    let slot = this.slotOfBucket[bucket];
    if (slot < 0) {
      slot = this.featureCount++;
      if (slot === this.buckets.length) {
        this.buckets = grow(this.buckets, slot + 1);
        this.counts = grow(this.counts, slot + 1);
        this.weightSums = grow(this.weightSums, slot + 1);
      }
      this.slotOfBucket[bucket] = slot;
      this.buckets[slot] = bucket;
      this.counts[slot] = 0;
      this.weightSums[slot] = 0;
    }
    this.counts[slot] += 1;
    this.weightSums[slot] += weight;
    this.pushOccurrence(slot, token);
    if (secondToken >= 0) this.pushOccurrence(slot, secondToken);
  }
  private pushOccurrence(slot: number, token: number): void {
    const k = this.occurrenceCount++;
    if (k === this.occurrenceFeature.length) {
      this.occurrenceFeature = grow(this.occurrenceFeature, k + 1);
      this.occurrenceToken = grow(this.occurrenceToken, k + 1);
    }
    this.occurrenceFeature[k] = slot;
    this.occurrenceToken[k] = token;
  }
}

let scratch: Accumulator | undefined;

function accumulatorFor(buckets: number): Accumulator {
  if (!scratch || scratch.slotOfBucket.length !== buckets) scratch = new Accumulator(buckets);
  scratch.reset();
  return scratch;
}

const wordCodes = new Int32Array(64);

/**
 * Character n-gram buckets per word, memoised: words recur within and across prompts (function words,
 * identifiers), and hashing their n-grams is most of the featurizer's work. An entry — [code count, codes…,
 * n-gram count, buckets…] in one growing arena — is found through a hash of the word's normalised, framed
 * code units and used only if those code units match, so the result is always the one computed afresh; no
 * string or typed array is allocated per word. Bounded, and cleared when the options change.
 */
const ngramEntries = new Map<number, number>();
let ngramArena = new Int32Array(1 << 15);
let ngramArenaUsed = 0;
const NGRAM_CACHE_WORDS = 16_384;
let ngramCacheOptions: FeaturizerOptions | undefined;

/** Forgets every memoised word (benchmarks use it to measure prompts made only of unseen words). */
export function clearCharNgramCache(): void {
  ngramEntries.clear();
  ngramArenaUsed = 0;
}

function sameCodes(at: number, framed: number): boolean {
  if (ngramArena[at] !== framed) return false;
  for (let i = 0; i < framed; i++) if (ngramArena[at + 1 + i] !== wordCodes[i]) return false;
  return true;
}

/** Arena offset of the word's n-gram count (its buckets follow). */
function charNgramEntry(text: string, start: number, end: number, o: FeaturizerOptions, mask: number): number {
  if (ngramCacheOptions !== o) {
    clearCharNgramCache();
    ngramCacheOptions = o;
  }
  // Normalised code units framed by the boundary marks '<' and '>', computed once per word.
  const length = Math.min(end - start, o.charNgramWordLimit, wordCodes.length - 2);
  wordCodes[0] = 0x3c;
  let key = fnvStep(0x811c9dc5, 0x3c);
  for (let i = 0; i < length; i++) {
    wordCodes[i + 1] = normalizeCode(text, start + i);
    key = fnvStep(key, wordCodes[i + 1]);
  }
  wordCodes[length + 1] = 0x3e;
  const framed = length + 2;
  key &= 0x3fffffff;
  const found = ngramEntries.get(key);
  if (found !== undefined && sameCodes(found, framed)) return found + 1 + framed;
  const { charNgramMin: min, charNgramMax: max } = o;
  if (ngramEntries.size >= NGRAM_CACHE_WORDS) clearCharNgramCache();
  const needed = ngramArenaUsed + 2 + framed * (max - min + 2);
  if (needed > ngramArena.length) ngramArena = grow(ngramArena, needed);
  const at = ngramArenaUsed;
  ngramArena[at] = framed;
  ngramArena.set(wordCodes.subarray(0, framed), at + 1);
  const countAt = at + 1 + framed;
  let count = 0;
  for (let p = 0; p + min <= framed; p++) {
    let h = 0x811c9dc5;
    const last = Math.min(framed, p + max);
    for (let q = p; q < last; q++) {
      h = fnvStep(h, wordCodes[q]);
      const n = q - p + 1;
      if (n >= min) ngramArena[countAt + 1 + count++] = combine(NAMESPACE_CHAR, h, n) & mask;
    }
  }
  ngramArena[countAt] = count;
  ngramArenaUsed = countAt + 1 + count;
  // A hash collision replaces the older word's entry (its arena space is reclaimed at the next clear).
  ngramEntries.set(key, at);
  return countAt;
}

function addCharNgrams(acc: Accumulator, text: string, start: number, end: number, token: number, o: FeaturizerOptions, mask: number): void {
  const countAt = charNgramEntry(text, start, end, o, mask);
  const arena = ngramArena;
  const last = countAt + 1 + arena[countAt];
  const weight = o.charWeight;
  for (let k = countAt + 1; k < last; k++) acc.add(arena[k], weight, token);
}

export function featurize(text: string, options: FeaturizerOptions = DEFAULT_FEATURIZER_OPTIONS): Features {
  const o = options;
  const mask = o.buckets - 1;
  const spans = tokenize(text, o.maxTokens, o.headTokens);
  const acc = accumulatorFor(o.buckets);
  const headKept = spans.totalTokens > spans.count ? o.headTokens : spans.count;
  let previousHash = 0;
  for (let t = 0; t < spans.count; t++) {
    const start = spans.starts[t];
    const end = spans.ends[t];
    const tokenHash = hashToken(text, start, end);
    acc.add(combine(NAMESPACE_WORD, tokenHash) & mask, o.wordWeight, t);
    // No bigram across the truncation gap: those two tokens were never next to each other.
    if (t > 0 && t !== headKept && o.bigramWeight > 0) {
      acc.add(combine(NAMESPACE_BIGRAM, previousHash, tokenHash) & mask, o.bigramWeight, t - 1, t);
    }
    previousHash = tokenHash;
    if (o.charWeight > 0 && end - start >= 2 && isWordCode(text.charCodeAt(start), text, start)) {
      addCharNgrams(acc, text, start, end, t, o, mask);
    }
  }
  const n = acc.featureCount;
  const ids = acc.buckets.slice(0, n);
  const values = new Float32Array(n);
  let sumSquares = 0;
  for (let f = 0; f < n; f++) {
    const count = acc.counts[f];
    const v = (acc.weightSums[f] / count) * (1 + Math.log(count));
    values[f] = v;
    sumSquares += v * v;
  }
  const norm = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
  for (let f = 0; f < n; f++) values[f] *= norm;
  const occurrences = acc.occurrenceCount;
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < occurrences; k++) offsets[acc.occurrenceFeature[k] + 1]++;
  for (let f = 0; f < n; f++) offsets[f + 1] += offsets[f];
  const cursor = offsets.slice(0, n);
  const indices = new Int32Array(occurrences);
  for (let k = 0; k < occurrences; k++) indices[cursor[acc.occurrenceFeature[k]]++] = acc.occurrenceToken[k];
  const tokenStarts = spans.starts.slice(0, spans.count);
  const tokenEnds = spans.ends.slice(0, spans.count);
  return { ids, values, text, tokenStarts, tokenEnds, featureTokenOffsets: offsets, featureTokenIndices: indices, totalTokens: spans.totalTokens };
}

/**
 * Spreads each feature's contribution evenly over the token occurrences it came from, so the token weights
 * add up to the sum of the feature contributions (the logit minus the bias) up to float rounding.
 */
export function attributeTokens(features: Features, contributionPerFeature: ArrayLike<number>): TokenAttribution[] {
  const n = features.ids.length;
  if (contributionPerFeature.length !== n) {
    throw new Error(`attributeTokens: got ${contributionPerFeature.length} contributions for ${n} features`);
  }
  const weights = new Float64Array(features.tokenStarts.length);
  const { featureTokenOffsets: offsets, featureTokenIndices: indices } = features;
  for (let f = 0; f < n; f++) {
    const from = offsets[f];
    const to = offsets[f + 1];
    const share = contributionPerFeature[f] / (to - from);
    for (let k = from; k < to; k++) weights[indices[k]] += share;
  }
  const { text, tokenStarts: starts, tokenEnds: ends } = features;
  return Array.from(weights, (weight, t) => ({ token: text.slice(starts[t], ends[t]), weight, start: starts[t], end: ends[t] }));
}

/** The kept tokens with their text and offsets. */
export function featureTokens(features: Features): FeatureToken[] {
  const { text, tokenStarts: starts, tokenEnds: ends } = features;
  return Array.from(starts, (start, t) => ({ text: text.slice(start, ends[t]), start, end: ends[t] }));
}

/** Throws FeaturizerMismatchError unless the bundle was built for this featurizer; returns its options. */
export function checkFeaturizerCompatibility(featurizer: RouterBundle['featurizer']): FeaturizerOptions {
  return checkFeaturizerCompatibilityAgainst(featurizer, {
    name: FEATURIZER_NAME,
    version: FEATURIZER_VERSION,
    defaults: DEFAULT_FEATURIZER_OPTIONS,
  });
}

/** The `featurizer` block of a bundle trained with these options. */
export function featurizerDescriptor(options: FeaturizerOptions = DEFAULT_FEATURIZER_OPTIONS): RouterBundle['featurizer'] {
  return { name: FEATURIZER_NAME, version: FEATURIZER_VERSION, options: { ...options } };
}
