import { seededRandom } from '../../src/common/router/train/random';
import type { PreparedRow } from './prepare';
import {
  ADVICE_TEMPLATES,
  CHAT_PREFIXES,
  CHAT_SUFFIXES,
  CODE_CHAT_LANGUAGES,
  CODE_CHAT_TASKS,
  CODE_CHAT_TEMPLATES,
  CONTEST_FRAMES,
  CODE_PERSONAS,
  CODE_WRAPPERS,
  MATH_PERSONAS,
  CONCEPTS,
  EDIT_TEMPLATES,
  EXPLAIN_TEMPLATES,
  GOALS,
  IDIOMS,
  OPENERS,
  STYLES,
  TOPICS,
  WRITING_GENRES,
} from './syntheticVocabulary';

export const SYNTHETIC_SOURCE = 'synthetic_chat_templates';

export interface SyntheticCounts {
  writing: number;
  advice: number;
  textEditing: number;
  knowledge: number;
}

export const DEFAULT_SYNTHETIC_COUNTS: SyntheticCounts = { writing: 900, advice: 300, textEditing: 300, knowledge: 300 };

/**
 * Template prompts in the chat register ("Write a product description for a spa business"): the public
 * sources teach that "write/create/generate" mostly means code, which is exactly the error the product
 * must not make. Deterministic; passages for rewrite/summarise prompts come from general training rows.
 */
export function syntheticChatRows(generalPassages: readonly string[], counts: SyntheticCounts, seed: number, weight: number): PreparedRow[] {
  const random = seededRandom(seed ^ 0x5eed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const rows: PreparedRow[] = [];
  const seen = new Set<string>();
  const add = (text: string, category: string) => {
    if (seen.has(text)) return;
    seen.add(text);
    rows.push({ text, domain: 'general', category, source: SYNTHETIC_SOURCE, group: `${SYNTHETIC_SOURCE}:${text}`, weight, synthetic: true });
  };
  for (let i = 0; i < counts.writing; i++) {
    const about = random() < 0.5 ? 'about' : 'for';
    add(`${pick(OPENERS)} ${pick(WRITING_GENRES)} ${about} ${pick(TOPICS)}${pick(STYLES)}`, 'writing');
  }
  for (let i = 0; i < counts.advice; i++) add(pick(ADVICE_TEMPLATES).replace('{goal}', pick(GOALS)), 'advice');
  const passages = generalPassages.filter((p) => p.length > 60 && p.length < 600);
  for (let i = 0; i < counts.textEditing && passages.length; i++) add(pick(EDIT_TEMPLATES).replace('{passage}', pick(passages)), 'text_editing');
  for (let i = 0; i < counts.knowledge; i++) {
    const text = pick(EXPLAIN_TEMPLATES).replace('{concept2}', pick(CONCEPTS)).replace('{concept}', pick(CONCEPTS)).replace('{idiom}', pick(IDIOMS));
    add(text, 'knowledge');
  }
  return rows;
}

/**
 * Chat-register copies of technical rows: persona prefixes ("You are a senior engineer. …") on a share of
 * code and maths rows, and pasted code (spare DebugBench bodies) wrapped in explain / fix / refactor asks.
 */
export function technicalChatRows(rows: readonly PreparedRow[], spareCode: readonly PreparedRow[], share: number, wrapped: number, seed: number): PreparedRow[] {
  const random = seededRandom(seed ^ 0xc0de);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const out: PreparedRow[] = [];
  for (const row of rows) {
    if (row.domain === 'general' || random() >= share) continue;
    const persona = row.domain === 'code' ? pick(CODE_PERSONAS) : pick(MATH_PERSONAS);
    // Same source and group as the original, so held-out splits keep the copy out with it.
    out.push({ ...row, text: persona + row.text, synthetic: true });
  }
  for (let i = 0; i < Math.min(wrapped, spareCode.length); i++) {
    const { template, category } = pick(CODE_WRAPPERS);
    const code = spareCode[i];
    out.push({ ...code, text: template.replace('{code}', code.text), category, synthetic: true });
  }
  return out;
}

/**
 * Spare (capped-out, never trained on as themselves) maths word problems inside a programming-contest frame
 * (input / output / constraints), labelled code: the frame, not the maths in the story, makes it a
 * programming task. Each copy keeps its source and group, so held-out splits keep it out with that source.
 */
export function contestFramedRows(spareMath: readonly PreparedRow[], count: number, seed: number): PreparedRow[] {
  const random = seededRandom(seed ^ 0xc0c0);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const out: PreparedRow[] = [];
  for (let i = 0; i < Math.min(count, spareMath.length); i++) {
    const row = spareMath[i];
    out.push({ ...row, text: pick(CONTEST_FRAMES).replace('{story}', row.text), domain: 'code', category: 'coding', weight: 1, synthetic: true });
  }
  return out;
}

/** Copies of a share of real rows with everyday chat framing, so "please help / thanks" never decides a domain. */
export function chatFramedRows(rows: readonly PreparedRow[], share: number, seed: number): PreparedRow[] {
  const random = seededRandom(seed ^ 0xf4a3);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const out: PreparedRow[] = [];
  for (const row of rows) {
    if (random() >= share) continue;
    const r = random();
    const text = r < 0.4 ? pick(CHAT_PREFIXES) + row.text : r < 0.7 ? row.text + pick(CHAT_SUFFIXES) : pick(CHAT_PREFIXES) + row.text + pick(CHAT_SUFFIXES);
    out.push({ ...row, text, synthetic: true });
  }
  return out;
}

/** Template coding requests in the chat register ("How do I upload a file to S3 in Go?"). */
export function codeChatRows(count: number, seed: number): PreparedRow[] {
  const random = seededRandom(seed ^ 0xc0de5);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const seen = new Set<string>();
  const out: PreparedRow[] = [];
  for (let i = 0; i < count * 3 && out.length < count; i++) {
    const text = pick(CODE_CHAT_TEMPLATES).replace('{task}', pick(CODE_CHAT_TASKS)).replace('{lang}', pick(CODE_CHAT_LANGUAGES));
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ text, domain: 'code', category: 'coding', source: SYNTHETIC_SOURCE, group: `${SYNTHETIC_SOURCE}:${text}`, weight: 1, synthetic: true });
  }
  return out;
}
