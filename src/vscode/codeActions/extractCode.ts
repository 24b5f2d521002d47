// Pure helpers for code actions (no `vscode`), unit-tested in Node.

export type CodeActionIntent = 'explain' | 'fix' | 'document' | 'tests';

/**
 * The code of an answer: the longest fenced block (models often add a short usage example), or
 * the whole answer when it has no fence.
 */
export function extractCode(answer: string): string {
  const fence = /^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm;
  let best: string | undefined;
  for (const match of answer.matchAll(fence)) {
    if (best === undefined || match[2].length > best.length) best = match[2];
  }
  return (best ?? answer).replace(/\n$/, '');
}

/** Keeps the selection's trailing newline so replacing it does not join two lines. */
export function preserveTrailingNewline(original: string, replacement: string): string {
  return original.endsWith('\n') && !replacement.endsWith('\n') ? `${replacement}\n` : replacement;
}

const ONE_BLOCK = 'Answer with a single fenced code block and nothing else.';

/** The instruction sent with the selection for each action; the selection itself is an attachment. */
export function instructionFor(intent: CodeActionIntent, language: string): string {
  switch (intent) {
    case 'explain':
      return `Explain what the attached ${language} code does, step by step, and point out anything surprising.`;
    case 'fix':
      return `Fix the bugs in the attached ${language} code. Keep its style and behaviour otherwise. Return the complete corrected code. ${ONE_BLOCK}`;
    case 'document':
      return `Add idiomatic documentation comments to the attached ${language} code without changing its behaviour. Return the complete code with the comments. ${ONE_BLOCK}`;
    case 'tests':
      return `Write unit tests for the attached ${language} code, using the usual test framework for ${language}. Return only the test code. ${ONE_BLOCK}`;
  }
}
