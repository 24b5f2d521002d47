import type { CategoryInfo, Domain } from '../../src/common/categories';

/**
 * The fine categories the training data supports, in model output order. Each source `fine_label` maps to
 * one of them; a fine label that disagrees with the row's coarse label falls back to that domain's default.
 */
export const ROUTER_CATEGORIES: CategoryInfo[] = [
  { id: 'coding', displayName: 'Coding', description: 'Write or complete code: functions, scripts, classes, algorithms.', domain: 'code' },
  { id: 'debugging', displayName: 'Debugging', description: 'Find and fix a bug or an error in given code.', domain: 'code' },
  { id: 'code_explanation', displayName: 'Code explanation', description: 'Explain what a piece of code does or how a programming concept works.', domain: 'code' },
  { id: 'shell_devops', displayName: 'Shell & DevOps', description: 'Shell commands, git, regular expressions, build, deployment and system administration.', domain: 'code' },
  { id: 'sql', displayName: 'SQL & databases', description: 'Write or fix database queries and schemas.', domain: 'code' },
  { id: 'math_word_problem', displayName: 'Word problems', description: 'Arithmetic and everyday quantitative problems stated in words.', domain: 'math' },
  { id: 'advanced_math', displayName: 'Advanced math', description: 'Algebra, calculus, proofs, statistics and competition mathematics.', domain: 'math' },
  { id: 'writing', displayName: 'Writing', description: 'Compose new text: essays, stories, emails, posts, ideas.', domain: 'general' },
  { id: 'text_editing', displayName: 'Rewrite & extract', description: 'Rewrite, summarise, translate, classify or extract from given text.', domain: 'general' },
  { id: 'knowledge', displayName: 'Knowledge & explanation', description: 'Factual questions and explanations of how or why something is.', domain: 'general' },
  { id: 'advice', displayName: 'Advice & planning', description: 'Recommendations, opinions, plans and personal advice.', domain: 'general' },
  { id: 'roleplay', displayName: 'Roleplay', description: 'Act as a character or persona and stay in role.', domain: 'general' },
  { id: 'chit_chat', displayName: 'Chit-chat', description: 'Small talk, greetings and assistant-style requests.', domain: 'general' },
];

const FINE_LABEL_TO_CATEGORY: Record<string, string> = {
  coding: 'coding',
  competitive_programming: 'coding',
  debugging: 'debugging',
  code_explanation: 'code_explanation',
  shell: 'shell_devops',
  devops: 'shell_devops',
  git: 'shell_devops',
  regex: 'shell_devops',
  sql: 'sql',
  math_word_problem: 'math_word_problem',
  arithmetic: 'math_word_problem',
  unit_conversion: 'math_word_problem',
  competition_math: 'advanced_math',
  math: 'advanced_math',
  proof: 'advanced_math',
  calculus: 'advanced_math',
  statistics: 'advanced_math',
  writing: 'writing',
  brainstorming: 'writing',
  rewriting: 'text_editing',
  summarization: 'text_editing',
  extraction: 'text_editing',
  classification: 'text_editing',
  translation: 'text_editing',
  knowledge: 'knowledge',
  explanation: 'knowledge',
  humanities: 'knowledge',
  social_science: 'knowledge',
  other_knowledge: 'knowledge',
  stem: 'knowledge',
  reasoning: 'knowledge',
  safety: 'knowledge',
  other: 'knowledge',
  advice: 'advice',
  recommendation: 'advice',
  planning: 'advice',
  opinion: 'advice',
  roleplay: 'roleplay',
  chit_chat: 'chit_chat',
};

const DOMAIN_DEFAULT: Record<Domain, string> = { code: 'coding', math: 'advanced_math', general: 'knowledge' };

export function categoryFor(fineLabel: string | null | undefined, domain: Domain): string {
  const mapped = fineLabel ? FINE_LABEL_TO_CATEGORY[fineLabel] : undefined;
  const mappedDomain = ROUTER_CATEGORIES.find((c) => c.id === mapped)?.domain;
  return mapped && mappedDomain === domain ? mapped : DOMAIN_DEFAULT[domain];
}

export function categoryIndex(id: string): number {
  const index = ROUTER_CATEGORIES.findIndex((c) => c.id === id);
  if (index < 0) throw new Error(`unknown category ${id}`);
  return index;
}
