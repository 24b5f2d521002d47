// The answer both render tests stream: prose, lists and code, like a long real answer.
export const TOKENS_PER_SECOND = 2000;
export const TOTAL_TOKENS = 6000;

/** A long, mixed answer (prose, lists, code) cut into ~4-character tokens. */
export function answerTokens(): string[] {
  const section = (i: number) => `## Part ${i}\n\nThe router picks an **expert** for each prompt; here is paragraph ${i} with \`inline code\` and a [link](https://example.com).\n\n- first point ${i}\n- second point ${i}\n\n\`\`\`ts\nexport function part${i}(values: number[]): number {\n  let total = 0;\n  for (const v of values) total += v * ${i};\n  return total;\n}\n\`\`\`\n\n`;
  let text = '';
  for (let i = 0; text.length < TOTAL_TOKENS * 4; i += 1) text += section(i);
  return text.slice(0, TOTAL_TOKENS * 4).match(/[\s\S]{1,4}/g) ?? [];
}

